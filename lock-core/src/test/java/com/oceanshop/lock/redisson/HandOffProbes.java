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

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hand-off tests look at: the callers waiting in an instance's local queue and
 * the holder fields of a lock in Redis.
 */
final class HandOffProbes {

	private HandOffProbes() {
	}

	/**
	 * Return how many callers of the template's instance wait in the local queue of a
	 * key.
	 * @param template a template over a {@link RedissonLockProvider}
	 * @param key the lock key (without the {@code lock:} prefix)
	 * @return the number of waiting threads and futures
	 */
	static int waiting(LockTemplate template, String key) {
		return ((RedissonLockProvider) template.getProvider()).localWaiters("lock:" + key);
	}

	/**
	 * Return the holder fields of a lock's hash, without the read-write lock's mode.
	 * @param redisson a client
	 * @param name the lock's Redis key
	 * @return the holder ids
	 */
	static List<String> holders(RedissonClient redisson, String name) {
		return redisson.<String, String>getMap(name, StringCodec.INSTANCE)
			.readAllKeySet()
			.stream()
			.filter((field) -> !field.equals(RedissonLockLayout.MODE_FIELD))
			.toList();
	}

	/**
	 * Wait until a condition holds, failing after 10 seconds.
	 * @param condition the condition
	 * @param description what it means, for the failure message
	 * @throws InterruptedException if interrupted
	 */
	static void awaitUntil(BooleanSupplier condition, String description) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as(description).isNegative();
			Thread.sleep(5);
		}
	}

}
