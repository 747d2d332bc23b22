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

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link AsyncLockOperations} on {@link LockTemplate} against a
 * real Redis: exclusion with blocking callers, waits that hold no thread, release on
 * error and cancellation, loss reporting.
 */
class AsyncLockTemplateIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final LockTemplate template = TestRedisson.templateBuilder(redis.client()).asyncExecutor(this.pool).build();

	@AfterEach
	void stopPool() {
		this.pool.shutdownNow();
	}

	@Test
	void acquireAsyncHoldsUntilClosedAsync() {
		LockHandle handle = this.template.acquireAsync(LockRequest.builder("inventory:reserve:ASYNC-1").build()).join();
		assertThat(handle.isHeld()).isTrue();
		assertThat(this.template.isLocked("inventory:reserve:ASYNC-1")).isTrue();
		handle.closeAsync().join();
		assertThat(handle.isHeld()).isFalse();
		assertThat(redis.client().getKeys().countExists("lock:inventory:reserve:ASYNC-1")).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE", "SEMAPHORE" })
	void asyncAndBlockingCallersExcludeEachOther(LockType type) throws Exception {
		String key = "inventory:mixed:" + type;
		LockRequest request = LockRequest.builder(key)
			.type(type)
			.waitTime(Duration.ofSeconds(30))
			.leaseTime(Duration.ofSeconds(30))
			.build();
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		int[] counter = { 0 };
		Runnable critical = () -> {
			maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
			int read = counter[0];
			Thread.onSpinWait();
			counter[0] = read + 1;
			inside.decrementAndGet();
		};
		List<CompletableFuture<?>> all = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			all.add(this.template.executeAsync(request, (handle) -> CompletableFuture.runAsync(critical)));
		}
		ExecutorService blocking = Executors.newFixedThreadPool(2);
		try {
			for (int i = 0; i < 2; i++) {
				all.add(CompletableFuture.runAsync(() -> {
					for (int j = 0; j < 10; j++) {
						this.template.execute(request, (handle) -> {
							critical.run();
							return null;
						});
					}
				}, blocking));
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		finally {
			blocking.shutdownNow();
		}
		assertThat(maxInside).hasValue(1);
		assertThat(counter[0]).isEqualTo(60);
		assertThat(this.template.isLocked(key)).isFalse();
	}

	@Test
	void waitingCallersHoldNoThread() throws Exception {
		String key = "inventory:reserve:MANY";
		LockRequest request = LockRequest.builder(key).waitTime(Duration.ofSeconds(30)).autoRenew().build();
		LockHandle holder = this.template.acquire(request);
		int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		int callers = 200;
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		List<CompletableFuture<Integer>> results = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			int id = i;
			// Each caller starts on one of the two pool threads, as a request handler
			// would.
			results.add(CompletableFuture.supplyAsync(() -> this.template.executeAsync(request, (handle) -> {
				maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
				inside.decrementAndGet();
				return CompletableFuture.completedFuture(id);
			}), this.pool).thenCompose((result) -> result));
		}
		// All 200 wait while the lock is held, and the two threads are still free.
		CompletableFuture<String> probe = CompletableFuture.supplyAsync(() -> "free", this.pool);
		assertThat(probe.get(10, TimeUnit.SECONDS)).isEqualTo("free");
		assertThat(results).noneMatch(CompletableFuture::isDone);
		// No thread per waiter either (a provider without a non-blocking path would start
		// one each).
		assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThan(threadsBefore + 20);
		holder.close();
		CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		assertThat(results).extracting(CompletableFuture::join).hasSize(callers).doesNotHaveDuplicates();
		assertThat(maxInside).hasValue(1);
		assertThat(this.template.isLocked(key)).isFalse();
	}

	@Test
	void executeAsyncReleasesWhenWorkFails() {
		String key = "payment:charge:FAIL-1";
		IllegalStateException failure = new IllegalStateException("card declined");
		CompletableFuture<Object> result = this.template.executeAsync(LockRequest.of(key),
				(handle) -> CompletableFuture.supplyAsync(() -> {
					throw failure;
				}));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join).withCause(failure);
		assertThat(this.template.isLocked(key)).isFalse();
		assertThat(redis.client().getKeys().countExists("lock:" + key)).isZero();
	}

	@Test
	void executeAsyncReleasesWhenCallbackThrows() {
		String key = "payment:charge:THROW-1";
		CompletableFuture<Object> result = this.template.executeAsync(LockRequest.of(key), (handle) -> {
			throw new IllegalArgumentException("bad order");
		});
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
			.withCauseInstanceOf(IllegalArgumentException.class);
		assertThat(this.template.isLocked(key)).isFalse();
	}

	@Test
	void cancellingRunningWorkReleasesTheLock() throws Exception {
		String key = "payment:charge:CANCEL-1";
		CompletableFuture<Object> work = new CompletableFuture<>();
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Object> result = this.template.executeAsync(LockRequest.of(key), (handle) -> {
			started.countDown();
			return work;
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.template.isLocked(key)).isTrue();
		result.cancel(false);
		// The cancellation reaches the work once the template has it: the callback may
		// still be returning it.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!work.isCancelled() && System.nanoTime() - deadline < 0) {
			Thread.sleep(5);
		}
		assertThat(work).isCancelled();
		awaitUnlocked(key);
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE", "SEMAPHORE" })
	void cancellingAWaitingAcquisitionLeavesNoLockAndNoWaiter(LockType type) throws Exception {
		String key = "order:place:CANCEL-" + type;
		LockRequest request = LockRequest.builder(key)
			.type(type)
			.waitTime(Duration.ofSeconds(30))
			.leaseTime(Duration.ofSeconds(30))
			.build();
		LockHandle holder = this.template.acquire(request);
		CompletableFuture<LockHandle> waiting = this.template.acquireAsync(request);
		// Let it reach Redis or the local queue.
		Thread.sleep(200);
		assertThat(waiting.cancel(false)).isTrue();
		holder.close();
		// The cancelled waiter took nothing: a caller that does not wait gets the lock,
		// and releasing it leaves nothing behind.
		LockHandle next = this.template.acquire(LockRequest.builder(key)
			.type(type)
			.waitTime(Duration.ofSeconds(2))
			.leaseTime(Duration.ofSeconds(30))
			.build());
		next.close();
		awaitUnlocked(key);
		assertThatExceptionOfType(CancellationException.class).isThrownBy(waiting::join);
	}

	@Test
	void timeoutFailsWithAcquisitionException() {
		String key = "inventory:reserve:TIMEOUT-1";
		try (LockHandle holder = this.template.acquire(LockRequest.of(key))) {
			CompletableFuture<LockHandle> waiting = this.template
				.acquireAsync(LockRequest.builder(key).waitTime(Duration.ofMillis(300)).build());
			assertThatExceptionOfType(CompletionException.class).isThrownBy(waiting::join)
				.withCauseInstanceOf(LockAcquisitionException.class);
			assertThat(this.template.tryAcquireAsync(LockRequest.of(key)).join()).isEmpty();
		}
		assertThat(this.template.tryAcquireAsync(LockRequest.of(key)).join()).hasValueSatisfying((handle) -> {
			assertThat(handle.isHeld()).isTrue();
			handle.closeAsync().join();
		});
	}

	@Test
	void lossIsReportedToTheHandlesCallback() throws Exception {
		String key = "inventory:reserve:LOST-ASYNC";
		LockHandle handle = this.template.acquireAsync(LockRequest.builder(key).autoRenew().build()).join();
		CountDownLatch lost = new CountDownLatch(1);
		handle.whenLost(lost::countDown);
		redis.client().getKeys().delete("lock:" + key);
		assertThat(lost.await(15, TimeUnit.SECONDS)).isTrue();
		assertThat(handle.isHeld()).isFalse();
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> handle.closeAsync().join())
			.withCauseInstanceOf(LockLostException.class);
	}

	private void awaitUnlocked(String key) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.template.isLocked(key) && System.nanoTime() - deadline < 0) {
			Thread.sleep(20);
		}
		assertThat(this.template.isLocked(key)).isFalse();
	}

}
