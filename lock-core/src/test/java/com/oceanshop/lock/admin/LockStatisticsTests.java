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
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LockStatistics}.
 */
class LockStatisticsTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final LockStatistics statistics = new LockStatistics(Clock.fixed(START, ZoneOffset.UTC));

	private static LockRequest request(String key, LockType type) {
		return LockRequest.builder(key).type(type).build();
	}

	@Test
	void snapshotWhenNothingHappenedIsEmptyWithFullSuccessRate() {
		LockStatisticsSnapshot snapshot = this.statistics.snapshot();
		assertThat(snapshot.since()).isEqualTo(START);
		assertThat(snapshot.acquisitions()).isZero();
		assertThat(snapshot.successRatePercent()).isEqualTo(100.0);
		assertThat(snapshot.p95AcquisitionMillis()).isZero();
		assertThat(snapshot.locks()).isEmpty();
		assertThat(snapshot.mostContended(10)).isEmpty();
	}

	@Test
	void eventsAreCountedPerNameAndTypeNeverPerId() {
		LockRequest a = request("inventory:reserve:PROD-1", LockType.EXCLUSIVE);
		LockRequest b = request("inventory:reserve:PROD-2", LockType.EXCLUSIVE);
		LockRequest fair = request("order:process:O-1", LockType.FAIR);
		this.statistics.onAcquired(a, Duration.ofMillis(1), false);
		this.statistics.onAcquired(b, Duration.ofMillis(30), true);
		this.statistics.onTimeout(b, Duration.ofSeconds(5));
		this.statistics.onFailure(a, Duration.ofMillis(2), new IllegalStateException("boom"));
		this.statistics.onLost(a, Duration.ofSeconds(1));
		this.statistics.onReleased(a, Duration.ofSeconds(1));
		this.statistics.onAcquired(fair, Duration.ofMillis(1), false);
		LockStatisticsSnapshot snapshot = this.statistics.snapshot();
		assertThat(snapshot.locks()).extracting(LockNameStatistics::name)
			.containsExactly("inventory:reserve", "order:process");
		LockNameStatistics inventory = snapshot.locks().get(0);
		assertThat(inventory.type()).isEqualTo("exclusive");
		assertThat(inventory.acquisitions()).isEqualTo(2);
		assertThat(inventory.timeouts()).isEqualTo(1);
		assertThat(inventory.failures()).isEqualTo(1);
		assertThat(inventory.contended()).isEqualTo(1);
		assertThat(inventory.lost()).isEqualTo(1);
		assertThat(inventory.active()).isEqualTo(1);
		assertThat(inventory.successRatePercent()).isEqualTo(50.0);
		assertThat(snapshot.locks().get(1).type()).isEqualTo("fair");
		assertThat(snapshot.acquisitions()).isEqualTo(3);
		assertThat(snapshot.active()).isEqualTo(2);
		assertThat(this.statistics.activeCount()).isEqualTo(2);
		assertThat(snapshot.successRatePercent()).isEqualTo(60.0);
	}

	@Test
	void p95IsTheUpperBoundOfTheBucketHoldingThe95thPercentile() {
		LockRequest request = request("inventory:reserve:PROD-1", LockType.EXCLUSIVE);
		for (int i = 0; i < 95; i++) {
			this.statistics.onAcquired(request, Duration.ofMillis(1), false);
		}
		for (int i = 0; i < 5; i++) {
			this.statistics.onAcquired(request, Duration.ofMillis(40), true);
		}
		assertThat(this.statistics.snapshot().p95AcquisitionMillis()).isEqualTo(1.0);
		for (int i = 0; i < 10; i++) {
			this.statistics.onTimeout(request, Duration.ofMillis(40));
		}
		// 110 attempts: the 105th is one of the 40 ms ones, in the 30-50 ms bucket.
		assertThat(this.statistics.snapshot().p95AcquisitionMillis()).isEqualTo(50.0);
		assertThat(this.statistics.snapshot().locks().get(0).p95AcquisitionMillis()).isEqualTo(50.0);
	}

	@Test
	void p95TellsOneMillisecondFromTen() {
		LockStatistics fast = new LockStatistics();
		LockStatistics slow = new LockStatistics();
		LockRequest request = request("inventory:reserve:PROD-1", LockType.EXCLUSIVE);
		fast.onAcquired(request, Duration.ofMillis(1), false);
		slow.onAcquired(request, Duration.ofMillis(10), false);
		assertThat(fast.snapshot().p95AcquisitionMillis()).isEqualTo(1.0);
		assertThat(slow.snapshot().p95AcquisitionMillis()).isEqualTo(10.0);
	}

	@Test
	void mostContendedOrdersByContentionThenTimeouts() {
		LockRequest hot = request("cart:update:C-1", LockType.EXCLUSIVE);
		LockRequest warm = request("order:process:O-1", LockType.FAIR);
		LockRequest cold = request("payment:process:P-1", LockType.EXCLUSIVE);
		for (int i = 0; i < 3; i++) {
			this.statistics.onAcquired(hot, Duration.ofMillis(5), true);
		}
		this.statistics.onAcquired(warm, Duration.ofMillis(5), true);
		this.statistics.onTimeout(warm, Duration.ofSeconds(1));
		this.statistics.onAcquired(cold, Duration.ofMillis(1), false);
		assertThat(this.statistics.snapshot().mostContended(10)).extracting(LockNameStatistics::name)
			.containsExactly("cart:update", "order:process");
		assertThat(this.statistics.snapshot().mostContended(1)).hasSize(1);
	}

	@Test
	void namesBeyondTheLimitAreCountedTogether() {
		for (int i = 0; i < LockStatistics.MAX_NAMES + 5; i++) {
			this.statistics.onAcquired(request("ctx" + i + ":op:1", LockType.EXCLUSIVE), Duration.ZERO, false);
		}
		LockStatisticsSnapshot snapshot = this.statistics.snapshot();
		assertThat(snapshot.locks()).hasSizeLessThanOrEqualTo(LockStatistics.MAX_NAMES + 1);
		assertThat(snapshot.acquisitions()).isEqualTo(LockStatistics.MAX_NAMES + 5);
		assertThat(snapshot.locks()).extracting(LockNameStatistics::name).contains(LockStatistics.OVERFLOW_NAME);
	}

	@Test
	void bucketIndexPutsBoundsInTheirOwnBucket() {
		assertThat(LockStatistics.bucketIndex(0)).isZero();
		assertThat(LockStatistics.bucketIndex(100)).isZero();
		assertThat(LockStatistics.bucketIndex(101)).isEqualTo(1);
		assertThat(LockStatistics.bucketIndex(Long.MAX_VALUE)).isEqualTo(24);
	}

}
