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
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.LockDeadlockException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.LockUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link MicrometerLockListener} and {@link RedisReachabilityMonitor} against
 * the operators' Prometheus contract: series names, types and labels as scraped.
 */
class LockMetricsContractTests {

	private static final LockRequest INVENTORY = LockRequest.builder("inventory:reserve:PROD-123").build();

	private static final LockRequest INVENTORY_OTHER_ID = LockRequest.builder("inventory:reserve:PROD-456").build();

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
		.throwExceptionOnRegistrationFailure();

	private final RedissonClient redisson = mock(RedissonClient.class);

	// Never started here, so it schedules nothing.
	private final RedisReachabilityMonitor monitor = new RedisReachabilityMonitor(this.redisson, this.registry,
			mock(ScheduledExecutorService.class));

	private final MicrometerLockListener listener = new MicrometerLockListener(this.registry, this.monitor);

	@Test
	void scrapeContainsEverySeriesOfTheContract() {
		recordEveryEvent(INVENTORY);
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("lock_acquisitions_total{", "lock_failures_total{", "lock_timeouts_total{",
				"lock_acquisition_time_seconds_bucket{", "lock_acquisition_time_seconds_sum{",
				"lock_acquisition_time_seconds_count{", "lock_hold_duration_seconds_bucket{",
				"lock_hold_duration_seconds_sum{", "lock_hold_duration_seconds_count{", "lock_active_count{",
				"lock_contended_total{", "lock_lost_total{", "lock_redis_up ");
	}

	@Test
	void timersArePublishedAsPrometheusHistograms() {
		recordEveryEvent(INVENTORY);
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("# TYPE lock_acquisition_time_seconds histogram",
				"# TYPE lock_hold_duration_seconds histogram", "# TYPE lock_active_count gauge",
				"# TYPE lock_redis_up gauge", "# TYPE lock_acquisitions_total counter",
				"# TYPE lock_failures_total counter", "# TYPE lock_timeouts_total counter",
				"# TYPE lock_contended_total counter", "# TYPE lock_lost_total counter");
	}

