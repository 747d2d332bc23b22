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
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lock-free histogram of durations in buckets that grow by 5%, from 1 ms to about a day:
 * recording is one atomic increment on the caller's thread, and a percentile read from it
 * is the upper bound of its bucket, so it is never below the measured value and at most
 * 5% above it.
 */
final class DurationHistogram {

	/**
	 * Ratio between the upper bounds of neighbouring buckets.
	 */
	static final double GROWTH = 1.05;

	private static final double LOG_GROWTH = Math.log(GROWTH);

	// 1.05^380 ms is about 13 days; longer durations count in the last bucket.
	private static final int BUCKETS = 381;

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	/**
	 * Count one duration.
	 * @param duration the duration
	 */
	void record(Duration duration) {
		this.counts.incrementAndGet(bucket(duration.toNanos() / 1_000_000.0));
	}

	/**
	 * Take the counts recorded so far and start again from zero.
	 * @return the counts per bucket
	 */
	long[] drain() {
		long[] drained = new long[BUCKETS];
		for (int i = 0; i < BUCKETS; i++) {
			drained[i] = this.counts.getAndSet(i, 0);
		}
		return drained;
	}

	/**
	 * Add counts back, for example those of an update that could not be stored.
	 * @param drained counts from {@link #drain()}
	 */
	void restore(long[] drained) {
		for (int i = 0; i < BUCKETS; i++) {
			if (drained[i] != 0) {
				this.counts.addAndGet(i, drained[i]);
			}
		}
	}

	static int bucket(double millis) {
		if (millis <= 1) {
			return 0;
		}
		int bucket = (int) Math.ceil(Math.log(millis) / LOG_GROWTH - 1e-9);
		return Math.min(bucket, BUCKETS - 1);
	}

	static long upperBoundMillis(int bucket) {
		return (long) Math.ceil(Math.pow(GROWTH, bucket) - 1e-9);
	}

	/**
	 * Return the number of durations in the counts.
	 * @param counts counts per bucket
	 * @return the total
	 */
	static long total(long[] counts) {
		long total = 0;
		for (long count : counts) {
			total += count;
		}
		return total;
	}

	/**
	 * Return a percentile of the counts: the upper bound of the bucket that holds it.
	 * @param counts counts per bucket
	 * @param quantile the quantile, for example 0.99
	 * @return the percentile in milliseconds, or -1 when there are no counts
	 */
	static long percentileMillis(long[] counts, double quantile) {
		long total = total(counts);
		if (total == 0) {
			return -1;
		}
		long rank = Math.max(1, (long) Math.ceil(quantile * total));
		long seen = 0;
		for (int i = 0; i < counts.length; i++) {
			seen += counts[i];
			if (seen >= rank) {
				return upperBoundMillis(i);
			}
		}
		return upperBoundMillis(counts.length - 1);
	}

}
