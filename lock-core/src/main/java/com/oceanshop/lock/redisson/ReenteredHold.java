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

import com.oceanshop.lock.LockProvider.AcquiredLock;

/**
 * A nested acquisition of a lock by the scope that holds it: it shares the
 * {@link RedissonHold}'s owner id, fencing and loss detection, keeps the lock alive with
 * a renewal of its own when it is auto-renewed, and releases the lock in Redis only if it
 * is the last open hold.
 */
final class ReenteredHold implements AcquiredLock {

	private final RedissonHold held;

	private final LeaseRenewal renewal;

	/**
	 * Create a nested hold.
	 * @param held the hold it re-entered
	 * @param leaseStartNanos when its lease was extended, in {@link System#nanoTime()}
	 */
	ReenteredHold(RedissonHold held, long leaseStartNanos) {
		this.held = held;
		this.renewal = new LeaseRenewal(leaseStartNanos, held);
	}

	/**
	 * Return the hold that owns the lock in Redis.
	 * @return the re-entered hold
	 */
	RedissonHold held() {
		return this.held;
	}

	/**
	 * Keep the lock alive until this nested hold is released.
	 * @param renewals the provider's renewal scheduler
	 */
	void startRenewal(RenewalScheduler renewals) {
		this.renewal.start(renewals);
	}

	@Override
	public boolean contended() {
		return false;
	}

	@Override
	public boolean isLost() {
		return this.renewal.isLost() || this.held.isLost();
	}

	@Override
	public void whenLost(Runnable callback) {
		this.renewal.whenLost(callback);
		this.held.whenLost(callback);
	}

	@Override
	public long fencingToken() {
		return this.held.fencingToken();
	}

	@Override
	public boolean release() {
		this.renewal.stop();
		return this.held.closeOne() && !this.renewal.isMarkedLost();
	}

}
