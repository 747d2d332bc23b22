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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.test.RedisConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for lock ownership against a real {@code redis-server}: the handle
 * owns the lock, not the thread; a nested acquisition re-enters only inside a scope of
 * the same key; and a nested hold never shortens the one around it.
 */
class LockOwnershipIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);

	private final ExecutorService pool = Executors.newSingleThreadExecutor();

	@AfterEach
	void shutDownPool() {
		this.pool.shutdownNow();
	}

	private static LockTemplate template(boolean localQueueing) {
		RedissonLockProvider provider = new RedissonLockProvider(redis.client());
		provider.setLocalQueueing(localQueueing);
		return LockTemplate.builder(provider).build();
	}

	private static LockRequest request(String key, LockType type, Duration waitTime) {
		return LockRequest.builder(key).type(type).waitTime(waitTime).build();
	}

	private static LockRequest leased(String key, LockType type, Duration leaseTime) {
		return LockRequest.builder(key).type(type).waitTime(Duration.ofSeconds(1)).leaseTime(leaseTime).build();
	}

	private static LockType contender(LockType type) {
		return (type == LockType.READ) ? LockType.WRITE : type;
	}

	private static long pttl(String key) {
		try (RedisConnection connection = redis.standaloneTopology().node().connect()) {
			return (Long) connection.call("PTTL", "lock:" + key);
		}
	}

	private static <T> T onOtherThread(Callable<T> task) {
		FutureTask<T> future = new FutureTask<>(task);
		Thread thread = new Thread(future, "other-owner");
		thread.setDaemon(true);
		thread.start();
		try {
			return future.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Task on another thread failed", ex);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void secondTaskOnThePooledThreadDoesNotGetTheLockWhileTheFirstTasksHandleIsOpen(LockType type) throws Exception {
		for (boolean localQueueing : new boolean[] { true, false }) {
			LockTemplate template = template(localQueueing);
			String key = "test:ownership:pooled:" + type.tagValue() + ":" + localQueueing;
			// Task 1 hands its open handle on (to a future, a callback) and ends.
			LockHandle first = this.pool.submit(() -> template.acquire(request(key, type, Duration.ZERO)))
				.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			Future<Optional<LockHandle>> second = this.pool
				.submit(() -> template.tryAcquire(request(key, type, Duration.ZERO)));
			assertThat(second.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("queueing " + localQueueing)
				.isEmpty();
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> this.pool.submit(() -> template.acquire(request(key, type, Duration.ofMillis(200))))
					.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
				.withCauseInstanceOf(LockAcquisitionException.class);
			assertThat(first.isHeld()).isTrue();
			onOtherThread(() -> {
				first.close();
				return null;
			});
			assertThat(template.isLocked(key)).isFalse();
			LockHandle third = this.pool.submit(() -> template.acquire(request(key, type, Duration.ofSeconds(5))))
				.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(third.isHeld()).isTrue();
			third.close();
			assertThat(template.isLocked(key)).isFalse();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "EXCLUSIVE", "FAIR", "WRITE", "READ" })
	void nestedExecuteOfTheSameKeyReentersAndTheLockStaysHeldUntilTheOuterCloses(LockType type) throws Exception {
		LockTemplate template = redis.template();
		LockTemplate other = redis.template();
		String key = "test:ownership:nested:" + type.tagValue();
		// A nested acquisition that waited for itself would time out after a second.
		LockRequest request = request(key, type, Duration.ofSeconds(1));
		long outerToken = template.execute(request, (outer) -> {
			long token = outer.fencingToken();
			long innerToken = template.execute(request, (inner) -> {
				assertThat(inner.isHeld()).isTrue();
				assertThat(LockContext.current()).isSameAs(inner);
				return inner.fencingToken();
			});
			assertThat(innerToken).isGreaterThan(token);
			assertThat(outer.isHeld()).isTrue();
			assertThat(outer.fencingToken()).isEqualTo(token);
			assertThat(template.isLocked(key)).isTrue();
			assertThat(onOtherThread(() -> other.tryAcquire(request(key, contender(type), Duration.ZERO)))).isEmpty();
			return token;
		});
		assertThat(outerToken).isPositive();
		assertThat(template.isLocked(key)).isFalse();
	}

	@ParameterizedTest
	@EnumSource(names = { "EXCLUSIVE", "FAIR", "WRITE", "READ" })
	void nestedHoldWithAShorterLeaseNeverShortensTheOuterHold(LockType type) throws Exception {
		LockTemplate template = redis.template();
		LockTemplate otherInstance = redis.template();
		String key = "test:ownership:shorter:" + type.tagValue();
		Duration outerLease = Duration.ofMillis(2500);
		long start = System.nanoTime();
		template.execute(leased(key, type, outerLease), (outer) -> {
			long token = outer.fencingToken();
			template.execute(leased(key, type, Duration.ofMillis(100)), (inner) -> inner.fencingToken());
			// The remaining time is taken after PTTL's reply, so that a slow reply only
			// makes the bound looser (Redis counted the lease from after start).
			long ttl = pttl(key);
			long outerRemaining = outerLease.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(ttl).isGreaterThanOrEqualTo(outerRemaining - 20);
			// Until a second before the outer deadline (a probe pass of a slow machine
			// must not run into it), neither another caller of this instance (the
			// local queue) nor another instance takes the lock.
			long until = start + outerLease.minusSeconds(1).toNanos();
			while (System.nanoTime() - until < 0) {
				assertThat(onOtherThread(() -> template.tryAcquire(request(key, contender(type), Duration.ZERO))))
					.isEmpty();
				assertThat(onOtherThread(() -> otherInstance.tryAcquire(request(key, contender(type), Duration.ZERO))))
					.isEmpty();
				assertThat(outer.isHeld()).isTrue();
				pause(100);
			}
			assertThat(outer.fencingToken()).isEqualTo(token);
			return null;
		});
		assertThat(template.isLocked(key)).isFalse();
	}

	@ParameterizedTest
	@EnumSource(names = { "EXCLUSIVE", "FAIR", "WRITE", "READ" })
	void nestedHoldWithALongerLeaseKeepsTheLockForItsOwnLease(LockType type) {
		LockTemplate template = redis.template();
		String key = "test:ownership:longer:" + type.tagValue();
		template.execute(leased(key, type, Duration.ofMillis(500)), (outer) -> {
			Duration innerLease = Duration.ofSeconds(5);
			long start = System.nanoTime();
			return template.execute(leased(key, type, innerLease), (inner) -> {
				long ttl = pttl(key);
				long innerRemaining = innerLease.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertThat(ttl).isGreaterThanOrEqualTo(innerRemaining - 20);
				return null;
			});
		});
		assertThat(template.isLocked(key)).isFalse();
	}

	@Test
	void plainAcquireOutsideAScopeWaitsForAHandleOfTheSameThread() {
		LockTemplate template = redis.template();
		String key = "test:ownership:unscoped";
		try (LockHandle held = template.acquire(request(key, LockType.EXCLUSIVE, Duration.ZERO))) {
			assertThat(template.tryAcquire(request(key, LockType.EXCLUSIVE, Duration.ZERO))).isEmpty();
			assertThatExceptionOfType(LockAcquisitionException.class)
				.isThrownBy(() -> template.acquire(request(key, LockType.EXCLUSIVE, Duration.ofMillis(200))));
			assertThat(held.isHeld()).isTrue();
		}
		assertThat(template.isLocked(key)).isFalse();
	}

	@Test
	void plainAcquireInsideAScopeReentersAndOutlivesTheScopeUntilClosed() throws Exception {
		LockTemplate template = redis.template();
		LockTemplate otherInstance = redis.template();
		String key = "test:ownership:escaping";
		LockRequest request = request(key, LockType.EXCLUSIVE, Duration.ofSeconds(1));
		LockHandle escaped = template.execute(request, (outer) -> template.acquire(request));
		assertThat(escaped.isHeld()).isTrue();
		assertThat(template.isLocked(key)).isTrue();
		assertThat(onOtherThread(() -> otherInstance.tryAcquire(request(key, LockType.EXCLUSIVE, Duration.ZERO))))
			.isEmpty();
		onOtherThread(() -> {
			escaped.close();
			return null;
		});
		assertThat(template.isLocked(key)).isFalse();
	}

}
