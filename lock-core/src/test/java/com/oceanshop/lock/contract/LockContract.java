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

package com.oceanshop.lock.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Contract that a {@link LockProvider} must meet for every {@link LockType}: acquire and
 * release, exclusion of a second owner, release from another thread, a {@code tryAcquire}
 * that does not wait, a wait time that bounds the wait, fencing tokens that increase per
 * key, reentrancy per scope, lease expiry, auto-renewal and mutual exclusion under
 * concurrent callers. A subclass per type adds that type's own rules: a provider's test
 * extends {@link ExclusiveLockContract}, {@link FairLockContract},
 * {@link ReadLockContract}, {@link WriteLockContract} or {@link SemaphoreLockContract}
 * for each type it supports, not this class.
 * <p>
 * Each handle is its own owner, whatever thread it was acquired on; a nested acquisition
 * re-enters only inside an {@code execute} callback (or a {@code @DistributedLock}
 * method) of the same key on the same thread. Other owners run on other threads here only
 * to keep the checks simple. Timing checks are upper bounds only.
 *
 * @since 0.1.0
 */
public abstract class LockContract {

	/**
	 * Upper bound for anything a test waits for.
	 */
	protected static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);

	private @Nullable LockTemplate template;

	/**
	 * Create a template over the provider under test. Each call stands for one
	 * application instance, with its own provider state.
	 * @return a new template
	 */
	protected abstract LockTemplate createTemplate();

	/**
	 * Return how long an auto-renewed lock outlives a holder that stopped renewing (the
	 * provider's renewal or watchdog timeout). Tests hold a renewed lock for three of
	 * these, so keep it short.
	 * @return the renewal timeout
	 */
	protected abstract Duration renewalTimeout();

	/**
	 * Return the lock type under test; the subclass per type decides.
	 * @return the type
	 */
	abstract LockType lockType();

	/**
	 * Return the type a second owner uses to check exclusion: the type under test, except
	 * for {@link LockType#READ}, whose holders share and exclude writers.
	 * @return the contending type
	 */
	LockType contenderType() {
		return lockType();
	}

	/**
	 * Return every type that a holder of the type under test excludes.
	 * @return the excluded types
	 */
	List<LockType> excludedTypes() {
		return List.of(contenderType());
	}

	/**
	 * Return whether a nested acquisition inside a scope of the same key re-enters the
	 * lock.
	 * @return whether the type is reentrant
	 */
	boolean reentrant() {
		return true;
	}

	@BeforeEach
	void createTemplateForTest() {
		this.template = createTemplate();
	}

	/**
	 * Return the template that this test's callers share.
	 * @return the template
	 */
	protected final LockTemplate template() {
		return Objects.requireNonNull(this.template, "No template: createTemplate() runs before each test");
	}

	/**
	 * Return a key that no other test and no other lock type uses.
	 * @param name what the test checks
	 * @return the key
	 */
	protected final String key(String name) {
		return "test:contract:" + lockType().tagValue() + ":" + name;
	}

	/**
	 * Start a request of the given type, with one permit in all for a semaphore so that
	 * every type has a single exclusive owner.
	 * @param key the key
	 * @param type the type
	 * @return a builder
	 */
	protected static LockRequest.Builder requestBuilder(String key, LockType type) {
		LockRequest.Builder builder = LockRequest.builder(key).type(type);
		if (type == LockType.SEMAPHORE) {
			builder.maxPermits(1);
		}
		return builder;
	}

	/**
	 * Return a request of the given type that does not wait.
	 * @param key the key
	 * @param type the type
	 * @return the request
	 */
	protected static LockRequest request(String key, LockType type) {
		return requestBuilder(key, type).waitTime(Duration.ZERO).build();
	}

	/**
	 * Run a task on a new thread and wait for its result.
	 * @param <T> the result type
	 * @param task the task
	 * @return its result
	 * @throws Exception if the task failed or did not finish within {@link #TEST_TIMEOUT}
	 */
	protected static <T> T onOtherThread(Callable<T> task) throws Exception {
		return startOnOtherThread(task).get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	/**
	 * Try to acquire a lock on a new thread, for use where checked exceptions cannot be
	 * thrown.
	 * @param request the request
	 * @return the held lock, or empty
	 */
	protected final Optional<LockHandle> tryAcquireOnOtherThread(LockRequest request) {
		try {
			return onOtherThread(() -> template().tryAcquire(request));
		}
		catch (Exception ex) {
			throw new IllegalStateException("Acquiring on another thread failed", ex);
		}
	}

	/**
	 * Start a task on a new thread.
	 * @param <T> the result type
	 * @param task the task
	 * @return its future
	 */
	protected static <T> Future<T> startOnOtherThread(Callable<T> task) {
		FutureTask<T> future = new FutureTask<>(task);
		Thread thread = new Thread(future, "other-owner");
		thread.setDaemon(true);
		thread.start();
		return future;
	}

	/**
	 * Run an action on new threads, a number of times on each, and wait until all have
	 * finished.
	 * @param threads how many threads
	 * @param iterations how many times each thread runs the action
	 * @param action the action, given the thread's number
	 * @throws Exception if an action failed or the threads did not finish in 90 seconds
	 */
	protected static void onThreads(int threads, int iterations, IntConsumer action) throws Exception {
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			workers.add(startOnOtherThread(() -> {
				for (int i = 0; i < iterations; i++) {
					action.accept(thread);
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(90, TimeUnit.SECONDS);
		}
	}

	/**
	 * Wait until the condition holds, at most {@link #TEST_TIMEOUT}.
	 * @param what the condition, for the failure message
	 * @param condition the condition
	 * @throws InterruptedException if interrupted
	 */
	protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TEST_TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Timed out after " + TEST_TIMEOUT + " waiting until " + what);
			}
			Thread.sleep(10);
		}
	}

	@Test
	void acquireMakesKeyLockedAndCloseReleasesIt() {
		String key = key("basic");
		try (LockHandle handle = template().acquire(request(key, lockType()))) {
			assertThat(handle.isHeld()).isTrue();
			assertThat(handle.key()).isEqualTo(key);
			assertThat(handle.type()).isEqualTo(lockType());
			assertThat(template().isLocked(key)).isTrue();
		}
		assertThat(template().isLocked(key)).isFalse();
	}

	@Test
	void reentrancyIsPerScope() throws Exception {
		String key = key("reentrant");
		// A nested acquisition that waited for its own scope would time out.
		LockRequest nested = requestBuilder(key, lockType()).waitTime(Duration.ofMillis(500)).build();
		template().execute(request(key, lockType()), (outer) -> {
			if (reentrant()) {
				try (LockHandle inner = template().acquire(nested)) {
					assertThat(inner.isHeld()).isTrue();
				}
				template().execute(nested, (inner) -> assertThat(inner.isHeld()).isTrue());
				assertThat(template().isLocked(key)).isTrue();
				assertThat(outer.isHeld()).isTrue();
				assertThat(tryAcquireOnOtherThread(request(key, contenderType()))).isEmpty();
			}
			else {
				assertThat(template().tryAcquire(request(key, lockType()))).isEmpty();
			}
			return null;
		});
		assertThat(template().isLocked(key)).isFalse();
	}

	@Test
	void acquisitionOutsideAScopeWaitsForAnOpenHandleOfTheSameThread() throws Exception {
		String key = key("unscoped");
		LockRequest contender = requestBuilder(key, contenderType()).waitTime(Duration.ofMillis(200)).build();
		try (LockHandle held = template().acquire(request(key, lockType()))) {
			assertThat(template().tryAcquire(request(key, contenderType()))).isEmpty();
			assertThatExceptionOfType(LockAcquisitionException.class)
				.isThrownBy(() -> template().acquire(contender).close());
			assertThat(held.isHeld()).isTrue();
		}
		assertThat(template().isLocked(key)).isFalse();
	}

	@Test
	void executeReturnsTheCallbacksResultAndReleases() {
		String key = key("execute");
		String result = template().execute(request(key, lockType()), (lock) -> {
			assertThat(template().isLocked(key)).isTrue();
			return "done";
		});
		assertThat(result).isEqualTo("done");
		assertThat(template().isLocked(key)).isFalse();
	}

	@Test
	void secondOwnerIsExcludedUntilRelease() throws Exception {
		for (LockType excluded : excludedTypes()) {
			String key = key("exclusion-" + excluded.tagValue());
			LockHandle handle = template().acquire(request(key, lockType()));
			assertThat(onOtherThread(() -> template().tryAcquire(request(key, excluded)))).isEmpty();
			handle.close();
			Optional<LockHandle> other = onOtherThread(() -> template().tryAcquire(request(key, excluded)));
			assertThat(other).isPresent();
			other.get().close();
		}
	}

	@Test
	void tryAcquireDoesNotWaitForTheHolder() throws Exception {
		String key = key("try");
		Duration wait = TEST_TIMEOUT.dividedBy(2);
		try (LockHandle held = template().acquire(request(key, lockType()))) {
			long start = System.nanoTime();
			Optional<LockHandle> other = onOtherThread(
					() -> template().tryAcquire(requestBuilder(key, contenderType()).waitTime(wait).build()));
			assertThat(other).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(wait);
		}
	}

	@Test
	void waitTimeIsHonoured() throws Exception {
		String key = key("wait");
		Duration wait = Duration.ofMillis(500);
		try (LockHandle held = template().acquire(request(key, lockType()))) {
			long start = System.nanoTime();
			LockAcquisitionException ex = onOtherThread(() -> {
				try {
					template().acquire(requestBuilder(key, contenderType()).waitTime(wait).build()).close();
					return null;
				}
				catch (LockAcquisitionException failure) {
					return failure;
				}
			});
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(ex).isNotNull();
			assertThat(ex.getWaited()).isGreaterThanOrEqualTo(wait);
			assertThat(ex.getMessage()).contains(contenderType().tagValue() + " lock '" + key + "'");
			assertThat(elapsed).isLessThan(wait.plusSeconds(3));
		}
	}

	@Test
	void waiterGetsLockWhenHolderReleases() throws Exception {
		String key = key("handover");
		LockHandle held = template().acquire(request(key, lockType()));
		CountDownLatch waiting = new CountDownLatch(1);
		Future<Long> waiter = startOnOtherThread(() -> {
			waiting.countDown();
			try (LockHandle handle = template()
				.acquire(requestBuilder(key, contenderType()).waitTime(Duration.ofSeconds(10)).build())) {
				return handle.fencingToken();
			}
		});
		waiting.await();
		long holderToken = held.fencingToken();
		held.close();
		assertThat(waiter.get(10, TimeUnit.SECONDS)).isGreaterThan(holderToken);
	}

	@Test
	void releaseFromAnotherThreadFreesTheLock() throws Exception {
		String key = key("cross-thread");
		LockHandle handle = template().acquire(request(key, lockType()));
		onOtherThread(() -> {
			handle.close();
			return null;
		});
		assertThat(handle.isHeld()).isFalse();
		assertThat(template().isLocked(key)).isFalse();
	}

	@Test
	void fencingTokensIncreaseAcrossHolders() throws Exception {
		String key = key("fence");
		long previous = 0;
		for (int i = 0; i < 3; i++) {
			long token = onOtherThread(() -> {
				try (LockHandle handle = template().acquire(request(key, lockType()))) {
					return handle.fencingToken();
				}
			});
			assertThat(token).isGreaterThan(previous);
			previous = token;
		}
	}

	@Test
	void fencingTokensIncreaseAcrossLeaseExpiryAndTheExpiredHolderGetsNone() throws Exception {
		String key = key("fence-expiry");
		LockHandle first = template()
			.acquire(requestBuilder(key, lockType()).leaseTime(Duration.ofMillis(300)).build());
		long firstToken = first.fencingToken();
		long secondToken = onOtherThread(() -> {
			try (LockHandle second = template()
				.acquire(requestBuilder(key, contenderType()).waitTime(Duration.ofSeconds(10)).build())) {
				return second.fencingToken();
			}
		});
		assertThat(secondToken).isGreaterThan(firstToken);
		assertThatExceptionOfType(LockLostException.class).isThrownBy(first::fencingToken);
	}

	@Test
	void releaseAfterLeaseRanOutReportsLockLost() throws Exception {
		String key = key("expired");
		LockHandle handle = template()
			.acquire(requestBuilder(key, lockType()).leaseTime(Duration.ofMillis(200)).build());
		await("the lease ran out", () -> !template().isLocked(key));
		assertThat(handle.isHeld()).isFalse();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::fencingToken);
		assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close)
			.withMessageContaining("'" + key + "' was lost before release");
		handle.close();
	}

	@Test
	void autoRenewalKeepsLockForThreeRenewalTimeouts() throws Exception {
		String key = key("renewed");
		LockHandle handle = template().acquire(requestBuilder(key, lockType()).autoRenew().build());
		LockRequest probe = request(key, contenderType());
		long end = System.nanoTime() + renewalTimeout().multipliedBy(3).toNanos();
		int probes = 0;
		while (System.nanoTime() - end < 0) {
			assertThat(onOtherThread(() -> template().tryAcquire(probe))).isEmpty();
			probes++;
			Thread.sleep(250);
		}
		assertThat(probes).isGreaterThan(3);
		assertThat(handle.isHeld()).isTrue();
		handle.close();
		assertThat(template().isLocked(key)).isFalse();
	}

	@Test
	void concurrentCallersNeverOverlap() throws Exception {
		String key = key("concurrent");
		AtomicInteger exclusiveInside = new AtomicInteger();
		AtomicInteger sharedInside = new AtomicInteger();
		AtomicInteger violations = new AtomicInteger();
		AtomicInteger completed = new AtomicInteger();
		onThreads(6, 10, (thread) -> {
			// Odd threads contend, so a shared type is checked against its writers.
			LockType type = (thread % 2 == 0) ? lockType() : contenderType();
			boolean shared = type == LockType.READ;
			AtomicInteger mine = shared ? sharedInside : exclusiveInside;
			AtomicInteger others = shared ? exclusiveInside : sharedInside;
			LockRequest request = requestBuilder(key, type).waitTime(TEST_TIMEOUT).leaseTime(TEST_TIMEOUT).build();
			template().execute(request, (lock) -> {
				int inside = mine.incrementAndGet();
				if ((!shared && inside != 1) || others.get() != 0) {
					violations.incrementAndGet();
				}
				// A round trip to the server while inside widens the window.
				assertThat(template().isLocked(key)).isTrue();
				mine.decrementAndGet();
				return completed.incrementAndGet();
			});
		});
		assertThat(completed).hasValue(60);
		assertThat(violations).hasValue(0);
	}

}
