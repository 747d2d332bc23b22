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

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.LongCodec;

/**
 * Issues fencing tokens: one script per lock checks that the lock is still held and
 * increments its {@link RedissonLockLayout#fenceKey fencing counter}, atomically. The
 * counters are never removed, because a counter that restarted would hand out tokens
 * lower than ones issued before.
 */
final class RedissonFencing {

	private RedissonFencing() {
	}

	/**
	 * Issue the next token for an {@code RLock}-based lock.
	 * @param redisson the client
	 * @param key the lock key
	 * @param name the lock's Redis key
	 * @param holder the holder id
	 * @return the token
	 */
	static long lockToken(RedissonClient redisson, String key, String name, String holder) {
		return fence(redisson.getScript(LongCodec.INSTANCE), RedissonScripts.LOCK_FENCE, key, name,
				List.of(name, RedissonLockLayout.fenceKey(name)), holder);
	}

	/**
	 * Issue the next token for a set of semaphore permits.
	 * @param redisson the client
	 * @param key the lock key
	 * @param name the semaphore's Redis key
	 * @param permitIds the held permits
	 * @return the token
	 */
	static long permitToken(RedissonClient redisson, String key, String name, List<String> permitIds) {
		Object[] args = new Object[permitIds.size() + 1];
		args[0] = Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < permitIds.size(); i++) {
			args[i + 1] = RedissonLockLayout.permitIdBytes(permitIds.get(i));
		}
		return fence(redisson.getScript(ByteArrayCodec.INSTANCE), RedissonScripts.SEMAPHORE_FENCE, key, name,
				List.of(RedissonLockLayout.semaphoreTimeoutKey(name), RedissonLockLayout.fenceKey(name)), args);
	}

	private static long fence(RScript script, String fenceScript, String key, String name, List<Object> keys,
			Object... args) {
		Long token;
		try {
			token = script.eval(name, RScript.Mode.READ_WRITE, fenceScript, RScript.ReturnType.LONG, keys, args);
		}
		catch (RuntimeException ex) {
			throw RedissonErrors.translate(key, "fencing", ex);
		}
		return RedissonErrors.checkToken(key, token);
	}

}
