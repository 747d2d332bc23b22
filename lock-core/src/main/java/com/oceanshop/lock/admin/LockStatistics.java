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

package com.oceanshop.lock.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

/**
 * {@link LockListener} that keeps in-process statistics per lock name
 * ({@code context:operation}) and type: acquisitions, timeouts, failures, contended
 * acquisitions, lost locks, locks held now, and a small fixed-bucket histogram of the
 * acquisition time for its 95th percentile.
 * <p>
 * Recording costs a map lookup and a few atomic increments and never calls Redis. The
 * counts cover this instance since it started; cluster-wide figures come from the
 * Prometheus metrics. Where Micrometer records the same events, the admin reads its
 * meters instead and this listener is not needed. At most {@value #MAX_NAMES} name and
 * type pairs are tracked; any further ones are counted under the name
 * {@value #OVERFLOW_NAME}.
 *
 * @since 0.1.0
 */
public class LockStatistics implements LockListener, LockStatisticsSource {

	/**
	 * Maximum number of distinct name and type pairs tracked.
	 */
	public static final int MAX_NAMES = 1000;

	/**
	 * Name under which pairs beyond {@link #MAX_NAMES} are counted.
	 */
	public static final String OVERFLOW_NAME = "_other";

	// Upper bounds, in microseconds, of the acquisition-time histogram buckets; the last
	// bucket takes everything slower.
	private static final long[] BUCKET_BOUNDS_MICROS = { 100, 250, 500, 1_000, 2_000, 3_000, 5_000, 7_500, 10_000,
			15_000, 20_000, 30_000, 50_000, 75_000, 100_000, 150_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000,
			10_000_000, 30_000_000, 60_000_000 };

	private final Map<Key, Counters> counters = new ConcurrentHashMap<>();

	private final Instant since;

	/**
	 * Create statistics that start counting now.
	 */
	public LockStatistics() {
		this(Clock.systemUTC());
	}

	/**
	 * Create statistics that start counting now, by the given clock.
	 * @param clock the clock telling when counting started
	 */
	public LockStatistics(Clock clock) {
		this.since = clock.instant();
	}

	@Override
	public void onAcquired(LockRequest request, Duration waited, boolean contended) {
		Counters counters = countersFor(request);
		counters.acquisitions.increment();
		if (contended) {
			counters.contended.increment();
		}
		counters.active.increment();
		counters.record(waited);
	}

	@Override
	public void onTimeout(LockRequest request, Duration waited) {
		Counters counters = countersFor(request);
		counters.timeouts.increment();
		counters.record(waited);
	}

	@Override
	public void onFailure(LockRequest request, Duration elapsed, Throwable error) {
		countersFor(request).failures.increment();
	}

	@Override
	public void onReleased(LockRequest request, Duration held) {
		countersFor(request).active.decrement();
	}

	@Override
	public void onLost(LockRequest request, Duration held) {
		countersFor(request).lost.increment();
	}

	private Counters countersFor(LockRequest request) {
		Key key = new Key(request.name(), request.type());
		Counters counters = this.counters.get(key);
		if (counters != null) {
			return counters;
		}
		if (this.counters.size() >= MAX_NAMES) {
			key = new Key(OVERFLOW_NAME, request.type());
		}
		return this.counters.computeIfAbsent(key, (k) -> new Counters());
	}

	@Override
	public LockStatisticsSnapshot snapshot() {
		List<LockNameStatistics> locks = new ArrayList<>();
		long[] totalBuckets = new long[BUCKET_BOUNDS_MICROS.length + 1];
		long acquisitions = 0;
		long timeouts = 0;
		long failures = 0;
		long contended = 0;
		long lost = 0;
		long active = 0;
		for (Map.Entry<Key, Counters> entry : this.counters.entrySet()) {
			Counters counters = entry.getValue();
			long[] buckets = counters.buckets();
			for (int i = 0; i < buckets.length; i++) {
				totalBuckets[i] += buckets[i];
			}
			long lockAcquisitions = counters.acquisitions.sum();
			long lockTimeouts = counters.timeouts.sum();
			long lockFailures = counters.failures.sum();
			LockNameStatistics lock = new LockNameStatistics(entry.getKey().name(), entry.getKey().type().tagValue(),
					lockAcquisitions, lockTimeouts, lockFailures, counters.contended.sum(), counters.lost.sum(),
					Math.max(0, counters.active.sum()), successRate(lockAcquisitions, lockTimeouts, lockFailures),
					p95Millis(buckets));
			locks.add(lock);
			acquisitions += lock.acquisitions();
			timeouts += lock.timeouts();
			failures += lock.failures();
			contended += lock.contended();
			lost += lock.lost();
			active += lock.active();
		}
		locks.sort(Comparator.comparing(LockNameStatistics::name).thenComparing(LockNameStatistics::type));
		return new LockStatisticsSnapshot(this.since, acquisitions, timeouts, failures, contended, lost, active,
				successRate(acquisitions, timeouts, failures), p95Millis(totalBuckets), locks);
	}

	/**
	 * Return the number of locks held by this instance now.
	 * @return the active locks
	 */
	public long activeCount() {
		long active = 0;
		for (Counters counters : this.counters.values()) {
			active += Math.max(0, counters.active.sum());
		}
		return active;
	}

	private static double successRate(long acquisitions, long timeouts, long failures) {
		long attempts = acquisitions + timeouts + failures;
		if (attempts == 0) {
			return 100.0;
		}
		return Math.round(acquisitions * 10_000.0 / attempts) / 100.0;
	}

	private static double p95Millis(long[] buckets) {
		long total = 0;
		for (long count : buckets) {
			total += count;
		}
		if (total == 0) {
			return 0;
		}
		long rank = (long) Math.ceil(total * 0.95);
		long seen = 0;
		for (int i = 0; i < buckets.length; i++) {
			seen += buckets[i];
			if (seen >= rank) {
				long bound = (i < BUCKET_BOUNDS_MICROS.length) ? BUCKET_BOUNDS_MICROS[i]
						: BUCKET_BOUNDS_MICROS[BUCKET_BOUNDS_MICROS.length - 1];
				return bound / 1000.0;
			}
		}
		return BUCKET_BOUNDS_MICROS[BUCKET_BOUNDS_MICROS.length - 1] / 1000.0;
	}

	static int bucketIndex(long micros) {
		int low = 0;
		int high = BUCKET_BOUNDS_MICROS.length;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (BUCKET_BOUNDS_MICROS[mid] < micros) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	private record Key(String name, LockType type) {

	}

	private static final class Counters {

		final LongAdder acquisitions = new LongAdder();

		final LongAdder timeouts = new LongAdder();

		final LongAdder failures = new LongAdder();

		final LongAdder contended = new LongAdder();

		final LongAdder lost = new LongAdder();

		final LongAdder active = new LongAdder();

		private final AtomicLongArray histogram = new AtomicLongArray(BUCKET_BOUNDS_MICROS.length + 1);

		void record(Duration duration) {
			long micros = (duration.getSeconds() >= 3600) ? Long.MAX_VALUE : duration.toNanos() / 1000;
			this.histogram.incrementAndGet(bucketIndex(micros));
		}

		long[] buckets() {
			long[] buckets = new long[this.histogram.length()];
			for (int i = 0; i < buckets.length; i++) {
				buckets[i] = this.histogram.get(i);
			}
			return buckets;
		}

	}

}
