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

package com.oceanshop.lock.adaptive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oceanshop.lock.LearnedTimeouts;
import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;

/**
 * Lease and wait times learned per lock name ({@code context:operation}) from what is
 * measured, shared by all instances through an {@link AdaptiveTimeoutStore}. As a
 * {@link LockListener} of the template it counts every hold time (acquisition to release)
 * and acquisition time (request to acquisition or timeout) in a histogram per name;
 * {@link #update()}, run periodically, sends each name's 99th percentiles since the last
 * update to the store in one batch, which merges them into the estimate all instances
 * share (up at once, down smoothly), and reads back every name's estimate. From the
 * shared estimate of a name:
 * <ul>
 * <li>lease = factor &times; p99 hold time, within [min-lease, max-lease];</li>
 * <li>wait time = the larger of factor &times; p99 acquisition time and the p99 hold time
 * (a caller that finds the lock just taken can outwait one hold), within [min-wait,
 * max-wait];</li>
 * <li>each only after the warm-up count of observations by all instances together;
 * before, {@link #leaseTime(String)} and {@link #waitTime(String)} return {@code null}
 * and the static defaults apply.</li>
 * </ul>
 * As {@link LearnedTimeouts} of the template's {@link com.oceanshop.lock.LockDefaults}
 * the values apply only where nothing is set explicitly, are resolved when a lock is
 * acquired (so never change a lock already held) and never replace auto-renewal.
 * <p>
 * A hold that grows by more than the factor between two updates outlives its learned
 * lease: its loss is reported as any other ({@code LockLostException} on release) and its
 * hold time raises the estimate at the next update.
 *
 * @since 0.1.0
 */
public class AdaptiveTimeouts implements LockListener, LearnedTimeouts {

	/**
	 * Percentile of hold and acquisition times the timeouts are derived from.
	 */
	public static final double PERCENTILE = 0.99;

	private static final Logger logger = LoggerFactory.getLogger(AdaptiveTimeouts.class);

	private final AdaptiveTimeoutSettings settings;

	private final AdaptiveTimeoutStore store;

	private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();

	private final Map<String, Learned> learned = new ConcurrentHashMap<>();

	private final AtomicBoolean updating = new AtomicBoolean();

	private final List<Runnable> updateListeners = new CopyOnWriteArrayList<>();

	private volatile boolean failing;

	/**
	 * Create adaptive timeouts.
	 * @param settings the settings
	 * @param store where all instances share their estimates
	 */
	public AdaptiveTimeouts(AdaptiveTimeoutSettings settings, AdaptiveTimeoutStore store) {
		this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
		this.store = Objects.requireNonNull(store, "'store' must not be null");
	}

	@Override
	public void onAcquired(LockRequest request, Duration waited, boolean contended) {
		recorder(request.name()).waits.record(waited);
	}

	@Override
	public void onTimeout(LockRequest request, Duration waited) {
		// A timeout is an acquisition that took at least this long.
		recorder(request.name()).waits.record(waited);
	}

	@Override
	public void onReleased(LockRequest request, Duration held) {
		recorder(request.name()).holds.record(held);
	}

	private Recorder recorder(String name) {
		return this.recorders.computeIfAbsent(name, (key) -> new Recorder());
	}

	@Override
	public @Nullable Duration leaseTime(String name) {
		Learned values = this.learned.get(name);
		return (values != null) ? values.leaseTime() : null;
	}

	@Override
	public @Nullable Duration waitTime(String name) {
		Learned values = this.learned.get(name);
		return (values != null) ? values.waitTime() : null;
	}

	/**
	 * Return the settings.
	 * @return the settings
	 */
	public AdaptiveTimeoutSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return what is learned for every lock name this instance knows of (its own and
	 * those other instances stored), sorted by name.
	 * @return the learned timeouts
	 */
	public List<LearnedTimeout> learnedTimeouts() {
		List<LearnedTimeout> timeouts = new ArrayList<>();
		this.learned.forEach((name, values) -> {
			if (values.estimate().updatedAtMillis() > 0) {
				timeouts.add(values.describe(name));
			}
		});
		timeouts.sort(Comparator.comparing(LearnedTimeout::name));
		return timeouts;
	}

	/**
	 * Run the given action after each update of the learned values, for example to
	 * register gauges for names that appeared.
	 * @param listener the action, run on the thread that completes the update
	 */
	public void addUpdateListener(Runnable listener) {
		this.updateListeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
	}

