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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.LockProvider.Attempt;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

/**
 * Acquires {@link LockType#SEMAPHORE} permits from an {@code RPermitExpirableSemaphore},
 * setting its permits up the first time this process uses it.
 */
final class SemaphoreAcquirer {

	private static final int MAX_REMEMBERED_SEMAPHORES = 10_000;

	private final RedissonClient redisson;

	private final Duration renewalTimeout;

	private final ConcurrentMap<String, Boolean> semaphoresSetUp = new ConcurrentHashMap<>();

	SemaphoreAcquirer(RedissonClient redisson, Duration renewalTimeout) {
		this.redisson = redisson;
		this.renewalTimeout = renewalTimeout;
	}

	/**
	 * Try to acquire the requested permits.
	 * @param attempt the attempt
	 * @param name the semaphore's Redis key
	 * @return the hold, or {@code null} if the wait time ran out
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable RedissonHold acquire(Attempt attempt, String name) throws InterruptedException {
		LockRequest request = attempt.request();
		RPermitExpirableSemaphore semaphore = this.redisson.getPermitExpirableSemaphore(name);
		// Setting the permits up is one round trip that is needed once per semaphore, so
		// it is skipped for semaphores this provider has already set up, unless an
		// attempt then finds no permit (the semaphore may have been removed since).
		boolean setUp = this.semaphoresSetUp.containsKey(name);
		if (!setUp) {
			semaphore.trySetPermits(request.maxPermits());
			rememberSetUp(name);
		}
		long leaseMillis = LeaseRenewal.leaseOf(attempt, this.renewalTimeout).toMillis();
		boolean contended = false;
		long leaseStart = System.nanoTime();
		List<String> permitIds = semaphore.tryAcquire(request.permits(), 0, leaseMillis, TimeUnit.MILLISECONDS);
		if (permitIds.isEmpty() && setUp && semaphore.trySetPermits(request.maxPermits())) {
			leaseStart = System.nanoTime();
			permitIds = semaphore.tryAcquire(request.permits(), 0, leaseMillis, TimeUnit.MILLISECONDS);
		}
		if (permitIds.isEmpty() && !attempt.waitTime().isZero()) {
			contended = true;
			permitIds = semaphore.tryAcquire(request.permits(), attempt.waitTime().toMillis(), leaseMillis,
					TimeUnit.MILLISECONDS);
			leaseStart = System.nanoTime();
		}
		if (permitIds.isEmpty()) {
			return null;
		}
		return new SemaphoreHold(this.redisson, request.key(), name, semaphore, List.copyOf(permitIds), contended,
				leaseStart);
	}

	private void rememberSetUp(String name) {
		if (this.semaphoresSetUp.size() >= MAX_REMEMBERED_SEMAPHORES) {
			// Bounded: per-user semaphores can have unbounded names; forgetting only
			// costs one more set-up round trip.
			this.semaphoresSetUp.clear();
		}
		this.semaphoresSetUp.put(name, Boolean.TRUE);
	}

}
