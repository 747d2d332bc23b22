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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link LockTemplate}'s own logic: key rules, retries, rollback mode and
 * listener events. Lock behaviour itself is tested against real Redis in
 * {@link LockTemplateIntegrationTests}.
 */
class LockTemplateTests {

	private final ScriptedProvider provider = new ScriptedProvider();

	private final RecordingListener listener = new RecordingListener();

	@Test
	void invalidKeysNeverReachTheProvider() {
		LockTemplate template = LockTemplate.builder(this.provider).build();
		for (String key : new String[] { null, "", "   ", "inventory", "Inventory:reserve:1", "a:b:x y", "a:b:*",
				"a:b:" + "x".repeat(201) }) {
			assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> template.isLocked(key));
		}
		assertThat(this.provider.calls).hasValue(0);
	}

	@Test
	void unavailableRedisIsRetriedUpToMaxRetriesThenReported() {
		LockTemplate template = LockTemplate.builder(this.provider)
			.maxRetries(2)
			.retryBackoff(Duration.ZERO)
			.listener(this.listener)
			.build();
		this.provider.failures = 10;
		assertThatExceptionOfType(LockUnavailableException.class)
			.isThrownBy(() -> template.acquire(LockRequest.of("a:b:c")))
			.withMessageContaining("after 3 attempts")
			.withMessageContaining("maxRetries=2")
			.withMessageContaining("'a:b:c'");
		assertThat(this.provider.calls).hasValue(3);
		assertThat(this.listener.events).containsExactly("failure:a:b");
	}

	@Test
	void retriesStayWithinTheWaitTime() {
		LockTemplate template = LockTemplate.builder(this.provider)
			.maxRetries(10)
			.retryBackoff(Duration.ofMillis(400))
			.build();
		this.provider.failures = 100;
		// Attempt 1 at ~0 ms, retry after 400 ms; a second retry would start after
		// 400 + 800 ms, beyond the 1 s wait time, so there is none.
		assertThatExceptionOfType(LockUnavailableException.class)
			.isThrownBy(() -> template.acquire(LockRequest.builder("a:b:c").waitTime(Duration.ofSeconds(1)).build()))
			.withMessageContaining("after 2 attempts");
		assertThat(this.provider.calls).hasValue(2);
	}

	@Test
	void retrySucceedsWhenRedisComesBack() {
		LockTemplate template = LockTemplate.builder(this.provider).maxRetries(3).retryBackoff(Duration.ZERO).build();
		this.provider.failures = 2;
		try (LockHandle handle = template.acquire(LockRequest.of("a:b:c"))) {
			assertThat(handle.isHeld()).isTrue();
		}
		assertThat(this.provider.calls).hasValue(3);
	}

	@Test
	void timeoutThrowsAcquisitionExceptionNamingKeyTypeAndWait() {
		LockTemplate template = LockTemplate.builder(this.provider).listener(this.listener).build();
		this.provider.grant = false;
		assertThatExceptionOfType(LockAcquisitionException.class)
			.isThrownBy(() -> template.acquire(LockRequest.builder("order:process:O1").type(LockType.FAIR).build()))
			.withMessageContaining("fair lock 'order:process:O1'")
			.withMessageContaining(" ms");
		assertThat(this.listener.events).containsExactly("timeout:order:process");
	}

	@Test
	void tryAcquireReturnsEmptyWhenHeldElsewhere() {
		LockTemplate template = LockTemplate.builder(this.provider).build();
		this.provider.grant = false;
		assertThat(template.tryAcquire(LockRequest.of("a:b:c"))).isEmpty();
		assertThat(this.provider.lastWait).isEqualTo(Duration.ZERO);
	}

	@Test
	void executeReleasesWhenCallbackThrows() {
		LockTemplate template = LockTemplate.builder(this.provider).listener(this.listener).build();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> template.execute(LockRequest.of("a:b:c"), (lock) -> {
				throw new IllegalStateException("boom");
			}));
		assertThat(this.provider.released).hasValue(1);
		assertThat(this.listener.events).containsExactly("acquired:a:b", "released:a:b");
	}

	@Test
	void executeReportsLossAfterTheCallback() {
		LockTemplate template = LockTemplate.builder(this.provider).listener(this.listener).build();
		this.provider.lostOnRelease = true;
		List<String> work = new ArrayList<>();
		assertThatExceptionOfType(LockLostException.class)
			.isThrownBy(() -> template.execute(LockRequest.of("a:b:c"), (lock) -> work.add("done")))
			.withMessageContaining("'a:b:c' was lost before release");
		assertThat(work).containsExactly("done");
		assertThat(this.listener.events).containsExactly("acquired:a:b", "lost:a:b", "released:a:b");
	}

	@Test
	void secondCloseDoesNothing() {
		LockTemplate template = LockTemplate.builder(this.provider).build();
		this.provider.lostOnRelease = true;
		LockHandle handle = template.acquire(LockRequest.of("a:b:c"));
		assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close);
		handle.close();
		assertThat(this.provider.released).hasValue(1);
	}

	@Test
	void disabledTemplateRunsCodeWithoutLocking() {
		LockTemplate template = LockTemplate.builder(this.provider).enabled(false).listener(this.listener).build();
		String result = template.execute(LockRequest.of("a:b:c"), (lock) -> {
			assertThat(lock.isHeld()).isFalse();
			assertThatExceptionOfType(LockException.class).isThrownBy(lock::fencingToken)
				.withMessageContaining("rollback mode");
			return "ran";
		});
		assertThat(result).isEqualTo("ran");
		assertThat(template.tryAcquire(LockRequest.of("a:b:c")))
			.hasValueSatisfying((h) -> assertThat(h.isHeld()).isFalse());
		assertThat(this.provider.calls).hasValue(0);
		assertThat(this.listener.events).isEmpty();
	}

	@Test
	void expiredFixedLeaseIsNotHeldAndGivesNoToken() {
		LockTemplate template = LockTemplate.builder(this.provider).build();
		LockHandle handle = template.acquire(LockRequest.builder("a:b:c").leaseTime(Duration.ofMillis(1)).build());
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (handle.isHeld() && System.nanoTime() - deadline < 0) {
			Thread.onSpinWait();
		}
		assertThat(handle.isHeld()).isFalse();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::fencingToken);
		assertThat(this.provider.tokens).hasValue(0);
	}

	@Test
	void fencingTokenIsAskedOnceAndCached() {
		LockTemplate template = LockTemplate.builder(this.provider).build();
		try (LockHandle handle = template.acquire(LockRequest.of("a:b:c"))) {
			assertThat(this.provider.tokens).hasValue(0);
			long token = handle.fencingToken();
			assertThat(handle.fencingToken()).isEqualTo(token);
			assertThat(this.provider.tokens).hasValue(1);
		}
	}

	@Test
	void interruptedWaitRestoresInterruptFlag() {
		LockTemplate template = LockTemplate.builder(this.provider).build();
		this.provider.interrupt = true;
		try {
			assertThatExceptionOfType(LockInterruptedException.class)
				.isThrownBy(() -> template.acquire(LockRequest.of("a:b:c")));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void circuitBreakerOpensAfterConsecutiveOutagesAndFailsFastWithoutCallingRedis() {
		LockTemplate template = LockTemplate.builder(this.provider)
			.maxRetries(0)
			.circuitBreaker(new LockCircuitBreaker(2, Duration.ofMinutes(1)))
			.build();
		this.provider.failures = 100;
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(LockUnavailableException.class)
				.isThrownBy(() -> template.acquire(LockRequest.of("a:b:c")))
				.withMessageContaining("after 1 attempt");
		}
		assertThat(template.getCircuitBreaker().getState()).isEqualTo(LockCircuitBreaker.State.OPEN);
		int callsWhenOpened = this.provider.calls.get();
		assertThatExceptionOfType(LockUnavailableException.class)
			.isThrownBy(() -> template.acquire(LockRequest.of("a:b:c")))
			.withMessageContaining("circuit breaker is open");
		assertThat(this.provider.calls).hasValue(callsWhenOpened);
	}

	@Test
	void circuitBreakerLetsATrialThroughAfterOpenDurationAndClosesOnSuccess() throws InterruptedException {
		LockTemplate template = LockTemplate.builder(this.provider)
			.maxRetries(0)
			.circuitBreaker(new LockCircuitBreaker(1, Duration.ofMillis(50)))
			.build();
		this.provider.failures = 1;
		assertThatExceptionOfType(LockUnavailableException.class)
			.isThrownBy(() -> template.acquire(LockRequest.of("a:b:c")));
		assertThat(template.getCircuitBreaker().getState()).isEqualTo(LockCircuitBreaker.State.OPEN);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try {
				template.acquire(LockRequest.of("a:b:c")).close();
				break;
			}
			catch (LockUnavailableException ex) {
				assertThat(System.nanoTime() - deadline).isNegative();
				Thread.sleep(10);
			}
		}
		assertThat(template.getCircuitBreaker().getState()).isEqualTo(LockCircuitBreaker.State.CLOSED);
	}

	@Test
	void contentionNeverTripsTheCircuitBreaker() {
		LockTemplate template = LockTemplate.builder(this.provider)
			.circuitBreaker(new LockCircuitBreaker(1, Duration.ofMinutes(1)))
			.build();
		this.provider.grant = false;
		for (int i = 0; i < 3; i++) {
			assertThat(template.tryAcquire(LockRequest.of("a:b:c"))).isEmpty();
		}
		assertThat(template.getCircuitBreaker().getState()).isEqualTo(LockCircuitBreaker.State.CLOSED);
	}

	@Test
	void optedInRequestRunsUnlockedWhenRedisIsUnavailable() {
		LockTemplate template = LockTemplate.builder(this.provider).maxRetries(0).listener(this.listener).build();
		this.provider.failures = 100;
		LockRequest request = LockRequest.builder("inventory:reserve:P1").runUnlockedIfUnavailable().build();
		String result = template.execute(request, (lock) -> {
			assertThat(lock.isHeld()).isFalse();
			assertThatExceptionOfType(LockUnavailableException.class).isThrownBy(lock::fencingToken);
			return "ran unlocked";
		});
		assertThat(result).isEqualTo("ran unlocked");
		assertThat(this.listener.events).containsExactly("failure:inventory:reserve");
	}

	@Test
	void requestsThatDidNotOptInFailWhenRedisIsUnavailable() {
		LockTemplate template = LockTemplate.builder(this.provider).maxRetries(0).build();
		this.provider.failures = 100;
		List<String> work = new ArrayList<>();
		assertThatExceptionOfType(LockUnavailableException.class)
			.isThrownBy(() -> template.execute(LockRequest.of("inventory:reserve:P1"), (lock) -> work.add("ran")));
		assertThat(work).isEmpty();
	}

	@Test
	void compositeListenerIsolatesAFailingListener() {
		LockListener failing = new LockListener() {
			@Override
			public void onAcquired(LockRequest request, Duration waited, boolean contended) {
				throw new IllegalStateException("listener bug");
			}
		};
		LockTemplate template = LockTemplate.builder(this.provider)
			.listener(LockListener.composite(List.of(failing, this.listener)))
			.build();
		template.execute(LockRequest.of("a:b:c"), (lock) -> null);
		assertThat(this.listener.events).containsExactly("acquired:a:b", "released:a:b");
	}

	@Test
	void listenerStartedForAnAttemptGetsEveryEventOfItsAcquisitionAndHold() {
		RecordingListener perAttempt = new RecordingListener();
		LockListener starting = startingListener(perAttempt);
		LockTemplate template = LockTemplate.builder(this.provider)
			.listener(LockListener.composite(List.of(starting, this.listener)))
			.build();
		LockHandle handle = template.acquire(LockRequest.of("a:b:c"));
		long token = handle.fencingToken();
		handle.fencingToken();
		// Released on another thread: the events still reach the attempt's listener.
		Thread closer = new Thread(handle::close);
		closer.start();
		assertThatNoException().isThrownBy(() -> closer.join(10_000));
		assertThat(perAttempt.events).containsExactly("started:a:b", "acquired:a:b", "token:a:b:" + token,
				"released:a:b");
		assertThat(this.listener.events).containsExactly("acquired:a:b", "token:a:b:" + token, "released:a:b");
	}

	@Test
	void disabledTemplateStartsNoAttempt() {
		RecordingListener perAttempt = new RecordingListener();
		LockListener starting = startingListener(perAttempt);
		LockTemplate template = LockTemplate.builder(this.provider).enabled(false).listener(starting).build();
		template.execute(LockRequest.of("a:b:c"), (lock) -> null);
		assertThat(perAttempt.events).isEmpty();
	}

	private static LockListener startingListener(RecordingListener perAttempt) {
		return new LockListener() {
			@Override
			public LockListener onStarted(LockRequest request) {
				perAttempt.events.add("started:" + request.name());
				return perAttempt;
			}
		};
	}

	/**
	 * Provider whose answers the test scripts; it stands in for Redis only where the
	 * template's own logic is under test.
	 */
	static final class ScriptedProvider implements LockProvider {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger released = new AtomicInteger();

		final AtomicInteger tokens = new AtomicInteger();

		volatile int failures;

		volatile boolean grant = true;

		volatile boolean lostOnRelease;

		volatile boolean interrupt;

		volatile @Nullable Duration lastWait;

		@Override
		public @Nullable AcquiredLock tryAcquire(Attempt attempt) throws InterruptedException {
			this.calls.incrementAndGet();
			this.lastWait = attempt.waitTime();
			if (this.interrupt) {
				throw new InterruptedException();
			}
			if (this.failures > 0) {
				this.failures--;
				throw new LockUnavailableException(attempt.request().key(), "connection refused", null);
			}
			if (!this.grant) {
				return null;
			}
			return new AcquiredLock() {

				@Override
				public boolean contended() {
					return false;
				}

				@Override
				public boolean isLost() {
					return false;
				}

				@Override
				public long fencingToken() {
					return ScriptedProvider.this.tokens.incrementAndGet();
				}

				@Override
				public boolean release() {
					ScriptedProvider.this.released.incrementAndGet();
					return !ScriptedProvider.this.lostOnRelease;
				}

			};
		}

		@Override
		public boolean isLocked(LockKey key) {
			this.calls.incrementAndGet();
			return false;
		}

	}

	static final class RecordingListener implements LockListener {

		final List<String> events = new ArrayList<>();

		@Override
		public void onAcquired(LockRequest request, Duration waited, boolean contended) {
			this.events.add("acquired:" + request.name());
		}

		@Override
		public void onTimeout(LockRequest request, Duration waited) {
			this.events.add("timeout:" + request.name());
		}

		@Override
		public void onFailure(LockRequest request, Duration elapsed, Throwable error) {
			this.events.add("failure:" + request.name());
		}

		@Override
		public void onReleased(LockRequest request, Duration held) {
			this.events.add("released:" + request.name());
		}

		@Override
		public void onLost(LockRequest request, Duration held) {
			this.events.add("lost:" + request.name());
		}

		@Override
		public void onFencingToken(LockRequest request, long token) {
			this.events.add("token:" + request.name() + ":" + token);
		}

	}

}
