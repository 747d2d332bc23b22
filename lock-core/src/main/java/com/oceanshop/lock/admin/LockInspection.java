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

package com.oceanshop.lock.admin;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What Redis holds for one lock key.
 *
 * @param key the lock key, for example {@code inventory:reserve:PROD-1}
 * @param redisKey the Redis key, prefix plus lock key
 * @param held whether the lock is held by anyone, in any mode
 * @param type the lock type as seen in Redis ({@code exclusive}, {@code fair},
 * {@code read}, {@code write}, {@code semaphore}), {@code null} when there is no such key
 * or it is not a lock; a fair lock with nobody waiting is stored exactly like an
 * exclusive one and is reported as {@code exclusive}
 * @param redisType the Redis data type of the key ({@code hash}, {@code string},
 * {@code none}, ...)
 * @param holders the holders
 * @param ttlMillis remaining time to live of the key: {@code -1} if it has no expiry,
 * {@code -2} if it does not exist
 * @param waiters callers waiting: queued in Redis for a fair lock, plus those of this
 * instance waiting in its local queue for the lock
 * @param availablePermits free permits of a semaphore, {@code null} for other types
 * @since 0.1.0
 */
public record LockInspection(String key, String redisKey, boolean held, @Nullable String type, String redisType,
		List<LockHolder> holders, long ttlMillis, long waiters, @Nullable Long availablePermits) {

	/**
	 * Create an inspection result.
	 */
	public LockInspection {
		holders = List.copyOf(holders);
	}

}
