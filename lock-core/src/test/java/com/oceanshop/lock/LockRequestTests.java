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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LockRequest}.
 */
class LockRequestTests {

	@Test
	void defaultsToExclusiveWithUnsetTimeouts() {
		LockRequest request = LockRequest.of("inventory:reserve:PROD-1");
		assertThat(request.type()).isEqualTo(LockType.EXCLUSIVE);
		assertThat(request.waitTime()).isNull();
		assertThat(request.leaseTime()).isNull();
		assertThat(request.autoRenew()).isFalse();
		assertThat(request.name()).isEqualTo("inventory:reserve");
	}

	@Test
	void invalidKeyIsRejectedByBuilder() {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockRequest.builder("bad"));
	}

	@Test
	void negativeWaitTimeIsRejectedNamingTheKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockRequest.builder("a:b:c").waitTime(Duration.ofMillis(-1)))
			.withMessageContaining("'a:b:c'")
			.withMessageContaining("must be zero or at least 1 ms");
	}

	@Test
	void zeroOrNegativeLeaseTimeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LockRequest.builder("a:b:c").leaseTime(Duration.ZERO))
			.withMessageContaining("must be at least 1 ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockRequest.builder("a:b:c").leaseTime(Duration.ofSeconds(-5)))
			.withMessageContaining("must be at least 1 ms");
	}

	@Test
	void subMillisecondLeaseOrWaitTimeIsRejectedNamingTheKey() {
		// Redis counts in milliseconds: 0.5 ms would become 0, which Redisson renews for
		// ever, and a 0.5 ms wait would silently become a single attempt.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockRequest.builder("a:b:c").leaseTime(Duration.ofNanos(500_000)))
			.withMessageContaining("'a:b:c'")
			.withMessageContaining("must be at least 1 ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockRequest.builder("a:b:c").waitTime(Duration.ofNanos(500_000)))
			.withMessageContaining("must be zero or at least 1 ms");
		assertThat(LockRequest.builder("a:b:c")
			.waitTime(Duration.ZERO)
			.leaseTime(Duration.ofMillis(1))
			.build()
			.leaseTime()).isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void autoRenewReplacesLeaseTimeAndLeaseTimeReplacesAutoRenew() {
		LockRequest renewed = LockRequest.builder("a:b:c").leaseTime(Duration.ofSeconds(1)).autoRenew().build();
		assertThat(renewed.autoRenew()).isTrue();
		assertThat(renewed.leaseTime()).isNull();
		LockRequest leased = LockRequest.builder("a:b:c").autoRenew().leaseTime(Duration.ofSeconds(1)).build();
		assertThat(leased.autoRenew()).isFalse();
		assertThat(leased.leaseTime()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void permitsOnlyApplyToSemaphores() {
		assertThatIllegalArgumentException().isThrownBy(() -> LockRequest.builder("a:b:c").maxPermits(3).build())
			.withMessageContaining("apply only to SEMAPHORE");
	}

	@Test
	void permitsAboveMaxPermitsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> LockRequest.builder("rate:limit:u1").type(LockType.SEMAPHORE).permits(3).maxPermits(2).build())
			.withMessageContaining("asks for 3 permits")
			.withMessageContaining("maxPermits=2");
	}

	@Test
	void permitsBelowOneAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LockRequest.builder("a:b:c").permits(0));
		assertThatIllegalArgumentException().isThrownBy(() -> LockRequest.builder("a:b:c").maxPermits(0));
	}

}
