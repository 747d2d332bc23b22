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

package com.oceanshop.lock.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockDeadlockException;
import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.LockUnavailableException;

/**
 * {@link LockListener} that records lock events as Micrometer meters. Every meter is
 * tagged with {@value LockMetricNames#TAG_KEY} (the key's {@code context:operation} part,
 * {@link LockRequest#name()}, never the id) and {@value LockMetricNames#TAG_TYPE}
 * ({@link LockType#tagValue()}). Prometheus names are in brackets:
 * <ul>
 * <li>{@value LockMetricNames#ACQUISITIONS} [{@code lock_acquisitions_total}]: counter of
 * acquired locks.</li>
 * <li>{@value LockMetricNames#FAILURES} [{@code lock_failures_total}]: counter of
 * acquisitions that failed, tagged {@value LockMetricNames#TAG_REASON} =
 * {@value LockMetricNames#REASON_TIMEOUT} or {@value LockMetricNames#REASON_ERROR} (Redis
 * unreachable, interrupted, or a release that failed).</li>
 * <li>{@value LockMetricNames#TIMEOUTS} [{@code lock_timeouts_total}]: counter of
 * acquisitions whose wait time ran out.</li>
 * <li>{@value LockMetricNames#ACQUISITION_TIME} [{@code lock_acquisition_time_seconds}]:
 * timer with a percentile histogram, from request to acquisition or timeout, tagged
 * {@value LockMetricNames#TAG_OUTCOME} = {@value LockMetricNames#OUTCOME_ACQUIRED} or
 * {@value LockMetricNames#OUTCOME_TIMEOUT}.</li>
 * <li>{@value LockMetricNames#HOLD_DURATION} [{@code lock_hold_duration_seconds}]: timer
 * with a percentile histogram, from acquisition to release.</li>
 * <li>{@value LockMetricNames#ACTIVE_COUNT} [{@code lock_active_count}]: gauge of locks
 * acquired and not yet released by this instance.</li>
 * <li>{@value LockMetricNames#CONTENDED} [{@code lock_contended_total}]: counter of
 * acquisitions whose first attempt found the lock held.</li>
 * <li>{@value LockMetricNames#LOST} [{@code lock_lost_total}]: counter of held locks
 * whose lease ran out or whose renewal failed.</li>
 * </ul>
 * The Redis reachability gauge {@value LockMetricNames#REDIS_UP} is registered by
 * {@link RedisReachabilityMonitor}; when one is given, this listener sets it to 0 as soon
 * as an operation fails with {@link LockUnavailableException}.
 * <p>
 * All meters of a {@code (lock.key, lock.type)} pair are registered together the first
 * time the pair is seen, so series exist (at zero) before the first failure, and are
 * cached: recording an event looks them up and updates them without allocating tags or
 * touching Redis.
 *
 * @since 0.1.0
 */
public class MicrometerLockListener implements LockListener {

	private static final LockType[] TYPES = LockType.values();

	private final MeterRegistry registry;

	private final @Nullable RedisReachabilityMonitor redisMonitor;

	// One map per lock type, indexed by ordinal, so a lookup needs no composite key.
	private final ConcurrentMap<String, LockMeters>[] meters;

	/**
	 * Create a listener that registers its meters in the given registry.
	 * @param registry the meter registry
	 */
	public MicrometerLockListener(MeterRegistry registry) {
		this(registry, null);
	}

