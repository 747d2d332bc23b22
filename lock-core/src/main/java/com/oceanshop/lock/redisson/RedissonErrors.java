/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package com.oceanshop.lock.redisson;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import org.redisson.RedissonShutdownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;

import com.oceanshop.lock.LockException;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockUnavailableException;

/**
 * Translates Redisson's failures into this project's exceptions: an unreachable Redis
 * becomes a {@link LockUnavailableException} (which the template retries), anything else
 * a {@link LockException}.
 */
final class RedissonErrors {

	private RedissonErrors() {
	}

	/**
	 * Translate a failure of a Redis operation on a lock.
	 * @param key the lock key
	 * @param action what was being done, such as {@code "acquiring"}
	 * @param ex the failure
	 * @return the exception to throw
	 */
	static RuntimeException translate(String key, String action, Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof LockException lockException) {
			return lockException;
		}
		for (Throwable candidate = cause; candidate != null; candidate = candidate.getCause()) {
			if (isUnavailable(candidate)) {
				return new LockUnavailableException(key,
						"Redis unavailable while " + action + " lock '" + key + "': " + candidate.getMessage(), cause);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return new LockException(key, "Redis error while " + action + " lock '" + key + "': " + cause, cause);
	}

	/**
	 * Return whether a failure means that Redis could not be reached. Redisson wraps
	 * transport failures ("Unexpected exception while processing command"), so callers
	 * inspect the whole cause chain.
	 * @param ex one exception of the cause chain
	 * @return whether it is a transport failure
	 */
	static boolean isUnavailable(Throwable ex) {
		return ex instanceof RedisConnectionException || ex instanceof RedisTimeoutException
				|| ex instanceof RedisNodeNotFoundException || ex instanceof RedisRetryException
				|| ex instanceof RedissonShutdownException || ex instanceof IOException;
	}

	/**
	 * Check the answer of a fencing script.
	 * @param key the lock key
	 * @param token the script's answer
	 * @return the token
	 * @throws LockLostException if the script found the lock no longer held
	 */
	static long checkToken(String key, @Nullable Long token) {
		if (token == null || token < 0) {
			throw new LockLostException(key,
					"Lock '" + key + "' is no longer held in Redis (its lease ran out): no fencing token issued");
		}
		return token;
	}

}
