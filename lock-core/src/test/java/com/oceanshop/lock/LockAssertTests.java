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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.oceanshop.lock.inmemory.InMemoryLockProvider;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link LockAssert}, over locks of the {@link InMemoryLockProvider}.
 */
class LockAssertTests {

	private final LockTemplate locks = LockTemplate.builder(new InMemoryLockProvider()).build();

	@AfterEach
	void checkAgain() {
		LockAssert.TestHelper.makeAllAssertsPass(false);
	}

	@Test
	void outsideEveryScopeAssertionsFail() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(LockAssert::assertLocked)
			.withMessageContaining("holds no lock");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> LockAssert.assertLocked("inventory:reserve:PROD-1"))
			.withMessageContaining("does not hold lock 'inventory:reserve:PROD-1'")
			.withMessageContaining("outside every lock scope");
	}

	@Test
	void insideAScopeTheKeyAndItsNamePassAndOtherKeysFail() {
		this.locks.execute(LockRequest.of("inventory:reserve:PROD-1"), (lock) -> {
			assertThatNoException().isThrownBy(LockAssert::assertLocked);
			assertThatNoException().isThrownBy(() -> LockAssert.assertLocked("inventory:reserve:PROD-1"));
			assertThatNoException().isThrownBy(() -> LockAssert.assertLocked("inventory:reserve"));
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> LockAssert.assertLocked("inventory:reserve:PROD-2"))
				.withMessageContaining("its current scope holds [inventory:reserve:PROD-1]");
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> LockAssert.assertLocked("order:process"));
			return null;
		});
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(LockAssert::assertLocked);
	}

	@Test
	void anEnclosingScopeCounts() {
		this.locks.execute(LockRequest.of("order:process:O-1"),
				(outer) -> this.locks.execute(LockRequest.of("payment:process:O-1"), (inner) -> {
					LockAssert.assertLocked("order:process:O-1");
					LockAssert.assertLocked("payment:process:O-1");
					return null;
				}));
	}

	@Test
	void anotherThreadDoesNotInheritTheScope() throws Exception {
		this.locks.execute(LockRequest.of("order:process:O-2"), (lock) -> {
			Thread other = new Thread(() -> assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> LockAssert.assertLocked("order:process:O-2")));
			other.start();
			try {
				other.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return null;
		});
	}

	@Test
	void aLostLockFails() {
		LockRequest request = LockRequest.builder("cache:update:C-1").leaseTime(Duration.ofMillis(50)).build();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> this.locks.execute(request, (lock) -> {
			while (lock.isHeld()) {
				Thread.onSpinWait();
			}
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> LockAssert.assertLocked("cache:update:C-1"))
				.withMessageContaining("no longer held");
			return null;
		}));
	}

	@Test
	void disabledLockingPassesSoTheRollbackSwitchNeverBreaksTheCode() {
		LockTemplate disabled = LockTemplate.builder(new InMemoryLockProvider()).enabled(false).build();
		disabled.execute(LockRequest.of("inventory:reserve:PROD-1"), (lock) -> {
			LockAssert.assertLocked();
			LockAssert.assertLocked("inventory:reserve:PROD-1");
			return null;
		});
	}

	@Test
	void testHelperMakesEveryAssertionPass() {
		LockAssert.TestHelper.makeAllAssertsPass(true);
		assertThatNoException().isThrownBy(LockAssert::assertLocked);
		assertThatNoException().isThrownBy(() -> LockAssert.assertLocked("inventory:reserve:PROD-1"));
		LockAssert.TestHelper.makeAllAssertsPass(false);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(LockAssert::assertLocked);
	}

	@Test
	void invalidKeyIsRejected() {
		this.locks.execute(LockRequest.of("inventory:reserve:PROD-1"), (lock) -> {
			assertThatExceptionOfType(InvalidLockKeyException.class)
				.isThrownBy(() -> LockAssert.assertLocked("Inventory:reserve:PROD-1"));
			return null;
		});
	}

}
