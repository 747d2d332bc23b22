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
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockProvider.Attempt;

/**
 * Keeps one auto-renewed lock alive and notices when it is lost. This is done here rather
 * than by Redisson's watchdog, so that a failed renewal is noticed: the lock is taken
 * with a lease of the renewal timeout (Redisson's {@code Config.lockWatchdogTimeout}) and
 * extended every third of it, together with the provider's other renewals
 * ({@link RenewalScheduler}). When an extension finds the lock gone, or no extension has
 * succeeded for a whole renewal timeout, the lock is reported lost.
 */
final class LeaseRenewal {

	private final RedissonHold hold;

	private volatile long renewedAtNanos;

	private volatile @Nullable RenewalScheduler renewals;

	private volatile RenewalBatches.@Nullable Target target;

	private volatile boolean renewalInFlight;

	private volatile boolean lost;

	private volatile boolean stopped;

	private final List<Runnable> lossCallbacks = new CopyOnWriteArrayList<>();

	/**
	 * Create the renewal of one lock; it does nothing until {@link #start started}.
	 * @param leaseStartNanos when the lease started, in {@link System#nanoTime()}
	 * @param hold the hold that owns the lock in Redis: it is extended while this renewal
	 * runs, and its local turn is handed on as soon as the lock is found lost
	 */
	LeaseRenewal(long leaseStartNanos, RedissonHold hold) {
		this.renewedAtNanos = leaseStartNanos;
		this.hold = hold;
	}

	/**
	 * Return the lease to take a lock with: the fixed lease of the attempt, or the
	 * renewal timeout for an auto-renewed lock.
	 * @param attempt the attempt
	 * @param renewalTimeout the renewal timeout
	 * @return the lease
	 */
	static Duration leaseOf(Attempt attempt, Duration renewalTimeout) {
		Duration lease = attempt.leaseTime();
		return (lease != null) ? lease : renewalTimeout;
	}

	/**
	 * Start extending the lease every third of the renewal timeout.
	 * @param renewals the provider's renewal scheduler
	 */
	void start(RenewalScheduler renewals) {
		this.renewals = renewals;
		this.target = this.hold.renewalTarget();
		renewals.register(this);
		scheduleDeadlineCheck(this.renewedAtNanos);
	}

	/**
	 * Stop renewing because the lock is being released.
	 */
	void stop() {
		this.stopped = true;
		unregister();
	}

	/**
	 * Return whether a renewal found the lock gone.
	 * @return whether the loss was reported
	 */
	boolean isMarkedLost() {
		return this.lost;
	}

	/**
	 * Return whether the lock is known lost: a renewal found it gone or no renewal has
	 * succeeded for a whole renewal timeout.
	 * @return whether lost
	 */
	boolean isLost() {
		return this.lost || renewalOverdue();
	}

	/**
	 * Register a callback to run once when the lock is found lost; it runs at once if the
	 * loss is already known. The lock's handle and the handles that re-entered it each
	 * register one.
	 * @param callback the callback
	 */
	void whenLost(Runnable callback) {
		this.lossCallbacks.add(callback);
		if (this.lost) {
			callback.run();
		}
	}

	/**
	 * Return what a batched renewal extends, once started.
	 * @return the target, or {@code null} when this renewal extends its hold on its own
	 */
	RenewalBatches.@Nullable Target target() {
		return this.target;
	}

	/**
	 * Return whether this renewal still runs: not stopped, not lost.
	 * @return whether active
	 */
	boolean isActive() {
		return !this.stopped && !this.lost;
	}

	/**
	 * Begin one extension, unless the previous one is still in flight.
	 * @return whether the caller must now extend the lease and report the outcome to
	 * {@link #renewed}
	 */
	boolean beginRenewal() {
		if (!isActive() || this.renewalInFlight) {
			return false;
		}
		this.renewalInFlight = true;
		return true;
	}

	/**
	 * Extend the hold's lease on its own, for a hold that no batch renews.
	 */
	void renewAlone() {
		if (!beginRenewal()) {
			return;
		}
		RenewalScheduler renewals = Objects.requireNonNull(this.renewals);
		long sent = System.nanoTime();
		// Asynchronous, so a Redis that does not answer never blocks the scheduler thread
		// that also runs the deadline checks.
		this.hold.extend(renewals.timeout().toMillis()).whenCompleteAsync((held, ex) -> {
			renewed(sent, (ex == null) ? held : null);
			if (ex == null && Boolean.TRUE.equals(held)) {
				scheduleDeadlineCheck(sent);
			}
		}, renewals.scheduler());
	}

	/**
	 * Record the outcome of an extension begun by {@link #beginRenewal}.
	 * @param sentNanos when the extension was sent, in {@link System#nanoTime()}
	 * @param held whether the lock was still held, or {@code null} when Redis did not
	 * answer: the lease may still run, and the deadline check reports the loss once a
	 * whole renewal timeout has passed without an extension
	 */
	void renewed(long sentNanos, @Nullable Boolean held) {
		this.renewalInFlight = false;
		if (Boolean.TRUE.equals(held)) {
			this.renewedAtNanos = sentNanos;
		}
		else if (held != null && !this.stopped) {
			markLost();
		}
	}

	/**
	 * Report the loss if no extension has succeeded for a whole renewal timeout.
	 */
	void checkDeadline() {
		if (!this.stopped && renewalOverdue()) {
			markLost();
		}
	}

	private void scheduleDeadlineCheck(long renewedAt) {
		RenewalScheduler renewals = Objects.requireNonNull(this.renewals);
		renewals.scheduleDeadlineCheck(renewedAt, this::checkDeadline);
	}

	private boolean renewalOverdue() {
		RenewalScheduler renewals = this.renewals;
		// A stopped renewal belongs to a released hold: a hold that re-entered the same
		// lock may keep it alive, and must not be reported lost for want of this one.
		return renewals != null && !this.stopped
				&& System.nanoTime() - this.renewedAtNanos >= renewals.lossAfterNanos();
	}

	private void markLost() {
		if (this.lost) {
			return;
		}
		this.lost = true;
		unregister();
		this.hold.releaseTurn();
		for (Runnable callback : this.lossCallbacks) {
			callback.run();
		}
	}

	private void unregister() {
		RenewalScheduler renewals = this.renewals;
		if (renewals != null) {
			renewals.unregister(this);
		}
	}

}
