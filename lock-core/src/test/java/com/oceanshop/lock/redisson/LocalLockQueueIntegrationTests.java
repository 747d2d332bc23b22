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

package com.oceanshop.lock.redisson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link LocalLockQueue}: callers of one process queue locally in
 * front of a Redis lock without changing what the lock means.
 */
class LocalLockQueueIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static RedissonLockProvider provider;

	static LockTemplate template;

	@BeforeAll
	static void createTemplate() {
		Config config = new Config();
		config.setLockWatchdogTimeout(1500);
		config.useSingleServer().setAddress(redis.standaloneTopology().uri()).setTimeout(1000);
		redisson = Redisson.create(config);
		provider = new RedissonLockProvider(redisson);
		template = LockTemplate.builder(provider).build();
	}

	@AfterAll
	static void shutdown() {
		provider.close();
		redisson.shutdown();
	}

	static LockRequest request(String key, LockType type, Duration wait, Duration lease) {
		return LockRequest.builder(key).type(type).waitTime(wait).leaseTime(lease).build();
	}

	static <T> T onOtherThread(java.util.concurrent.Callable<T> task) throws Exception {
		FutureTask<T> future = new FutureTask<>(task);
		new Thread(future, "other-owner").start();
		return future.get(20, TimeUnit.SECONDS);
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void hotKeyHasNoLostUpdatesAndHandsTheLockOnToOtherCallers(LockType type) throws Exception {
		String key = "queue:hot:" + type.tagValue();
		int callers = 32;
		int rounds = 10;
		long[] counter = new long[1];
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		AtomicLong lastOwner = new AtomicLong(-1);
		AtomicInteger transfers = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch start = new CountDownLatch(1);
		for (int i = 0; i < callers; i++) {
			Thread thread = new Thread(() -> {
				try {
					start.await();
					for (int round = 0; round < rounds; round++) {
						template.execute(request(key, type, Duration.ofSeconds(15), Duration.ofSeconds(10)), (lock) -> {
							if (inside.incrementAndGet() != 1) {
								overlaps.incrementAndGet();
							}
							long me = Thread.currentThread().getId();
							if (lastOwner.getAndSet(me) != me) {
								transfers.incrementAndGet();
							}
							long value = counter[0];
							Thread.yield();
							counter[0] = value + 1;
							inside.decrementAndGet();
							return null;
						});
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			});
			threads.add(thread);
			thread.start();
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join(30_000);
		}
		assertThat(failures).isEmpty();
		assertThat(overlaps.get()).isZero();
		assertThat(counter[0]).isEqualTo((long) callers * rounds);
		// First come, first served: the releasing caller goes to the back of the line.
		assertThat(transfers.get()).isGreaterThan(callers * rounds * 9 / 10);
		assertThat(template.isLocked(key)).isFalse();
		assertThat(provider.localQueueCount()).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void nestedAcquisitionInAScopeReentersWithoutQueueingAndKeepsTheHoldersDeadline(LockType type) throws Exception {
		String key = "queue:reentrant:" + type.tagValue();
		LockRequest outerRequest = request(key, type, Duration.ofSeconds(1), Duration.ofSeconds(10));
		LockRequest innerRequest = request(key, type, Duration.ofSeconds(1), Duration.ofMillis(50));
		template.execute(outerRequest, (outer) -> {
			template.execute(innerRequest, (inner) -> assertThat(inner.isHeld()).isTrue());
			assertThat(outer.isHeld()).isTrue();
			assertThat(template.isLocked(key)).isTrue();
			// The nested hold's short lease is not the holder's: a local waiter keeps
			// waiting in line rather than going to Redis when the nested lease ends.
			FutureTask<Boolean> waiter = new FutureTask<>(() -> {
				try (LockHandle next = template
					.acquire(request(key, type, Duration.ofMillis(600), Duration.ofSeconds(10)))) {
					return true;
				}
				catch (LockAcquisitionException ex) {
					return false;
				}
			});
			new Thread(waiter, "local-waiter").start();
			try {
				assertThat(waiter.get(10, TimeUnit.SECONDS)).isFalse();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return null;
		});
		assertThat(template.isLocked(key)).isFalse();
		assertThat(provider.localQueueCount()).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void sameThreadOutsideAScopeQueuesLikeAnyOtherCaller(LockType type) {
		String key = "queue:unscoped:" + type.tagValue();
		try (LockHandle outer = template.acquire(request(key, type, Duration.ZERO, Duration.ofSeconds(10)))) {
			assertThatExceptionOfType(LockAcquisitionException.class)
				.isThrownBy(() -> template.acquire(request(key, type, Duration.ofMillis(200), Duration.ofSeconds(10))));
			assertThat(outer.isHeld()).isTrue();
		}
		assertThat(template.isLocked(key)).isFalse();
		assertThat(provider.localQueueCount()).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void releaseFromAnotherThreadHandsTheTurnOn(LockType type) throws Exception {
		String key = "queue:other-thread:" + type.tagValue();
		LockHandle handle = template.acquire(request(key, type, Duration.ZERO, Duration.ofSeconds(10)));
		CountDownLatch waiting = new CountDownLatch(1);
		FutureTask<Long> waiter = new FutureTask<>(() -> {
			waiting.countDown();
			long begin = System.nanoTime();
			try (LockHandle next = template
				.acquire(request(key, type, Duration.ofSeconds(10), Duration.ofSeconds(10)))) {
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
			}
		});
		new Thread(waiter, "waiter").start();
		waiting.await();
		Thread.sleep(200);
		onOtherThread(() -> {
			handle.close();
			return null;
		});
		assertThat(waiter.get(20, TimeUnit.SECONDS)).isLessThan(5_000);
		assertThat(provider.localQueueCount()).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void waiterDoesNotWaitForAHolderWhoseLeaseRanOut(LockType type) throws Exception {
		String key = "queue:stale:" + type.tagValue();
		// Before the stale lease starts in Redis, so that the lower bound holds however
		// slowly the other thread starts.
		long begin = System.nanoTime();
		LockHandle stale = template.acquire(request(key, type, Duration.ZERO, Duration.ofMillis(300)));
		long took = onOtherThread(() -> {
			try (LockHandle next = template
				.acquire(request(key, type, Duration.ofSeconds(5), Duration.ofSeconds(10)))) {
				assertThat(next.isHeld()).isTrue();
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
			}
		});
		// Not before the lease ran out, and well before the 5 s wait time.
		assertThat(took).isBetween(290L, 3_000L);
		assertThatExceptionOfType(LockLostException.class).isThrownBy(stale::close);
		assertThat(provider.localQueueCount()).isZero();
	}

	@Test
	void fairWaitersOfOneProcessAreServedInArrivalOrder() throws Exception {
		String key = "queue:fifo:order";
		LockHandle first = template.acquire(request(key, LockType.FAIR, Duration.ZERO, Duration.ofSeconds(10)));
		List<Integer> order = Collections.synchronizedList(new ArrayList<>());
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int caller = i;
			Thread thread = new Thread(() -> template
				.execute(request(key, LockType.FAIR, Duration.ofSeconds(15), Duration.ofSeconds(10)), (lock) -> {
					order.add(caller);
					return null;
				}), "fair-" + i);
			threads.add(thread);
			thread.start();
			// Let each caller reach the queue before the next one arrives.
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
		}
		first.close();
		for (Thread thread : threads) {
			thread.join(20_000);
		}
		assertThat(order).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void readersStillShareTheLock() throws Exception {
		String key = "queue:read:shared";
		try (LockHandle reader = template.acquire(request(key, LockType.READ, Duration.ZERO, Duration.ofSeconds(10)))) {
			boolean second = onOtherThread(
					() -> template.tryAcquire(request(key, LockType.READ, Duration.ZERO, Duration.ofSeconds(10)))
						.map((handle) -> {
							handle.close();
							return true;
						})
						.orElse(false));
			assertThat(second).isTrue();
			assertThat(reader.isHeld()).isTrue();
		}
	}

	@Test
	void waitTimeBoundsTheLocalWait() throws Exception {
		String key = "queue:timeout:bound";
		try (LockHandle holder = template
			.acquire(request(key, LockType.EXCLUSIVE, Duration.ZERO, Duration.ofSeconds(10)))) {
			long took = onOtherThread(() -> {
				long begin = System.nanoTime();
				assertThatExceptionOfType(LockAcquisitionException.class).isThrownBy(() -> template
					.acquire(request(key, LockType.EXCLUSIVE, Duration.ofMillis(300), Duration.ofSeconds(10))));
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
			});
			assertThat(took).isBetween(250L, 1_500L);
		}
		assertThat(provider.localQueueCount()).isZero();
	}

}
