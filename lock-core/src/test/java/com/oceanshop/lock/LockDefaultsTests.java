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

package com.oceanshop.lock;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockDefaults.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LockDefaults}.
 */
class LockDefaultsTests {

	private final LockDefaults defaults = LockDefaults.builder()
		.global(Duration.ofSeconds(2), Duration.ofSeconds(10), false)
		.type(LockType.FAIR, new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(60), null))
		.type(LockType.SEMAPHORE, new Timeouts(null, null, true))
		.name("inventory:reserve", new Timeouts(null, Duration.ofSeconds(30), null))
		.name("batch:process", new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(300), null))
		.build();

	@Test
	void standardDefaults() {
		LockRequest request = LockRequest.of("a:b:c");
		assertThat(LockDefaults.standard().waitTime(request)).isEqualTo(LockDefaults.DEFAULT_WAIT_TIME);
		assertThat(LockDefaults.standard().leaseTime(request)).isEqualTo(LockDefaults.DEFAULT_LEASE_TIME);
	}

	@Test
	void requestValuesWin() {
		LockRequest request = LockRequest.builder("batch:process:1")
			.waitTime(Duration.ofMillis(7))
			.leaseTime(Duration.ofMillis(8))
			.build();
		assertThat(this.defaults.waitTime(request)).isEqualTo(Duration.ofMillis(7));
		assertThat(this.defaults.leaseTime(request)).isEqualTo(Duration.ofMillis(8));
	}

	@Test
	void nameOverridesTypeAndTypeOverridesGlobal() {
		LockRequest fairInventory = LockRequest.builder("inventory:reserve:P1").type(LockType.FAIR).build();
		assertThat(this.defaults.leaseTime(fairInventory)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.defaults.waitTime(fairInventory)).isEqualTo(Duration.ofSeconds(3));
		LockRequest fairOrder = LockRequest.builder("order:process:O1").type(LockType.FAIR).build();
		assertThat(this.defaults.leaseTime(fairOrder)).isEqualTo(Duration.ofSeconds(60));
		LockRequest plain = LockRequest.of("payment:charge:X");
		assertThat(this.defaults.waitTime(plain)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.defaults.leaseTime(plain)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.defaults.leaseTime(LockRequest.of("batch:process:1"))).isEqualTo(Duration.ofSeconds(300));
	}

	@Test
	void autoRenewAtTypeLevelMeansNoFixedLease() {
		LockRequest request = LockRequest.builder("rate:limit:u1").type(LockType.SEMAPHORE).maxPermits(5).build();
		assertThat(this.defaults.leaseTime(request)).isNull();
	}

	@Test
	void requestAutoRenewMeansNoFixedLease() {
		assertThat(this.defaults.leaseTime(LockRequest.builder("batch:process:1").autoRenew().build())).isNull();
	}

	@Test
	void invalidNameIsRejected() {
		assertThatExceptionOfType(InvalidLockKeyException.class)
			.isThrownBy(() -> LockDefaults.builder().name("Inventory:reserve", new Timeouts(null, null, null)));
	}

	@Test
	void negativeTimeoutsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Timeouts(Duration.ofSeconds(-1), null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new Timeouts(null, Duration.ZERO, null));
	}

}
