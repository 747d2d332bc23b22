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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DurationHistogram}.
 */
class DurationHistogramTests {

	@Test
	void percentileIsNeverBelowTheMeasuredValueAndAtMostFivePercentAbove() {
		for (long millis : new long[] { 2, 7, 50, 200, 999, 2000, 30_000, 3_600_000 }) {
			DurationHistogram histogram = new DurationHistogram();
			histogram.record(Duration.ofMillis(millis));
			long p99 = DurationHistogram.percentileMillis(histogram.drain(), 0.99);
			assertThat(p99).as("%d ms", millis)
				.isGreaterThanOrEqualTo(millis)
				.isLessThanOrEqualTo((long) Math.ceil(millis * 1.05) + 1);
		}
	}

	@Test
	void ninetyNinthPercentileIgnoresOneOutlierInAHundred() {
		DurationHistogram histogram = new DurationHistogram();
		for (int i = 0; i < 199; i++) {
			histogram.record(Duration.ofMillis(100));
		}
		histogram.record(Duration.ofSeconds(20));
		long[] counts = histogram.drain();
		assertThat(DurationHistogram.total(counts)).isEqualTo(200);
		assertThat(DurationHistogram.percentileMillis(counts, 0.99)).isBetween(100L, 105L);
		assertThat(DurationHistogram.percentileMillis(counts, 1.0)).isGreaterThanOrEqualTo(20_000);
	}

	@Test
	void drainStartsAgainAndRestoreAddsBack() {
		DurationHistogram histogram = new DurationHistogram();
		histogram.record(Duration.ofMillis(10));
		long[] first = histogram.drain();
		assertThat(DurationHistogram.total(histogram.drain())).isZero();
		assertThat(DurationHistogram.percentileMillis(new long[first.length], 0.99)).isEqualTo(-1);
		histogram.restore(first);
		histogram.record(Duration.ofMillis(10));
		assertThat(DurationHistogram.total(histogram.drain())).isEqualTo(2);
	}

}
