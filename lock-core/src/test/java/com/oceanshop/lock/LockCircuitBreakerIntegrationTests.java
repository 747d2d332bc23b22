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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link LockCircuitBreaker} in a {@link LockTemplate} against a
 * real Redis that goes away and comes back: whatever ends the half-open trial, the
 * breaker never stays half-open.
 */
class LockCircuitBreakerIntegrationTests {

	private static final Duration OPEN_DURATION = Duration.ofMillis(100);

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private RedissonClient redisson;

	private LockTemplate template;

	@BeforeEach
	void createTemplate() {
		this.redisson = TestRedisson.create(redis.standaloneTopology().uri());
		this.template = LockTemplate.builder(new RedissonLockProvider(this.redisson))
			.maxRetries(0)
			.circuitBreaker(new LockCircuitBreaker(1, OPEN_DURATION))
			.build();
	}

	@AfterEach
	void shutdown() {
		this.redisson.shutdown();
	}

	@Test
	void interruptedTrialDoesNotLeaveTheBreakerHalfOpen() throws InterruptedException {
		LockRequest request = request("inventory:reserve:BREAKER-1");
		openBreakerWhileRedisIsDown(request);
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(LockInterruptedException.class).isThrownBy(() -> this.template.acquire(request));
		}
		finally {
			Thread.interrupted();
		}
		assertThat(breaker().getState()).isNotEqualTo(LockCircuitBreaker.State.HALF_OPEN);
		acquireOnceRedisAnswers(request);
		assertThat(breaker().getState()).isEqualTo(LockCircuitBreaker.State.CLOSED);
	}

	@Test
	void trialEndingInAnErrorReplyClosesTheBreaker() throws InterruptedException {
		LockRequest request = request("inventory:reserve:BREAKER-2");
		openBreakerWhileRedisIsDown(request);
		// Redis is back (this write waits for Redisson to reconnect) and answers the
		// trial with an error: a plain string where the lock's hash should be.
		this.redisson.getBucket("lock:inventory:reserve:BREAKER-2", StringCodec.INSTANCE).set("not a lock");
		awaitOpenDuration();
		assertThatExceptionOfType(LockException.class).isThrownBy(() -> this.template.acquire(request))
			.isNotInstanceOf(LockUnavailableException.class)
			.withMessageContaining("inventory:reserve:BREAKER-2");
		assertThat(breaker().getState()).isEqualTo(LockCircuitBreaker.State.CLOSED);
		this.redisson.getBucket("lock:inventory:reserve:BREAKER-2").delete();
		try (LockHandle handle = this.template.acquire(request)) {
			assertThat(handle.isHeld()).isTrue();
		}
	}

	@Test
	void trialFindingTheLockHeldClosesTheBreaker() throws Exception {
		LockRequest request = request("inventory:reserve:BREAKER-3");
		openBreakerWhileRedisIsDown(request);
		acquireOnceRedisAnswers(request);
		ExecutorService otherTask = Executors.newSingleThreadExecutor();
		LockHandle held = otherTask.submit(() -> this.template.acquire(request)).get(10, TimeUnit.SECONDS);
		try {
			forceOpen();
			awaitOpenDuration();
			assertThat(this.template.tryAcquire(request)).isEmpty();
			assertThat(breaker().getState()).isEqualTo(LockCircuitBreaker.State.CLOSED);
		}
		finally {
			held.close();
			otherTask.shutdown();
		}
	}

	@Test
	void tryAcquireIsNotRetriedPastItsZeroWaitTimeWhileRedisIsDown() {
		AtomicInteger attempts = new AtomicInteger();
		LockProvider redis = new RedissonLockProvider(this.redisson);
		LockProvider counting = new LockProvider() {
			@Override
			public LockProvider.@Nullable AcquiredLock tryAcquire(Attempt attempt) throws InterruptedException {
				attempts.incrementAndGet();
				return redis.tryAcquire(attempt);
			}

			@Override
			public boolean isLocked(LockKey key) {
				return redis.isLocked(key);
			}
		};
		LockTemplate retrying = LockTemplate.builder(counting)
			.maxRetries(3)
			.retryBackoff(Duration.ofMillis(20))
			.circuitBreaker(LockCircuitBreaker.disabled())
			.build();
		RedisNode node = LockCircuitBreakerIntegrationTests.redis.standaloneTopology().node();
		node.kill();
		try {
			assertThatExceptionOfType(LockUnavailableException.class)
				.isThrownBy(() -> retrying.tryAcquire(request("inventory:reserve:RETRY-1")))
				.withMessageContaining("after 1 attempt");
			assertThat(attempts).as("a caller that asked not to wait gets no retry").hasValue(1);
		}
		finally {
			node.restart();
		}
	}

	private void openBreakerWhileRedisIsDown(LockRequest request) throws InterruptedException {
		RedisNode node = redis.standaloneTopology().node();
		node.kill();
		try {
			assertThatExceptionOfType(LockUnavailableException.class).isThrownBy(() -> this.template.acquire(request));
		}
		finally {
			node.restart();
		}
		assertThat(breaker().getState()).isEqualTo(LockCircuitBreaker.State.OPEN);
		awaitOpenDuration();
	}

	private void forceOpen() {
		// One failure opens the breaker (threshold 1); the other thread's lock stays
		// held meanwhile.
		breaker().onUnavailable();
		assertThat(breaker().getState()).isEqualTo(LockCircuitBreaker.State.OPEN);
	}

	private void acquireOnceRedisAnswers(LockRequest request) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try (LockHandle handle = this.template.acquire(request)) {
				assertThat(handle.isHeld()).isTrue();
				return;
			}
			catch (LockUnavailableException ex) {
				// Redisson is still reconnecting (the breaker opened again) or the
				// breaker waits for its next trial.
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError("No acquisition went through within 30 s after Redis restarted; breaker "
							+ breaker().getState(), ex);
				}
				awaitOpenDuration();
			}
		}
	}

	private static void awaitOpenDuration() throws InterruptedException {
		// Lets the open duration pass; nothing is asserted about the time itself.
		Thread.sleep(OPEN_DURATION.toMillis() + 20);
	}

	private LockCircuitBreaker breaker() {
		return this.template.getCircuitBreaker();
	}

	private static LockRequest request(String key) {
		return LockRequest.builder(key).waitTime(Duration.ofSeconds(2)).build();
	}

}
