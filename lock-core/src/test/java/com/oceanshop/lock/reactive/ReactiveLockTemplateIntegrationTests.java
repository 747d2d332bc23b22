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

package com.oceanshop.lock.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import com.oceanshop.lock.AsyncLockCallback;
import com.oceanshop.lock.AsyncLockOperations;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisStandalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link ReactiveLockTemplate} against a real Redis: release on
 * complete, error and cancel, exclusion with blocking callers, and a lost lock as an
 * error signal.
 */
class ReactiveLockTemplateIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private static RedissonClient client;

	private static LockTemplate template;

	private static ReactiveLockTemplate reactive;

	@BeforeAll
	static void createClient() {
		Config config = new Config();
		// Short watchdog: a loss is noticed within about a second.
		config.setLockWatchdogTimeout(1500);
		config.useSingleServer().setAddress(((RedisStandalone) redis.topology()).uri()).setTimeout(1000);
		client = Redisson.create(config);
		template = LockTemplate.builder(new RedissonLockProvider(client)).build();
		reactive = new ReactiveLockTemplate(template);
	}

	@AfterAll
	static void closeClient() {
		client.shutdown();
	}

	@Test
	void lockedMonoEmitsItsValueAfterTheRelease() {
		String key = "order:place:MONO-1";
		Mono<Boolean> heldInside = Mono.fromCallable(() -> template.isLocked(key));
		assertThat(reactive.locked(LockRequest.of(key), heldInside).block(Duration.ofSeconds(10))).isTrue();
		assertThat(template.isLocked(key)).isFalse();
	}

	@Test
	void nothingIsLockedBeforeSubscription() {
		String key = "order:place:LAZY-1";
		Mono<LockHandle> acquisition = reactive.acquire(LockRequest.of(key));
		assertThat(template.isLocked(key)).isFalse();
		LockHandle handle = acquisition.block(Duration.ofSeconds(10));
		assertThat(template.isLocked(key)).isTrue();
		reactive.release(handle).block(Duration.ofSeconds(10));
		assertThat(template.isLocked(key)).isFalse();
	}

	@Test
	void reactiveAndBlockingCallersExcludeEachOther() throws Exception {
		LockRequest request = LockRequest.builder("order:place:MIXED-1").waitTime(Duration.ofSeconds(30)).build();
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
		Flux<Integer> reactiveCallers = Flux.range(0, 40)
			.flatMap((i) -> reactive.locked(request, Mono.fromCallable(() -> {
				critical.run();
				return i;
			}).subscribeOn(Schedulers.parallel())), 40);
		ExecutorService blocking = Executors.newFixedThreadPool(2);
		try {
			List<CompletableFuture<?>> blockingCallers = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				blockingCallers.add(CompletableFuture.runAsync(() -> {
					for (int j = 0; j < 10; j++) {
						template.execute(request, (handle) -> {
							critical.run();
							return null;
						});
					}
				}, blocking));
			}
			assertThat(reactiveCallers.collectList().block(Duration.ofSeconds(60))).hasSize(40);
			CompletableFuture.allOf(blockingCallers.toArray(CompletableFuture[]::new)).join();
		}
		finally {
			blocking.shutdownNow();
		}
		assertThat(maxInside).hasValue(1);
		assertThat(counter[0]).isEqualTo(60);
		assertThat(template.isLocked(request.key())).isFalse();
	}

	@Test
	void errorReleasesTheLock() {
		String key = "order:place:ERROR-1";
		Flux<String> failing = reactive.execute(LockRequest.of(key),
				(handle) -> Flux.just("first").concatWith(Mono.error(new IllegalStateException("out of stock"))));
		List<String> seen = new ArrayList<>();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> failing.doOnNext(seen::add).blockLast(Duration.ofSeconds(10)))
			.withMessage("out of stock");
		assertThat(seen).containsExactly("first");
		assertThat(template.isLocked(key)).isFalse();
		assertThat(client.getKeys().countExists("lock:" + key)).isZero();
	}

	@Test
	void cancelReleasesTheLock() throws InterruptedException {
		String key = "order:place:CANCEL-1";
		AtomicReference<LockHandle> held = new AtomicReference<>();
		CountDownLatch working = new CountDownLatch(1);
		Disposable subscription = reactive.execute(LockRequest.of(key), (handle) -> {
			held.set(handle);
			working.countDown();
			return Flux.never();
		}).subscribe();
		// The key is in Redis a moment before the callback runs: cancel once the work has
		// started.
		assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();
		awaitLocked(key, true);
		subscription.dispose();
		awaitLocked(key, false);
		assertThat(held.get().isHeld()).isFalse();
	}

	@Test
	void aHandleThatArrivesAsTheSubscriberCancelsIsReleased() throws InterruptedException {
		// The acquisition completed just before the subscriber cancelled, and Reactor
		// sees its value only after the cancellation: its cancel of the future came too
		// late to win, and it discards the value. The discarded handle must not keep the
		// lock (it did for its whole lease).
		String key = "order:place:CANCEL-RACE-1";
		CompletableFuture<LockHandle> completedTooLate = new CompletableFuture<>() {

			@Override
			public boolean cancel(boolean mayInterruptIfRunning) {
				return false;
			}

		};
		ReactiveLockTemplate racing = acquiringWith(completedTooLate);
		AtomicInteger ran = new AtomicInteger();
		Disposable subscription = racing.execute(LockRequest.of(key), (handle) -> {
			ran.incrementAndGet();
			return Flux.never();
		}).subscribe();
		subscription.dispose();
		completedTooLate.complete(template.acquire(LockRequest.of(key)));
		awaitLocked(key, false);
		assertThat(ran).as("work run after the cancellation").hasValue(0);
	}

	@Test
	void aSubscriberThatCancelsBeforeItRequestsGetsNothingAndKeepsNothing() throws InterruptedException {
		// The acquisition has completed by the time the subscriber cancels, before it
		// ever requested: Reactor then neither emits nor discards the value, and
		// cancelling a completed future does nothing.
		String key = "order:place:CANCEL-EARLY-1";
		LockHandle granted = template.acquire(LockRequest.of(key));
		ReactiveLockTemplate completed = acquiringWith(CompletableFuture.completedFuture(granted));
		AtomicInteger emitted = new AtomicInteger();
		completed.acquire(LockRequest.of(key)).subscribe(new BaseSubscriber<LockHandle>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				cancel();
			}

			@Override
			protected void hookOnNext(LockHandle value) {
				emitted.incrementAndGet();
			}

		});
		awaitLocked(key, false);
		assertThat(emitted).hasValue(0);
	}

	@Test
	void cancelWhileWaitingTakesNothing() throws InterruptedException {
		String key = "order:place:CANCEL-WAIT-1";
		LockRequest request = LockRequest.builder(key).waitTime(Duration.ofSeconds(30)).build();
		LockHandle holder = template.acquire(request);
		Disposable waiting = reactive.locked(request, Mono.just("never")).subscribe();
		Thread.sleep(200);
		waiting.dispose();
		holder.close();
		assertThat(template.tryAcquire(request)).hasValueSatisfying(LockHandle::close);
		awaitLocked(key, false);
	}

	@Test
	void lostLockEndsTheWorkWithAnErrorSignal() {
		String key = "order:place:LOST-1";
		Mono<Object> work = reactive.locked(LockRequest.builder(key).autoRenew().build(), Mono.never());
		CompletableFuture<Object> result = work.toFuture();
		awaitLockedQuietly(key);
		// The lock vanishes from Redis (a flush, an operator's force release).
		client.getKeys().delete("lock:" + key);
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> result.get(15, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOf(LockLostException.class);
		assertThat(template.isLocked(key)).isFalse();
	}

	// A reactive template whose acquisitions all end as the given future does.
	private static ReactiveLockTemplate acquiringWith(CompletableFuture<LockHandle> acquisition) {
		return new ReactiveLockTemplate(new AsyncLockOperations() {

			@Override
			public CompletableFuture<LockHandle> acquireAsync(LockRequest request) {
				return acquisition;
			}

			@Override
			public CompletableFuture<Optional<LockHandle>> tryAcquireAsync(LockRequest request) {
				return template.tryAcquireAsync(request);
			}

			@Override
			public <T> CompletableFuture<T> executeAsync(LockRequest request, AsyncLockCallback<T> callback) {
				return template.executeAsync(request, callback);
			}

		});
	}

	private static void awaitLockedQuietly(String key) {
		try {
			awaitLocked(key, true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitLocked(String key, boolean locked) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (template.isLocked(key) != locked && System.nanoTime() - deadline < 0) {
			Thread.sleep(20);
		}
		assertThat(template.isLocked(key)).isEqualTo(locked);
	}

}
