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

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.search.Search;

import com.oceanshop.lock.admin.LockNameStatistics;
import com.oceanshop.lock.admin.LockStatisticsSnapshot;
import com.oceanshop.lock.admin.LockStatisticsSource;

/**
 * {@link LockStatisticsSource} that reads the lock meters {@link MicrometerLockListener}
 * keeps in a {@link MeterRegistry}, so that the admin's statistics need no second
 * recording of each event. Counts are what the registry holds: cumulative since start for
 * Prometheus and the simple registry, the last step for step-based registries. The 95th
 * percentile of the acquisition time is read from the
 * {@value LockMetricNames#ACQUISITION_TIME} histogram buckets (both outcomes), as the
 * upper bound of its bucket.
 *
 * @since 0.1.0
 */
public class MeterRegistryLockStatistics implements LockStatisticsSource {

	private static final Comparator<Key> ORDER = Comparator.comparing(Key::name).thenComparing(Key::type);

	private final MeterRegistry registry;

	private final Instant since;

	/**
	 * Create statistics over the given registry, reported as counted from now.
	 * @param registry the registry holding the lock meters
	 */
	public MeterRegistryLockStatistics(MeterRegistry registry) {
		this(registry, Clock.systemUTC());
	}

	/**
	 * Create statistics over the given registry, reported as counted from now by the
	 * given clock.
	 * @param registry the registry holding the lock meters
	 * @param clock the clock telling when counting started
	 */
	public MeterRegistryLockStatistics(MeterRegistry registry, Clock clock) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		this.since = clock.instant();
	}

	@Override
	public LockStatisticsSnapshot snapshot() {
		Map<Key, Tally> tallies = new TreeMap<>(ORDER);
		counters(Search.in(this.registry).name(LockMetricNames.ACQUISITIONS), tallies,
				(tally, count) -> tally.acquisitions += count);
		counters(Search.in(this.registry).name(LockMetricNames.TIMEOUTS), tallies,
				(tally, count) -> tally.timeouts += count);
		counters(
				Search.in(this.registry)
					.name(LockMetricNames.FAILURES)
					.tag(LockMetricNames.TAG_REASON, LockMetricNames.REASON_ERROR),
				tallies, (tally, count) -> tally.failures += count);
		counters(
				Search.in(this.registry)
					.name(LockMetricNames.FAILURES)
					.tag(LockMetricNames.TAG_REASON, LockMetricNames.REASON_DEADLOCK),
				tallies, (tally, count) -> tally.failures += count);
		counters(Search.in(this.registry).name(LockMetricNames.CONTENDED), tallies,
				(tally, count) -> tally.contended += count);
		counters(Search.in(this.registry).name(LockMetricNames.LOST), tallies, (tally, count) -> tally.lost += count);
		Search.in(this.registry)
			.name(LockMetricNames.ACTIVE_COUNT)
			.gauges()
			.forEach((gauge) -> tally(tallies, gauge).active += Math.max(0, (long) gauge.value()));
		Search.in(this.registry)
			.name(LockMetricNames.ACQUISITION_TIME)
			.timers()
			.forEach((timer) -> tally(tallies, timer).add(timer));
		List<LockNameStatistics> locks = new ArrayList<>();
		Tally total = new Tally();
		tallies.forEach((key, tally) -> {
			locks.add(tally.toStatistics(key));
			total.addAll(tally);
		});
		return new LockStatisticsSnapshot(this.since, total.acquisitions, total.timeouts, total.failures,
				total.contended, total.lost, total.active, total.successRate(), total.p95Millis(), locks);
	}

	private static void counters(Search search, Map<Key, Tally> tallies, BiConsumer<Tally, Long> add) {
		for (Counter counter : search.counters()) {
			add.accept(tally(tallies, counter), (long) counter.count());
		}
	}

	private static Tally tally(Map<Key, Tally> tallies, Meter meter) {
		String name = Objects.requireNonNullElse(meter.getId().getTag(LockMetricNames.TAG_KEY), "");
		String type = Objects.requireNonNullElse(meter.getId().getTag(LockMetricNames.TAG_TYPE), "");
		return tallies.computeIfAbsent(new Key(name, type), (key) -> new Tally());
	}

	private record Key(String name, String type) {

	}

	/**
	 * Figures of one name and type, or of all of them.
	 */
	private static final class Tally {

		long acquisitions;

		long timeouts;

		long failures;

		long contended;

		long lost;

		long active;

		long timed;

		double maxMillis;

		// Cumulative count of acquisition times up to each bucket's upper bound (ms).
		final TreeMap<Double, Double> buckets = new TreeMap<>();

		void add(Timer timer) {
			HistogramSnapshot snapshot = timer.takeSnapshot();
			this.timed += snapshot.count();
			this.maxMillis = Math.max(this.maxMillis, snapshot.max(TimeUnit.MILLISECONDS));
			for (CountAtBucket bucket : snapshot.histogramCounts()) {
				this.buckets.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
			}
		}

		void addAll(Tally other) {
			this.acquisitions += other.acquisitions;
			this.timeouts += other.timeouts;
			this.failures += other.failures;
			this.contended += other.contended;
			this.lost += other.lost;
			this.active += other.active;
			this.timed += other.timed;
			this.maxMillis = Math.max(this.maxMillis, other.maxMillis);
			other.buckets.forEach((bound, count) -> this.buckets.merge(bound, count, Double::sum));
		}

		LockNameStatistics toStatistics(Key key) {
			return new LockNameStatistics(key.name(), key.type(), this.acquisitions, this.timeouts, this.failures,
					this.contended, this.lost, this.active, successRate(), p95Millis());
		}

		double successRate() {
			long attempts = this.acquisitions + this.timeouts + this.failures;
			if (attempts == 0) {
				return 100.0;
			}
			return Math.round(this.acquisitions * 10_000.0 / attempts) / 100.0;
		}

		// Beyond the top bucket the percentile is only known to lie below the maximum.
		double p95Millis() {
			if (this.timed == 0) {
				return 0;
			}
			double rank = Math.ceil(this.timed * 0.95);
			for (Map.Entry<Double, Double> bucket : this.buckets.entrySet()) {
				if (bucket.getValue() >= rank) {
					return bucket.getKey();
				}
			}
			return this.buckets.isEmpty() ? this.maxMillis : Math.max(this.buckets.lastKey(), this.maxMillis);
		}

	}

}
