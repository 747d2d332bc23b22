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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;

/**
 * Permits of an {@code RPermitExpirableSemaphore} held by one caller.
 */
final class SemaphoreHold extends RedissonHold {

	private final RedissonClient redisson;

	private final RPermitExpirableSemaphore semaphore;

	private final List<String> permitIds;

	/**
	 * Create a hold.
	 * @param redisson the client
	 * @param key the lock key
	 * @param name the semaphore's Redis key
	 * @param semaphore the Redisson semaphore
	 * @param permitIds the held permits
	 * @param contended whether the caller had to wait
	 * @param leaseStartNanos when the lease started, in {@link System#nanoTime()}
	 */
	SemaphoreHold(RedissonClient redisson, String key, String name, RPermitExpirableSemaphore semaphore,
			List<String> permitIds, boolean contended, long leaseStartNanos) {
		super(key, name, contended, leaseStartNanos, -1, null);
		this.redisson = redisson;
		this.semaphore = semaphore;
		this.permitIds = permitIds;
	}

	@Override
	CompletionStage<Boolean> extend(long leaseMillis) {
		CompletableFuture<Boolean> all = CompletableFuture.completedFuture(true);
		for (String permitId : this.permitIds) {
			CompletionStage<Boolean> one = this.semaphore.updateLeaseTimeAsync(permitId, leaseMillis,
					TimeUnit.MILLISECONDS);
			all = all.thenCombine(one, (a, b) -> a && b);
		}
		return all;
	}

	@Override
	public long fencingToken() {
		return RedissonFencing.permitToken(this.redisson, this.key, this.name, this.permitIds);
	}

	@Override
	boolean unlock() {
		return this.semaphore.tryRelease(this.permitIds) == this.permitIds.size();
	}

}
