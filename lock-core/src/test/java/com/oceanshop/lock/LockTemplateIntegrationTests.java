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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.redisson.RedissonLockTemplates;
import com.oceanshop.lock.test.RedisConnection;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link LockTemplate} over real {@code redis-server} processes.
 */
class LockTemplateIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);

	static RedissonClient redisson;

	static LockTemplate template;

	static ExecutorService executor;

	@BeforeAll
	static void createTemplate() {
		redisson = TestRedisson.create(redis.standaloneTopology().uri());
		template = RedissonLockTemplates.create(redisson);
		executor = Executors.newCachedThreadPool();
	}

	@AfterAll
	static void shutdown() {
		executor.shutdownNow();
		redisson.shutdown();
	}

	/**
	 * Run a task on a new thread: lock ownership is per thread, so a pooled thread that
	 * already holds a lock would not be "another owner".
	 */
	static <T> T onOtherThread(Callable<T> task) throws Exception {
		FutureTask<T> future = new FutureTask<>(task);
		new Thread(future, "other-owner").start();
		return future.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	static LockRequest request(String key, LockType type) {
		LockRequest.Builder builder = LockRequest.builder(key).type(type).waitTime(Duration.ZERO);
		if (type == LockType.SEMAPHORE) {
			builder.maxPermits(1);
		}
		return builder.build();
	}

	static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TEST_TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Timed out after " + TEST_TIMEOUT + " waiting until " + what);
			}
			Thread.sleep(10);
		}
	}

	static Object redisCall(String... command) {
		try (RedisConnection connection = redis.standaloneTopology().node().connect()) {
			return connection.call(command);
		}
	}

	@Nested
	class EveryType {

		@ParameterizedTest
		@EnumSource(LockType.class)
		void acquireMakesKeyLockedAndCloseReleasesIt(LockType type) {
			String key = "test:basic:" + type;
			try (LockHandle handle = template.acquire(request(key, type))) {
				assertThat(handle.isHeld()).isTrue();
				assertThat(handle.key()).isEqualTo(key);
				assertThat(handle.type()).isEqualTo(type);
				assertThat(template.isLocked(key)).isTrue();
			}
			assertThat(template.isLocked(key)).isFalse();
		}

		@ParameterizedTest
		@EnumSource(value = LockType.class, names = "READ", mode = EnumSource.Mode.EXCLUDE)
		void secondOwnerIsExcludedUntilRelease(LockType type) throws Exception {
			String key = "test:exclusion:" + type;
			LockHandle handle = template.acquire(request(key, type));
			assertThat(onOtherThread(() -> template.tryAcquire(request(key, type)))).isEmpty();
			handle.close();
			Optional<LockHandle> other = onOtherThread(() -> template.tryAcquire(request(key, type)));
			assertThat(other).isPresent();
			other.get().close();
		}

		@ParameterizedTest
		@EnumSource(LockType.class)
		void releaseFromAnotherThreadFreesTheLock(LockType type) throws Exception {
			String key = "test:cross-thread:" + type;
			LockHandle handle = template.acquire(request(key, type));
			onOtherThread(() -> {
				handle.close();
				return null;
			});
			assertThat(handle.isHeld()).isFalse();
			assertThat(template.isLocked(key)).isFalse();
		}

		@ParameterizedTest
		@EnumSource(LockType.class)
		void fencingTokensIncreaseAcrossHolders(LockType type) throws Exception {
			String key = "test:fence:" + type;
			long previous = 0;
			for (int i = 0; i < 3; i++) {
				long token = onOtherThread(() -> {
					try (LockHandle handle = template.acquire(request(key, type))) {
						return handle.fencingToken();
					}
				});
				assertThat(token).isGreaterThan(previous);
				previous = token;
			}
		}

		@ParameterizedTest
		@EnumSource(LockType.class)
		void releaseAfterLeaseRanOutReportsLockLost(LockType type) throws Exception {
			String key = "test:expired:" + type;
			LockRequest.Builder builder = LockRequest.builder(key).type(type).leaseTime(Duration.ofMillis(200));
			if (type == LockType.SEMAPHORE) {
				builder.maxPermits(1);
			}
			LockHandle handle = template.acquire(builder.build());
			await("the lease ran out in Redis", () -> !template.isLocked(key));
			assertThat(handle.isHeld()).isFalse();
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::fencingToken);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close)
				.withMessageContaining("'" + key + "' was lost before release");
			handle.close();
		}

		@ParameterizedTest
		@EnumSource(LockType.class)
		void autoRenewalKeepsLockForThreeRenewalTimeouts(LockType type) throws Exception {
			String key = "test:renewed:" + type;
			LockRequest.Builder builder = LockRequest.builder(key).type(type).autoRenew();
			if (type == LockType.SEMAPHORE) {
				builder.maxPermits(1);
			}
			LockRequest renewed = builder.build();
			LockHandle handle = template.acquire(renewed);
			LockRequest probe = request(key, (type == LockType.READ) ? LockType.WRITE : type);
			long end = System.nanoTime() + TestRedisson.RENEWAL_TIMEOUT.multipliedBy(3).toNanos();
			int probes = 0;
			while (System.nanoTime() - end < 0) {
				assertThat(onOtherThread(() -> template.tryAcquire(probe))).isEmpty();
				probes++;
				Thread.sleep(250);
			}
			assertThat(probes).isGreaterThan(3);
			assertThat(handle.isHeld()).isTrue();
			handle.close();
			assertThat(template.isLocked(key)).isFalse();
		}

	}

	@Nested
	class Exclusive {

		@Test
		void isReentrantOnTheSameThread() {
			String key = "test:reentrant:1";
			try (LockHandle outer = template.acquire(LockRequest.of(key))) {
				try (LockHandle inner = template.acquire(LockRequest.of(key))) {
					assertThat(inner.isHeld()).isTrue();
				}
				assertThat(template.isLocked(key)).isTrue();
				assertThat(outer.isHeld()).isTrue();
			}
			assertThat(template.isLocked(key)).isFalse();
		}

		@Test
		void waitTimeIsHonoured() throws Exception {
			String key = "test:wait:1";
			Duration wait = Duration.ofMillis(500);
			try (LockHandle held = template.acquire(LockRequest.of(key))) {
				long start = System.nanoTime();
				LockAcquisitionException ex = onOtherThread(() -> {
					try {
						template.acquire(LockRequest.builder(key).waitTime(wait).build()).close();
						return null;
					}
					catch (LockAcquisitionException failure) {
						return failure;
					}
				});
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				assertThat(ex).isNotNull();
				assertThat(ex.getWaited()).isGreaterThanOrEqualTo(wait);
				assertThat(ex.getMessage()).contains("exclusive lock '" + key + "'");
				assertThat(elapsed).isLessThan(wait.plusSeconds(3));
			}
		}

		@Test
		void waiterGetsLockWhenHolderReleases() throws Exception {
			String key = "test:handover:1";
			LockHandle held = template.acquire(LockRequest.of(key));
			CountDownLatch waiting = new CountDownLatch(1);
			Future<Long> waiter = executor.submit(() -> {
				waiting.countDown();
				try (LockHandle handle = template
					.acquire(LockRequest.builder(key).waitTime(Duration.ofSeconds(10)).build())) {
					return handle.fencingToken();
				}
			});
			waiting.await();
			long holderToken = held.fencingToken();
			held.close();
			assertThat(waiter.get(10, TimeUnit.SECONDS)).isGreaterThan(holderToken);
		}

		@Test
		void fencingTokensIncreaseAcrossLeaseExpiryAndTheExpiredHolderGetsNone() throws Exception {
			String key = "test:fence-expiry:1";
			LockHandle first = template.acquire(LockRequest.builder(key).leaseTime(Duration.ofMillis(300)).build());
			long firstToken = first.fencingToken();
			long secondToken = onOtherThread(() -> {
				try (LockHandle second = template
					.acquire(LockRequest.builder(key).waitTime(Duration.ofSeconds(10)).build())) {
					return second.fencingToken();
				}
			});
			assertThat(secondToken).isGreaterThan(firstToken);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(first::fencingToken);
		}

		@Test
		void holderWhoseKeyWasRemovedGetsNoFencingToken() {
			String key = "test:force-released:1";
			LockHandle handle = template.acquire(LockRequest.of(key));
			redisCall("DEL", "lock:" + key);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::fencingToken)
				.withMessageContaining("no longer held in Redis");
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close);
		}

		@Test
		void redisKeyIsPrefixPlusKeyAndHasALease() {
			String key = "inventory:reserve:PROD-123";
			try (LockHandle handle = template
				.acquire(LockRequest.builder(key).leaseTime(Duration.ofSeconds(30)).build())) {
				Object ttl = redisCall("PTTL", "lock:" + key);
				assertThat((Long) ttl).isBetween(1L, 30_000L);
			}
		}

		@Test
		void executeReturnsTheCallbacksResultAndReleases() {
			String result = template.execute(LockRequest.of("test:execute:1"), (lock) -> {
				assertThat(template.isLocked("test:execute:1")).isTrue();
				return "done";
			});
			assertThat(result).isEqualTo("done");
			assertThat(template.isLocked("test:execute:1")).isFalse();
		}

	}

	@Nested
	class LossDetection {

		@ParameterizedTest
		@EnumSource(LockType.class)
		void renewalThatFindsTheLockGoneReportsTheLossBeforeRelease(LockType type) throws Exception {
			String key = "test:lost-renewal:" + type;
			List<String> losses = Collections.synchronizedList(new ArrayList<>());
			LockTemplate listening = LockTemplate.builder(template.getProvider()).listener(new LockListener() {
				@Override
				public void onLost(LockRequest request, Duration held) {
					losses.add(request.key());
				}
			}).build();
			LockRequest.Builder builder = LockRequest.builder(key).type(type).autoRenew();
			if (type == LockType.SEMAPHORE) {
				builder.maxPermits(1);
			}
			LockHandle handle = listening.acquire(builder.build());
			// What a failover to a replica that missed the write, or an operator's force
			// release, looks like to the holder: the lock is simply gone.
			redisCall("DEL", "lock:" + key, "{lock:" + key + "}:timeout");
			await("the renewal noticed the loss", () -> !handle.isHeld());
			assertThat(losses).containsExactly(key);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::fencingToken);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close)
				.withMessageContaining("renewal failed");
			assertThat(losses).containsExactly(key);
		}

		@Test
		void executeEndsWithLockLostAfterTheActionWhenTheLockWasLost() {
			String key = "test:lost-execute:1";
			List<String> work = new ArrayList<>();
			assertThatExceptionOfType(LockLostException.class)
				.isThrownBy(() -> template.execute(LockRequest.builder(key).autoRenew().build(), (lock) -> {
					redisCall("DEL", "lock:" + key);
					work.add("done");
					return null;
				}));
			assertThat(work).containsExactly("done");
		}

	}

	@Nested
	class Fair {

		@Test
		void waitersAcquireInArrivalOrder() throws Exception {
			String key = "test:fifo:1";
			String queue = "redisson_lock_queue:{lock:" + key + "}";
			String channels = "redisson_lock__channel:{lock:" + key + "}:*";
			LockHandle holder = template.acquire(request(key, LockType.FAIR));
			List<Integer> order = Collections.synchronizedList(new ArrayList<>());
			List<Future<?>> waiters = new ArrayList<>();
			int count = 5;
			for (int i = 0; i < count; i++) {
				int id = i;
				// Each waiter acts as another instance: waiters of one instance line up
				// in its local queue, and only its first one joins the queue in Redis.
				LockTemplate instance = RedissonLockTemplates.create(redisson);
				waiters.add(executor.submit(() -> {
					LockRequest request = LockRequest.builder(key)
						.type(LockType.FAIR)
						.waitTime(Duration.ofSeconds(15))
						.build();
					try (LockHandle handle = instance.acquire(request)) {
						order.add(id);
					}
					return null;
				}));
				long queued = i + 1;
				// A waiter's first, non-waiting attempt enters and leaves the Redis
				// queue; it
				// waits for good once it has subscribed to its own unlock channel.
				await("waiter " + id + " is queued", () -> (Long) redisCall("LLEN", queue) == queued
						&& ((List<?>) redisCall("PUBSUB", "CHANNELS", channels)).size() == queued);
			}
			holder.close();
			for (Future<?> waiter : waiters) {
				waiter.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			assertThat(order).containsExactly(0, 1, 2, 3, 4);
		}

	}

	@Nested
	class ReadWrite {

		@Test
		void readersShareAndExcludeWriters() throws Exception {
			String key = "test:rw:1";
			LockHandle reader = template.acquire(request(key, LockType.READ));
			Optional<LockHandle> otherReader = onOtherThread(() -> template.tryAcquire(request(key, LockType.READ)));
			assertThat(otherReader).isPresent();
			assertThat(onOtherThread(() -> template.tryAcquire(request(key, LockType.WRITE)))).isEmpty();
			reader.close();
			assertThat(onOtherThread(() -> template.tryAcquire(request(key, LockType.WRITE)))).isEmpty();
			otherReader.get().close();
			Optional<LockHandle> writer = onOtherThread(() -> template.tryAcquire(request(key, LockType.WRITE)));
			assertThat(writer).isPresent();
			assertThat(onOtherThread(() -> template.tryAcquire(request(key, LockType.READ)))).isEmpty();
			writer.get().close();
		}

	}

	@Nested
	class Semaphore {

		@Test
		void neverExceedsMaxPermits() throws Exception {
			String key = "rate:limit:user-1";
			int maxPermits = 3;
			AtomicInteger inside = new AtomicInteger();
			AtomicInteger maxInside = new AtomicInteger();
			AtomicInteger completed = new AtomicInteger();
			LockRequest request = LockRequest.builder(key)
				.type(LockType.SEMAPHORE)
				.maxPermits(maxPermits)
				.waitTime(Duration.ofSeconds(15))
				.leaseTime(Duration.ofSeconds(15))
				.build();
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				workers.add(executor.submit(() -> {
					for (int i = 0; i < 15; i++) {
						template.execute(request, (lock) -> {
							maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
							redisCall("PING");
							inside.decrementAndGet();
							return completed.incrementAndGet();
						});
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(60, TimeUnit.SECONDS);
			}
			assertThat(completed).hasValue(120);
			assertThat(maxInside.get()).isBetween(1, maxPermits);
		}

		@Test
		void permitsOfAHolderThatNeverReleasesComeBackAfterTheLease() throws Exception {
			String key = "rate:limit:user-2";
			LockRequest leased = LockRequest.builder(key)
				.type(LockType.SEMAPHORE)
				.permits(2)
				.maxPermits(2)
				.leaseTime(Duration.ofMillis(300))
				.build();
			LockHandle abandoned = template.acquire(leased);
			LockRequest probe = LockRequest.builder(key).type(LockType.SEMAPHORE).maxPermits(2).build();
			assertThat(onOtherThread(() -> template.tryAcquire(probe))).isEmpty();
			LockHandle later = onOtherThread(() -> template.acquire(LockRequest.builder(key)
				.type(LockType.SEMAPHORE)
				.maxPermits(2)
				.waitTime(Duration.ofSeconds(10))
				.build()));
			later.close();
			assertThatExceptionOfType(LockLostException.class).isThrownBy(abandoned::close);
		}

	}

	@Nested
	class Concurrency {

		@Test
		void fuzzedMixOfTypesAndKeysNeverOverlapsOnAKey() throws Exception {
			Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
			AtomicInteger violations = new AtomicInteger();
			AtomicInteger operations = new AtomicInteger();
			LockType[] exclusiveTypes = { LockType.EXCLUSIVE, LockType.WRITE };
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				workers.add(executor.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < 40; i++) {
						String key = "test:fuzz:" + random.nextInt(3);
						LockType type = exclusiveTypes[random.nextInt(exclusiveTypes.length)];
						// EXCLUSIVE and WRITE of one key are different Redis structures,
						// so the
						// key decides the type: both threads must agree to exclude each
						// other.
						LockType keyType = key.endsWith("0") ? LockType.FAIR : type;
						String fullKey = key + ":" + keyType;
						LockRequest request = LockRequest.builder(fullKey)
							.type(keyType)
							.waitTime(Duration.ofSeconds(20))
							.leaseTime(Duration.ofSeconds(20))
							.build();
						template.execute(request, (lock) -> {
							AtomicInteger counter = inside.computeIfAbsent(fullKey, (k) -> new AtomicInteger());
							if (counter.incrementAndGet() != 1) {
								violations.incrementAndGet();
							}
							if (random.nextBoolean()) {
								lock.fencingToken();
							}
							counter.decrementAndGet();
							return operations.incrementAndGet();
						});
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(90, TimeUnit.SECONDS);
			}
			assertThat(operations).hasValue(320);
			assertThat(violations).hasValue(0);
		}

	}

}
