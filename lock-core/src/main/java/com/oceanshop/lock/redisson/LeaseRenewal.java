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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockProvider.Attempt;

/**
 * Keeps one auto-renewed lock alive and notices when it is lost. This is done here rather
 * than by Redisson's watchdog, so that a failed renewal is noticed: the lock is taken
 * with a lease of the renewal timeout (Redisson's {@code Config.lockWatchdogTimeout}) and
 * extended every third of it. When an extension finds the lock gone, or no extension has
 * succeeded for a whole renewal timeout, the lock is reported lost.
 */
final class LeaseRenewal {

	private final LongFunction<CompletionStage<Boolean>> extension;

	private final Runnable onLoss;

	private volatile long renewedAtNanos;

	private volatile @Nullable RenewalScheduler renewals;

	private volatile boolean renewalInFlight;

	private volatile boolean lost;

	private volatile boolean stopped;

	private volatile @Nullable ScheduledFuture<?> renewal;

	private final List<Runnable> lossCallbacks = new CopyOnWriteArrayList<>();

	/**
	 * Create the renewal of one lock; it does nothing until {@link #start started}.
	 * @param leaseStartNanos when the lease started, in {@link System#nanoTime()}
	 * @param extension extends the lease by the given millis if the lock is still held,
	 * completing with whether it was
	 * @param onLoss runs once when the lock is found lost, before the loss callback
	 */
	LeaseRenewal(long leaseStartNanos, LongFunction<CompletionStage<Boolean>> extension, Runnable onLoss) {
		this.renewedAtNanos = leaseStartNanos;
		this.extension = extension;
		this.onLoss = onLoss;
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
		long period = Math.max(1, renewals.timeout().toMillis() / 3);
		this.renewal = renewals.scheduler().scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
		scheduleDeadlineCheck(this.renewedAtNanos);
	}

	/**
	 * Stop renewing because the lock is being released.
	 */
	void stop() {
		this.stopped = true;
		cancel();
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

	private void renew() {
		RenewalScheduler renewals = Objects.requireNonNull(this.renewals);
		if (this.stopped || this.lost || renewals.isClosed()) {
			cancel();
			return;
		}
		if (this.renewalInFlight) {
			return;
		}
		this.renewalInFlight = true;
		long sent = System.nanoTime();
		// Asynchronous, so a Redis that does not answer never blocks the scheduler thread
		// that also runs the deadline checks.
		this.extension.apply(renewals.timeout().toMillis()).whenCompleteAsync((held, ex) -> {
			this.renewalInFlight = false;
			if (ex == null && Boolean.TRUE.equals(held)) {
				this.renewedAtNanos = sent;
				scheduleDeadlineCheck(sent);
			}
			else if (ex == null && !this.stopped) {
				markLost();
			}
			// Redis unreachable: the lease may still run; the deadline check reports the
			// loss once a whole renewal timeout has passed without an extension.
		}, renewals.scheduler());
	}

	private void scheduleDeadlineCheck(long renewedAt) {
		RenewalScheduler renewals = Objects.requireNonNull(this.renewals);
		long delay = renewedAt + renewals.timeout().toNanos() - System.nanoTime();
		renewals.scheduler().schedule(() -> {
			if (!this.stopped && renewalOverdue()) {
				markLost();
			}
		}, Math.max(0, delay) + 1_000_000, TimeUnit.NANOSECONDS);
	}

	private boolean renewalOverdue() {
		RenewalScheduler renewals = this.renewals;
		// A stopped renewal belongs to a released hold: a hold that re-entered the same
		// lock may keep it alive, and must not be reported lost for want of this one.
		return renewals != null && !this.stopped
				&& System.nanoTime() - this.renewedAtNanos >= renewals.timeout().toNanos();
	}

	private void markLost() {
		if (this.lost) {
			return;
		}
		this.lost = true;
		cancel();
		this.onLoss.run();
		for (Runnable callback : this.lossCallbacks) {
			callback.run();
		}
	}

	private void cancel() {
		ScheduledFuture<?> future = this.renewal;
		if (future != null) {
			future.cancel(false);
		}
	}

}