	/**
	 * Load the shared estimates, for example at startup, so that a new instance starts
	 * with what the others learned. Waits at most the given time and never throws: when
	 * the store cannot be reached the static defaults apply until a later update
	 * succeeds.
	 * @param timeout how long to wait
	 */
	public void load(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			// The first exchange names the stored lock names, the second reads them.
			for (int i = 0; i < 2; i++) {
				long remaining = deadline - System.nanoTime();
				update().toCompletableFuture().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not load learned lock timeouts within {}; the static defaults apply until an update "
					+ "succeeds: {}", timeout, ex.toString());
		}
	}

	/**
	 * Send what this instance measured since the last update to the store in one batch,
	 * and take every name's shared estimate back. At most one update runs at a time; a
	 * call while one runs returns at once. Observations that the store did not take are
	 * kept for the next update.
	 * @return completes when the learned values are updated; never completes
	 * exceptionally
	 */
	public CompletableFuture<Void> update() {
		if (!this.updating.compareAndSet(false, true)) {
			return CompletableFuture.completedFuture(null);
		}
		Map<String, long[][]> drained = new HashMap<>();
		Map<String, TimeoutObservations> batch = new HashMap<>();
		this.learned.keySet().forEach((name) -> batch.put(name, TimeoutObservations.NONE));
		this.recorders.forEach((name, recorder) -> {
			long[] holds = recorder.holds.drain();
			long[] waits = recorder.waits.drain();
			drained.put(name, new long[][] { holds, waits });
			batch.put(name,
					new TimeoutObservations(DurationHistogram.percentileMillis(holds, PERCENTILE),
							DurationHistogram.total(holds), DurationHistogram.percentileMillis(waits, PERCENTILE),
							DurationHistogram.total(waits)));
		});
		CompletableFuture<Void> done = new CompletableFuture<>();
		try {
			this.store.exchange(batch, this.settings.decay(), this.settings.retention().toMillis())
				.whenComplete((exchange, failure) -> {
					try {
						if (failure != null) {
							restore(drained);
							onFailure(failure);
						}
						else {
							apply(exchange);
						}
					}
					finally {
						this.updating.set(false);
						done.complete(null);
					}
				});
		}
		catch (RuntimeException ex) {
			restore(drained);
			onFailure(ex);
			this.updating.set(false);
			done.complete(null);
		}
		return done;
	}

	private void restore(Map<String, long[][]> drained) {
		drained.forEach((name, counts) -> {
			Recorder recorder = recorder(name);
			recorder.holds.restore(counts[0]);
			recorder.waits.restore(counts[1]);
		});
	}

	private void onFailure(Throwable failure) {
		if (!this.failing) {
			this.failing = true;
			logger.warn("Could not update learned lock timeouts; the values learned so far still apply and the "
					+ "observations are kept for the next update: {}", failure.toString());
		}
	}

	private void apply(AdaptiveTimeoutStore.Exchange exchange) {
		if (this.failing) {
			this.failing = false;
			logger.info("Learned lock timeouts are updated again");
		}
		// A name whose estimate expired or was removed is learned anew.
		this.learned.keySet().retainAll(exchange.estimates().keySet());
		exchange.estimates().forEach((name, estimate) -> this.learned.put(name, learn(estimate)));
		// Names that other instances stored are read at the next update.
		exchange.otherNames()
			.forEach((name) -> this.learned.putIfAbsent(name, learn(new TimeoutEstimate(-1, 0, -1, 0, 0))));
		for (Runnable listener : this.updateListeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Learned lock timeouts update listener {} failed", listener, ex);
			}
		}
	}

	private Learned learn(TimeoutEstimate estimate) {
		AdaptiveTimeoutSettings s = this.settings;
		Duration lease = null;
		if (estimate.holds() >= s.warmUpCount() && estimate.holdMillis() >= 0) {
			lease = clamp(s.factor() * estimate.holdMillis(), s.minLease(), s.maxLease());
		}
		Duration wait = null;
		if (estimate.waits() >= s.warmUpCount() && estimate.waitMillis() >= 0) {
			double floor = Math.max(estimate.holdMillis(), 0);
			wait = clamp(Math.max(s.factor() * estimate.waitMillis(), floor), s.minWait(), s.maxWait());
		}
		return new Learned(lease, wait, estimate);
	}

	private static Duration clamp(double millis, Duration min, Duration max) {
		Duration value = Duration.ofMillis((long) Math.ceil(millis));
		if (value.compareTo(min) < 0) {
			return min;
		}
		return (value.compareTo(max) > 0) ? max : value;
	}

	private static final class Recorder {

		private final DurationHistogram holds = new DurationHistogram();

		private final DurationHistogram waits = new DurationHistogram();

	}

	private record Learned(@Nullable Duration leaseTime, @Nullable Duration waitTime, TimeoutEstimate estimate) {

		LearnedTimeout describe(String name) {
			return new LearnedTimeout(name, (this.leaseTime != null) ? this.leaseTime.toMillis() : null,
					(this.waitTime != null) ? this.waitTime.toMillis() : null,
					(long) Math.ceil(this.estimate.holdMillis()), (long) Math.ceil(this.estimate.waitMillis()),
					this.estimate.holds(), this.estimate.waits(),
					Instant.ofEpochMilli(this.estimate.updatedAtMillis()).toString());
		}

	}

}
