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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;

/**
 * The scheduler that runs every {@link LeaseRenewal} of one provider, with the renewal
 * timeout they share. Either given from outside (and then never shut down here) or a
 * daemon thread of its own, created on first use and shut down on {@link #close()}.
 * <p>
 * Renewals are sent in batches: one tick every third of the renewal timeout extends every
 * registered lock, with one {@link RedissonScripts#RENEW_LOCKS} call per group of up to
 * {@link RenewalBatches#MAX_HOLDS_PER_CALL} locks of one cluster slot, instead of one
 * command per lock. Each lock learns its own outcome; a lock registered just before a
 * tick is renewed early, which never shortens it.
 */
final class RenewalScheduler implements AutoCloseable {

	private final Duration timeout;

	private final RedissonClient redisson;

	private final boolean cluster;

	private final boolean external;

	private final Set<LeaseRenewal> active = ConcurrentHashMap.newKeySet();

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile @Nullable ScheduledFuture<?> tick;

	private volatile boolean closed;

	/**
	 * Create a renewal scheduler.
	 * @param timeout the renewal timeout
	 * @param redisson the client the locks are held through
	 * @param scheduler the scheduler to use, or {@code null} to create one on first use
	 */
	RenewalScheduler(Duration timeout, RedissonClient redisson, @Nullable ScheduledExecutorService scheduler) {
		this.timeout = timeout;
		this.redisson = redisson;
		this.cluster = redisson.getConfig().isClusterConfig();
		this.external = scheduler != null;
		this.scheduler = scheduler;
	}

	/**
	 * Return the renewal timeout: an auto-renewed lock is taken with this lease, extended
	 * every third of it, and reported lost when no extension succeeded for this long.
	 * @return the renewal timeout
	 */
	Duration timeout() {
		return this.timeout;
	}

	/**
	 * Return how long after its last successful extension was sent a renewed hold counts
	 * as lost: the renewal timeout less Redlock's allowance for clock drift and delays
	 * (1% of it plus 2 ms). Redis lets the lock go one timeout after it received that
	 * extension, which is later than its sending; counting the loss a little earlier
	 * still means that the handle stops believing, and the loss is reported, before
	 * another holder can have the lock, however late the scheduler runs the check within
	 * that allowance.
	 * @return the nanos after which a hold whose extension has not succeeded is lost
	 */
	long lossAfterNanos() {
		long timeout = this.timeout.toNanos();
		return timeout - (timeout / 100 + TimeUnit.MILLISECONDS.toNanos(2));
	}

	/**
	 * Return whether renewals must stop because the provider was closed.
	 * @return whether closed
	 */
	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Return how many renewals run now (for tests: none once every lock is released).
	 * @return the number of registered renewals
	 */
	int activeCount() {
		return this.active.size();
	}

	/**
	 * Renew a lock from the next tick on, until it is {@link #unregister unregistered}.
	 * @param renewal the renewal
	 * @throws RejectedExecutionException if this scheduler is closed
	 */
	void register(LeaseRenewal renewal) {
		if (this.closed) {
			throw new RejectedExecutionException("Renewals are closed");
		}
		this.active.add(renewal);
		startTicking();
	}

	/**
	 * Stop renewing a lock.
	 * @param renewal the renewal
	 */
	void unregister(LeaseRenewal renewal) {
		this.active.remove(renewal);
	}

	/**
	 * Run a check once a hold extended at the given time would count as lost
	 * ({@link #lossAfterNanos}).
	 * @param renewedAtNanos when the lease was last extended, in
	 * {@link System#nanoTime()}
	 * @param check the check
	 */
	void scheduleDeadlineCheck(long renewedAtNanos, Runnable check) {
		long delay = renewedAtNanos + lossAfterNanos() - System.nanoTime();
		// A scheduled task never runs early, so the check finds the hold overdue.
		scheduler().schedule(check, Math.max(0, delay), TimeUnit.NANOSECONDS);
	}

	private void startTicking() {
		if (this.tick != null) {
			return;
		}
		synchronized (this) {
			if (this.tick == null && !this.closed) {
				long period = Math.max(1, this.timeout.toMillis() / 3);
				this.tick = scheduler().scheduleWithFixedDelay(this::renewAll, period, period, TimeUnit.MILLISECONDS);
			}
		}
	}

	private void renewAll() {
		if (this.closed) {
			cancelTick();
			return;
		}
		List<LeaseRenewal> batched = new ArrayList<>();
		for (LeaseRenewal renewal : this.active) {
			if (!renewal.isActive()) {
				this.active.remove(renewal);
			}
			else if (renewal.target() == null) {
				renewal.renewAlone();
			}
			else if (renewal.beginRenewal()) {
				batched.add(renewal);
			}
		}
		long sent = System.nanoTime();
		for (List<LeaseRenewal> group : RenewalBatches.groups(batched, LeaseRenewal::target, this.cluster)) {
			renewGroup(group, sent);
		}
	}

	private void renewGroup(List<LeaseRenewal> group, long sent) {
		List<RenewalBatches.Target> targets = new ArrayList<>(group.size());
		for (LeaseRenewal renewal : group) {
			targets.add(Objects.requireNonNull(renewal.target()));
		}
		CompletionStage<List<Boolean>> result;
		try {
			result = RenewalBatches.renew(this.redisson, targets, this.timeout.toMillis());
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		// Asynchronous, so a Redis that does not answer never blocks the scheduler thread
		// that also runs the deadline checks.
		result.whenCompleteAsync((held, ex) -> {
			boolean anyRenewed = false;
			for (int i = 0; i < group.size(); i++) {
				Boolean renewed = (ex == null) ? held.get(i) : null;
				group.get(i).renewed(sent, renewed);
				anyRenewed |= Boolean.TRUE.equals(renewed);
			}
			if (anyRenewed) {
				scheduleDeadlineCheck(sent, () -> group.forEach(LeaseRenewal::checkDeadline));
			}
		}, scheduler());
	}

	/**
	 * Return the scheduler, creating the own one on first use.
	 * @return the scheduler
	 */
	ScheduledExecutorService scheduler() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null) {
			synchronized (this) {
				scheduler = this.scheduler;
				if (scheduler == null) {
					ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
						Thread thread = new Thread(runnable, "ocean-lock-renewal");
						thread.setDaemon(true);
						return thread;
					});
					executor.setRemoveOnCancelPolicy(true);
					scheduler = executor;
					this.scheduler = scheduler;
				}
			}
		}
		return scheduler;
	}

	/**
	 * Stop renewing: shut the own scheduler down; renewals on an external one stop at
	 * their next run.
	 */
	@Override
	public void close() {
		this.closed = true;
		cancelTick();
		this.active.clear();
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null && !this.external) {
			scheduler.shutdownNow();
		}
	}

	private void cancelTick() {
		ScheduledFuture<?> tick = this.tick;
		if (tick != null) {
			tick.cancel(false);
		}
	}

}
