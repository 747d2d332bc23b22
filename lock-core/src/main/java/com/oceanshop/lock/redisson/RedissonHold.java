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

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockProvider.AcquiredLock;

/**
 * A lock or set of permits held through {@link RedissonLockProvider}, with the optional
 * {@link LeaseRenewal} that keeps it alive and the local turn it may hold in a
 * {@link LocalLockQueue}.
 * <p>
 * A lock may be {@link #reenter re-entered} by nested acquisitions of the scope that
 * holds it ({@link ReenteredHold}): they share its owner id and are counted here, not in
 * Redis, so that Redis holds the lock until the last of them is released and a nested
 * release never resets the lock's expiry.
 */
abstract class RedissonHold implements AcquiredLock {

	final String key;

	final String name;

	private final boolean contended;

	private final long leaseStartNanos;

	private final long leaseDeadlineNanos;

	private final LeaseRenewal renewal;

	private final @Nullable Runnable turnRelease;

	private final AtomicBoolean turnReleased = new AtomicBoolean();

	private volatile @Nullable LongConsumer turnLease;

	// Guarded by this: this hold and its open re-entries.
	private int openHolds = 1;

	/**
	 * Create a hold.
	 * @param key the lock key
	 * @param name the lock's Redis key
	 * @param contended whether the caller had to wait
	 * @param leaseStartNanos when the lease started, in {@link System#nanoTime()}
	 * @param fixedLeaseMillis the fixed lease, or -1 when renewed or unknown
	 * @param turnRelease hands the local turn on, or {@code null} when not queued locally
	 */
	RedissonHold(String key, String name, boolean contended, long leaseStartNanos, long fixedLeaseMillis,
			@Nullable Runnable turnRelease) {
		this.key = key;
		this.name = name;
		this.contended = contended;
		this.leaseStartNanos = leaseStartNanos;
		this.leaseDeadlineNanos = (fixedLeaseMillis >= 0)
				? leaseStartNanos + TimeUnit.MILLISECONDS.toNanos(fixedLeaseMillis) : Long.MAX_VALUE;
		this.turnRelease = turnRelease;
		this.renewal = new LeaseRenewal(leaseStartNanos, this);
	}

	/**
	 * Extend the lease if this holder still holds the lock.
	 * @param leaseMillis the new lease
	 * @return whether the lock was still held
	 */
	abstract CompletionStage<Boolean> extend(long leaseMillis);

	/**
	 * Return what a batched renewal extends for this hold.
	 * @return the renewal target, or {@code null} when this hold renews on its own
	 * through {@link #extend}
	 */
	RenewalBatches.@Nullable Target renewalTarget() {
		return null;
	}

	/**
	 * Release in Redis.
	 * @return whether the lock was still held
	 */
	abstract CompletionStage<Boolean> unlockAsync();

