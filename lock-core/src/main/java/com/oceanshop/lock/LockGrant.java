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

package com.oceanshop.lock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oceanshop.lock.LockProvider.AcquiredLock;

/**
 * A lock as one provider call granted it, with the moment its lease started as the
 * caller's handle counts it: the provider's own lease start, or else the start of the
 * call for an uncontended lock (granted by a command sent after it) and the return for a
 * contended one.
 * <p>
 * A grant whose lease is already over when it reaches the caller is {@linkplain #spent
 * spent}: Redis ran the granting command late (it stalled, or restarted or failed over
 * while the client held the command back), or the reply was delayed. A semaphore permit
 * is then born expired, as its expiry comes from the client's clock at the sending, and
 * another caller may already have its slot. {@link LockTemplate} and its asynchronous
 * side never hand such a grant out: they {@linkplain #discard release} it and try again
 * within the wait time.
 *
 * @param lock the provider's lock
 * @param leaseStartNanos when its lease started, in {@link System#nanoTime()}
 */
record LockGrant(AcquiredLock lock, long leaseStartNanos) {

	private static final Logger logger = LoggerFactory.getLogger(LockGrant.class);

	/**
	 * Date the lease of a lock a provider call returned.
	 * @param lock the lock
	 * @param callStartNanos when the provider call started
	 * @return the grant
	 */
	static LockGrant of(AcquiredLock lock, long callStartNanos) {
		return new LockGrant(lock,
				lock.leaseStartNanos().orElse(lock.contended() ? System.nanoTime() : callStartNanos));
	}

	/**
	 * Release a provider's lock without blocking; a release that throws at once fails the
	 * returned future instead.
	 * @param lock the lock
	 * @return the release's outcome, as {@link AcquiredLock#releaseAsync()}
	 */
	static CompletableFuture<Boolean> release(AcquiredLock lock) {
		try {
			return lock.releaseAsync();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Return whether the lease is over already, or the provider already knows the lock is
	 * lost.
	 * @param leaseTime the fixed lease, or {@code null} for auto-renewal
	 * @return whether the grant is of no use
	 */
	boolean spent(@Nullable Duration leaseTime) {
		return this.lock.isLost()
				|| (leaseTime != null && System.nanoTime() - this.leaseStartNanos >= leaseTime.toNanos());
	}

	/**
	 * Release a spent grant and say so in the log. A release that fails is only logged:
	 * the lease is over, or ends on its own in Redis.
	 * @param request the request it was granted for
	 * @param leaseTime the fixed lease, or {@code null} for auto-renewal
	 * @return completes, never exceptionally, once the release is done
	 */
	CompletableFuture<Void> discard(LockRequest request, @Nullable Duration leaseTime) {
		logger.warn(
				"Lock '{}' was granted {} ms after its command was sent, past its {}: Redis ran the command "
						+ "late (a stall, restart or failover). Releasing it and trying again within the wait time",
				request.key(), Duration.ofNanos(System.nanoTime() - this.leaseStartNanos).toMillis(),
				(leaseTime != null) ? "lease of " + leaseTime : "renewal timeout");
		CompletableFuture<Boolean> release = release(this.lock);
		return release.handle((released, failure) -> {
			if (failure != null) {
				logger.debug("Release of the late grant of lock '{}' failed", request.key(), failure);
			}
			return null;
		});
	}

}