	@Test
	void everyMeterHasADescription() {
		recordEveryEvent(INVENTORY);
		List<Meter> meters = this.registry.getMeters();
		assertThat(meters).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank());
		assertThat(this.registry.scrape()).contains("# HELP lock_acquisitions_total Locks acquired");
	}

	@Test
	void lockKeyLabelIsTheNameNeverTheId() {
		recordEveryEvent(INVENTORY);
		recordEveryEvent(INVENTORY_OTHER_ID);
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("lock_key=\"inventory:reserve\"", "lock_type=\"exclusive\"")
			.doesNotContain("PROD-123", "PROD-456");
		assertThat(scrape)
			.containsOnlyOnce("lock_acquisitions_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\"} 2.0");
	}

	@Test
	void failuresTellTimeoutFromError() {
		this.listener.onTimeout(INVENTORY, Duration.ofMillis(20));
		this.listener.onTimeout(INVENTORY, Duration.ofMillis(20));
		this.listener.onFailure(INVENTORY, Duration.ofMillis(3), new IllegalStateException("boom"));
		String scrape = this.registry.scrape();
		assertThat(scrape).contains(
				"lock_failures_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\",reason=\"timeout\"} 2.0")
			.contains(
					"lock_failures_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\",reason=\"error\"} 1.0")
			.contains("lock_timeouts_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\"} 2.0")
			.contains("lock_acquisition_time_seconds_count{lock_key=\"inventory:reserve\",lock_type=\"exclusive\","
					+ "outcome=\"timeout\"} 2");
	}

	@Test
	void deadlocksAreCountedByLockNameAndAsFailures() {
		this.listener.onDeadlock(INVENTORY, Duration.ofMillis(40), new LockDeadlockException(INVENTORY.key(),
				INVENTORY.type(), Duration.ofMillis(40), List.of("thread 'a' holds ['x:y'] and waits for 'x:z'")));
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("lock_deadlocks_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\"} 1.0")
			.contains(
					"lock_failures_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\",reason=\"deadlock\"} 1.0")
			.contains(
					"lock_failures_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\",reason=\"error\"} 0.0");
	}

	@Test
	void acquisitionTimeBucketsTellOneMillisecondFromTen() {
		this.listener.onAcquired(INVENTORY, Duration.ofNanos(800_000), false);
		this.listener.onAcquired(INVENTORY, Duration.ofMillis(12), true);
		String scrape = this.registry.scrape();
		String prefix = "lock_acquisition_time_seconds_bucket{lock_key=\"inventory:reserve\","
				+ "lock_type=\"exclusive\",outcome=\"acquired\",le=\"%s\"} %d";
		assertThat(scrape).contains(prefix.formatted("0.001", 1), prefix.formatted("0.01", 1),
				prefix.formatted("0.05", 2), prefix.formatted("+Inf", 2));
		assertThat(scrape).contains("lock_contended_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\"} 1.0");
	}

	@Test
	void activeCountFollowsAcquireAndRelease() {
		this.listener.onAcquired(INVENTORY, Duration.ofMillis(1), false);
		this.listener.onAcquired(INVENTORY_OTHER_ID, Duration.ofMillis(1), false);
		assertThat(activeCount()).isEqualTo(2);
		this.listener.onReleased(INVENTORY, Duration.ofMillis(5));
		assertThat(activeCount()).isEqualTo(1);
		this.listener.onLost(INVENTORY_OTHER_ID, Duration.ofMillis(5));
		this.listener.onReleased(INVENTORY_OTHER_ID, Duration.ofMillis(5));
		assertThat(activeCount()).isZero();
		assertThat(this.registry.scrape())
			.contains("lock_lost_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\"} 1.0")
			.contains("lock_hold_duration_seconds_count{lock_key=\"inventory:reserve\",lock_type=\"exclusive\"} 2");
	}

	@Test
	void everyLockTypeRegistersTheSameTimersWithoutConflict() {
		for (LockType type : LockType.values()) {
			LockRequest request = LockRequest.builder("cache:product:P-1").type(type).build();
			recordEveryEvent(request);
		}
		String scrape = this.registry.scrape();
		for (LockType type : LockType.values()) {
			assertThat(scrape).contains("lock_type=\"" + type.tagValue() + "\"");
		}
	}

	@Test
	void metersAreRegisteredOncePerNameAndType() {
		recordEveryEvent(INVENTORY);
		int meters = this.registry.getMeters().size();
		for (int i = 0; i < 100; i++) {
			recordEveryEvent(LockRequest.builder("inventory:reserve:PROD-" + i).build());
		}
		assertThat(this.registry.getMeters()).hasSize(meters);
	}

	@Test
	void redisUpIsUnknownUntilCheckedAndZeroWhenAnOperationCannotReachRedis() {
		assertThat(this.registry.scrape()).contains("lock_redis_up NaN");
		this.listener.onFailure(INVENTORY, Duration.ofMillis(3),
				new LockUnavailableException(INVENTORY.key(), "Redis is unavailable", null));
		assertThat(this.monitor.isReachable()).isFalse();
		assertThat(this.registry.scrape()).contains("lock_redis_up 0.0");
	}

	@Test
	void recordingEventsMakesNoRedisCall() {
		for (int i = 0; i < 10; i++) {
			recordEveryEvent(INVENTORY);
		}
		this.listener.onFailure(INVENTORY, Duration.ofMillis(3),
				new LockUnavailableException(INVENTORY.key(), "Redis is unavailable", null));
		verifyNoInteractions(this.redisson);
	}

	private void recordEveryEvent(LockRequest request) {
		this.listener.onAcquired(request, Duration.ofMillis(2), true);
		this.listener.onLost(request, Duration.ofMillis(30));
		this.listener.onReleased(request, Duration.ofMillis(40));
		this.listener.onTimeout(request, Duration.ofMillis(100));
		this.listener.onFailure(request, Duration.ofMillis(1), new IllegalStateException("test"));
		this.listener.onDeadlock(request, Duration.ofMillis(5), new LockDeadlockException(request.key(), request.type(),
				Duration.ofMillis(5), List.of("thread 'a' holds ['x:y'] and waits for 'x:z'")));
	}

	private double activeCount() {
		return this.registry.get(LockMetricNames.ACTIVE_COUNT)
			.tag(LockMetricNames.TAG_KEY, "inventory:reserve")
			.tag(LockMetricNames.TAG_TYPE, "exclusive")
			.gauge()
			.value();
	}

}
