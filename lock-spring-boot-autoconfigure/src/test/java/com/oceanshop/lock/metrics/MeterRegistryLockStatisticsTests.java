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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.admin.LockNameStatistics;
import com.oceanshop.lock.admin.LockStatistics;
import com.oceanshop.lock.admin.LockStatisticsSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MeterRegistryLockStatistics}: it reports the same figures from
 * {@link MicrometerLockListener}'s meters as {@link LockStatistics} counts itself.
 */
class MeterRegistryLockStatisticsTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private static final LockRequest INVENTORY = LockRequest.of("inventory:reserve:PROD-1");

	private static final LockRequest INVENTORY_OTHER_ID = LockRequest.of("inventory:reserve:PROD-2");

	private static final LockRequest ORDER = LockRequest.builder("order:process:O-1").type(LockType.FAIR).build();

	private final LockStatistics expected = new LockStatistics(Clock.fixed(START, ZoneOffset.UTC));

	@Test
	void snapshotWhenNothingHappenedIsEmptyWithFullSuccessRate() {
		LockStatisticsSnapshot snapshot = statistics(new SimpleMeterRegistry()).snapshot();
		assertThat(snapshot.since()).isEqualTo(START);
		assertThat(snapshot.acquisitions()).isZero();
		assertThat(snapshot.successRatePercent()).isEqualTo(100.0);
		assertThat(snapshot.p95AcquisitionMillis()).isZero();
		assertThat(snapshot.locks()).isEmpty();
	}

	@Test
	void countsMatchTheInMemoryStatisticsWithASimpleRegistry() {
		assertCountsMatch(new SimpleMeterRegistry());
	}

	@Test
	void countsMatchTheInMemoryStatisticsWithAPrometheusRegistry() {
		assertCountsMatch(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
	}

	@Test
	void p95IsTheUpperBoundOfItsHistogramBucket() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		MicrometerLockListener listener = new MicrometerLockListener(registry);
		for (int i = 0; i < 19; i++) {
			listener.onAcquired(INVENTORY, Duration.ofMillis(3), false);
			listener.onReleased(INVENTORY, Duration.ofMillis(1));
		}
		listener.onTimeout(INVENTORY, Duration.ofSeconds(2));
		double p95 = statistics(registry).snapshot().p95AcquisitionMillis();
		// 19 of 20 attempts took 3 ms; the 95th percentile is in their bucket.
		assertThat(p95).isBetween(3.0, 10.0);
		listener.onTimeout(INVENTORY, Duration.ofSeconds(2));
		assertThat(statistics(registry).snapshot().p95AcquisitionMillis()).isBetween(2000.0, 3000.0);
	}

	private void assertCountsMatch(MeterRegistry registry) {
		LockListener listener = LockListener
			.composite(java.util.List.of(new MicrometerLockListener(registry), this.expected));
		listener.onAcquired(INVENTORY, Duration.ofMillis(2), false);
		listener.onAcquired(INVENTORY_OTHER_ID, Duration.ofMillis(40), true);
		listener.onReleased(INVENTORY, Duration.ofMillis(5));
		listener.onTimeout(INVENTORY, Duration.ofMillis(100));
		listener.onFailure(INVENTORY, Duration.ofMillis(1), new IllegalStateException("test"));
		listener.onLost(INVENTORY_OTHER_ID, Duration.ofMillis(9));
		listener.onAcquired(ORDER, Duration.ofMillis(1), false);
		LockStatisticsSnapshot actual = statistics(registry).snapshot();
		LockStatisticsSnapshot expected = this.expected.snapshot();
		assertThat(actual).usingRecursiveComparison()
			.ignoringFields("p95AcquisitionMillis", "locks.p95AcquisitionMillis")
			.isEqualTo(expected);
		assertThat(actual.locks()).extracting(LockNameStatistics::name, LockNameStatistics::type)
			.containsExactly(org.assertj.core.api.Assertions.tuple("inventory:reserve", "exclusive"),
					org.assertj.core.api.Assertions.tuple("order:process", "fair"));
		assertThat(actual.p95AcquisitionMillis()).isPositive();
	}

	private static MeterRegistryLockStatistics statistics(MeterRegistry registry) {
		return new MeterRegistryLockStatistics(registry, Clock.fixed(START, ZoneOffset.UTC));
	}

}