	/**
	 * Create a listener that registers its meters in the given registry and reports
	 * unreachable Redis to the given monitor.
	 * @param registry the meter registry
	 * @param redisMonitor the monitor behind {@value LockMetricNames#REDIS_UP}, or
	 * {@code null}
	 */
	@SuppressWarnings("unchecked")
	public MicrometerLockListener(MeterRegistry registry, @Nullable RedisReachabilityMonitor redisMonitor) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		this.redisMonitor = redisMonitor;
		this.meters = new ConcurrentMap[TYPES.length];
		for (int i = 0; i < TYPES.length; i++) {
			this.meters[i] = new ConcurrentHashMap<>();
		}
	}

	@Override
	public void onAcquired(LockRequest request, Duration waited, boolean contended) {
		LockMeters meters = meters(request);
		meters.acquisitions.increment();
		meters.acquiredTime.record(waited);
		if (contended) {
			meters.contended.increment();
		}
		meters.active.incrementAndGet();
	}

	@Override
	public void onTimeout(LockRequest request, Duration waited) {
		LockMeters meters = meters(request);
		meters.timeouts.increment();
		meters.timeoutFailures.increment();
		meters.timeoutTime.record(waited);
	}

	@Override
	public void onFailure(LockRequest request, Duration elapsed, Throwable error) {
		// Not timed: a failed release reports here too, with the hold time as 'elapsed'.
		meters(request).errorFailures.increment();
		RedisReachabilityMonitor redisMonitor = this.redisMonitor;
		if (redisMonitor != null && error instanceof LockUnavailableException) {
			redisMonitor.markUnreachable();
		}
	}

	@Override
	public void onReleased(LockRequest request, Duration held) {
		LockMeters meters = meters(request);
		meters.holdDuration.record(held);
		meters.active.decrementAndGet();
	}

	@Override
	public void onLost(LockRequest request, Duration held) {
		meters(request).lost.increment();
	}

	@Override
	public void onDeadlock(LockRequest request, Duration waited, LockDeadlockException deadlock) {
		LockMeters meters = meters(request);
		meters.deadlocks.increment();
		meters.deadlockFailures.increment();
	}

	private LockMeters meters(LockRequest request) {
		ConcurrentMap<String, LockMeters> byName = this.meters[request.type().ordinal()];
		String name = request.name();
		LockMeters meters = byName.get(name);
		if (meters == null) {
			meters = byName.computeIfAbsent(name, (key) -> new LockMeters(this.registry, key, request.type()));
		}
		return meters;
	}

	/**
	 * Return a timer builder for {@value LockMetricNames#ACQUISITION_TIME}. Every
	 * registration of the name must use it, because a registry rejects a timer whose
	 * histogram settings differ from an earlier registration of the same name.
	 * @return a builder with the name, description and histogram settings
	 */
	static Timer.Builder acquisitionTimer() {
		return Timer.builder(LockMetricNames.ACQUISITION_TIME)
			.description("Time from a lock request to its acquisition or timeout")
			.publishPercentileHistogram()
			// Bucket boundaries at the alert thresholds (10 ms average, 50 ms p95).
			.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50))
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30));
	}

	/**
	 * Return a timer builder for {@value LockMetricNames#HOLD_DURATION}, to be used for
	 * every registration of the name.
	 * @return a builder with the name, description and histogram settings
	 */
	static Timer.Builder holdDurationTimer() {
		return Timer.builder(LockMetricNames.HOLD_DURATION)
			.description("Time from the acquisition of a lock to its release")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofMinutes(5));
	}

	/**
	 * Meters of one {@code (lock.key, lock.type)} pair.
	 */
	private static final class LockMeters {

		private final Counter acquisitions;

		private final Counter timeouts;

		private final Counter timeoutFailures;

		private final Counter errorFailures;

		private final Counter contended;

		private final Counter lost;

		private final Counter deadlocks;

		private final Counter deadlockFailures;

		private final Timer acquiredTime;

		private final Timer timeoutTime;

		private final Timer holdDuration;

		// Held strongly here: a gauge only keeps a weak reference to its state.
		private final AtomicInteger active = new AtomicInteger();

		LockMeters(MeterRegistry registry, String name, LockType type) {
			Tags tags = Tags.of(LockMetricNames.TAG_KEY, name, LockMetricNames.TAG_TYPE, type.tagValue());
			this.acquisitions = Counter.builder(LockMetricNames.ACQUISITIONS)
				.description("Locks acquired")
				.tags(tags)
				.register(registry);
			this.timeouts = Counter.builder(LockMetricNames.TIMEOUTS)
				.description("Lock acquisitions whose wait time ran out")
				.tags(tags)
				.register(registry);
			this.timeoutFailures = failures(registry, tags, LockMetricNames.REASON_TIMEOUT);
			this.errorFailures = failures(registry, tags, LockMetricNames.REASON_ERROR);
			this.contended = Counter.builder(LockMetricNames.CONTENDED)
				.description("Lock acquisitions that found the lock held and had to wait")
				.tags(tags)
				.register(registry);
			this.lost = Counter.builder(LockMetricNames.LOST)
				.description("Held locks that were lost because their lease ran out or their renewal failed")
				.tags(tags)
				.register(registry);
			this.deadlocks = Counter.builder(LockMetricNames.DEADLOCKS)
				.description("Lock acquisitions that gave up as the victim of a deadlock between waiting flows")
				.tags(tags)
				.register(registry);
			this.deadlockFailures = failures(registry, tags, LockMetricNames.REASON_DEADLOCK);
			this.acquiredTime = acquisitionTimer().tags(tags)
				.tag(LockMetricNames.TAG_OUTCOME, LockMetricNames.OUTCOME_ACQUIRED)
				.register(registry);
			this.timeoutTime = acquisitionTimer().tags(tags)
				.tag(LockMetricNames.TAG_OUTCOME, LockMetricNames.OUTCOME_TIMEOUT)
				.register(registry);
			this.holdDuration = holdDurationTimer().tags(tags).register(registry);
			Gauge.builder(LockMetricNames.ACTIVE_COUNT, this.active, AtomicInteger::get)
				.description("Locks held by this instance now")
				.tags(tags)
				.register(registry);
		}

		private static Counter failures(MeterRegistry registry, Tags tags, String reason) {
			return Counter.builder(LockMetricNames.FAILURES)
				.description("Lock acquisitions that failed, by reason: timeout, deadlock or error")
				.tags(tags)
				.tag(LockMetricNames.TAG_REASON, reason)
				.register(registry);
		}

	}

}