	/**
	 * Wait for a Redis operation of this hold, unwrapping its failure.
	 * @param <T> the result type
	 * @param stage the operation
	 * @return its result
	 */
	static <T> T await(CompletionStage<T> stage) {
		try {
			return stage.toCompletableFuture().join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Return when the fixed lease runs out.
	 * @return the {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} when the
	 * lock is renewed
	 */
	long leaseDeadlineNanos() {
		return this.leaseDeadlineNanos;
	}

	/**
	 * Set what records a nested hold's deadline in the local queue whose turn this hold
	 * has.
	 * @param turnLease takes a {@link System#nanoTime()} deadline, or
	 * {@link Long#MAX_VALUE} for a renewed hold
	 */
	void turnLease(LongConsumer turnLease) {
		this.turnLease = turnLease;
	}

	/**
	 * Return whether this holder still holds the lock in Redis.
	 * @return whether held
	 */
	final boolean isHeldInRedis() {
		return await(isHeldInRedisAsync());
	}

	/**
	 * Ask whether this holder still holds the lock in Redis.
	 * @return whether held
	 */
	CompletionStage<Boolean> isHeldInRedisAsync() {
		return CompletableFuture.completedFuture(!isLost());
	}

	/**
	 * Re-enter this lock for a nested acquisition in the scope that holds it: extend its
	 * expiry in Redis to cover the nested lease (never shortening it) and count the hold.
	 * @param leaseMillis the nested hold's lease
	 * @param fixedLease whether that lease is fixed rather than renewed
	 * @return the nested hold, or {@code null} if this lock is released or known lost
	 */
	@Nullable ReenteredHold reenter(long leaseMillis, boolean fixedLease) {
		synchronized (this) {
			if (this.openHolds == 0 || this.renewal.isMarkedLost()) {
				return null;
			}
			this.openHolds++;
		}
		long leaseStart = System.nanoTime();
		boolean held = false;
		try {
			held = Boolean.TRUE.equals(extend(leaseMillis).toCompletableFuture().join());
		}
		catch (CompletionException ex) {
			throw RedissonErrors.translate(this.key, "acquiring",
					(ex.getCause() instanceof RuntimeException cause) ? cause : ex);
		}
		finally {
			if (!held && dropHold()) {
				releaseLast();
			}
		}
		if (!held) {
			return null;
		}
		LongConsumer lease = this.turnLease;
		if (lease != null) {
			lease.accept(fixedLease ? leaseStart + TimeUnit.MILLISECONDS.toNanos(leaseMillis) : Long.MAX_VALUE);
		}
		return new ReenteredHold(this, leaseStart);
	}

	/**
	 * Close one of the open holds of this lock; the last one releases it in Redis and
	 * hands the local turn on.
	 * @return whether the lock was still held
	 */
	boolean closeOne() {
		if (!dropHold()) {
			try {
				return isHeldInRedis();
			}
			catch (RuntimeException ex) {
				throw RedissonErrors.translate(this.key, "releasing", ex);
			}
		}
		return releaseLast();
	}

	/**
	 * {@link #closeOne()} without blocking the calling thread.
	 * @return whether the lock was still held
	 */
	CompletableFuture<Boolean> closeOneAsync() {
		CompletionStage<Boolean> released;
		boolean last = dropHold();
		try {
			released = last ? unlockAsync().thenApply((held) -> held && !this.renewal.isMarkedLost())
					: isHeldInRedisAsync();
		}
		catch (RuntimeException ex) {
			released = CompletableFuture.failedFuture(ex);
		}
		return released.handle((held, failure) -> {
			if (last) {
				releaseTurn();
			}
			if (failure != null) {
				throw RedissonErrors.translate(this.key, "releasing", failure);
			}
			return held;
		}).toCompletableFuture();
	}

	private synchronized boolean dropHold() {
		return --this.openHolds == 0;
	}

	private boolean releaseLast() {
		try {
			return await(unlockAsync()) && !this.renewal.isMarkedLost();
		}
		catch (RuntimeException ex) {
			throw RedissonErrors.translate(this.key, "releasing", ex);
		}
		finally {
			releaseTurn();
		}
	}

	/**
	 * Keep the lock alive until it is released.
	 * @param renewals the provider's renewal scheduler
	 */
	void startRenewal(RenewalScheduler renewals) {
		this.renewal.start(renewals);
	}

	/**
	 * Take over handing the local turn on, so that {@link #releaseTurn} no longer does.
	 * @return whether the turn was still this hold's to hand on
	 */
	boolean claimTurn() {
		return this.turnRelease != null && this.turnReleased.compareAndSet(false, true);
	}

	/**
	 * Hand the local turn on, once: on release, or as soon as the lock is known lost so
	 * that local waiters need not wait for the holder to notice.
	 */
	void releaseTurn() {
		Runnable release = this.turnRelease;
		if (release != null && claimTurn()) {
			release.run();
		}
	}

	@Override
	public OptionalLong leaseStartNanos() {
		return OptionalLong.of(this.leaseStartNanos);
	}

	@Override
	public boolean contended() {
		return this.contended;
	}

	@Override
	public boolean isLost() {
		return this.renewal.isLost();
	}

	@Override
	public void whenLost(Runnable callback) {
		this.renewal.whenLost(callback);
	}

	@Override
	public boolean release() {
		this.renewal.stop();
		return closeOne();
	}

	@Override
	public CompletableFuture<Boolean> releaseAsync() {
		this.renewal.stop();
		return closeOneAsync();
	}

}
