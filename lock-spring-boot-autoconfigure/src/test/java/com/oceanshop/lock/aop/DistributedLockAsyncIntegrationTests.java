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

package com.oceanshop.lock.aop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.reactive.ReactiveLockAutoConfiguration;
import com.oceanshop.lock.reactive.ReactiveLockTemplate;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisStandalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link DistributedLock @DistributedLock} on methods returning
 * {@code CompletableFuture}, {@code Mono} and {@code Flux}, against a real Redis.
 */
class DistributedLockAsyncIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class, DataRedisAutoConfiguration.class,
				LockAutoConfiguration.class, ReactiveLockAutoConfiguration.class))
		.withPropertyValues(redisProperties())
		.withBean(AsyncStockService.class);

	private static String[] redisProperties() {
		RedisStandalone standalone = redis.standaloneTopology();
		return new String[] { "spring.data.redis.host=" + standalone.node().host(),
				"spring.data.redis.port=" + standalone.node().port() };
	}

	@Test
	void reactiveTemplateIsAutoConfigured() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ReactiveLockTemplate.class));
	}

	@Test
	void futureMonoFluxAndBlockingCallersExcludeEachOther() {
		this.contextRunner.run((context) -> {
			AsyncStockService service = context.getBean(AsyncStockService.class);
			List<CompletableFuture<?>> calls = new ArrayList<>();
			for (int i = 0; i < 15; i++) {
				calls.add(service.stage("P-1"));
				calls.add(service.mono("P-1").toFuture());
				calls.add(service.flux("P-1").then().toFuture());
			}
			ExecutorService blocking = Executors.newFixedThreadPool(2);
			try {
				for (int i = 0; i < 2; i++) {
					calls.add(CompletableFuture.runAsync(() -> {
						for (int j = 0; j < 5; j++) {
							service.blocking("P-1");
						}
					}, blocking));
				}
				CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			}
			finally {
				blocking.shutdownNow();
			}
			// 15 futures + 15 monos + 15 fluxes of 3 + 10 blocking calls.
			assertThat(service.counter()).isEqualTo(15 + 15 + 45 + 10);
			assertThat(service.maxInside()).isEqualTo(1);
			assertThat(context.getBean(LockTemplate.class).isLocked("stock:async:P-1")).isFalse();
		});
	}

	@Test
	void monoLocksOnSubscriptionOnly() {
		this.contextRunner.run((context) -> {
			AsyncStockService service = context.getBean(AsyncStockService.class);
			LockTemplate template = context.getBean(LockTemplate.class);
			Mono<Boolean> call = service.heldInside("LAZY-1", template);
			assertThat(template.isLocked("stock:async:LAZY-1")).isFalse();
			assertThat(call.block(Duration.ofSeconds(10))).isTrue();
			assertThat(call.block(Duration.ofSeconds(10))).as("a second subscription locks again").isTrue();
			assertThat(template.isLocked("stock:async:LAZY-1")).isFalse();
		});
	}

	@Test
	void errorsReleaseTheLock() {
		this.contextRunner.run((context) -> {
			AsyncStockService service = context.getBean(AsyncStockService.class);
			LockTemplate template = context.getBean(LockTemplate.class);
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> service.failingMono("ERR-1").block(Duration.ofSeconds(10)));
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> service.failingStage("ERR-2").join())
				.withCauseInstanceOf(IllegalStateException.class);
			assertThat(template.isLocked("stock:async:ERR-1")).isFalse();
			assertThat(template.isLocked("stock:async:ERR-2")).isFalse();
		});
	}

	@Test
	void cancellationReleasesTheLock() {
		this.contextRunner.run((context) -> {
			AsyncStockService service = context.getBean(AsyncStockService.class);
			LockTemplate template = context.getBean(LockTemplate.class);
			Disposable subscription = service.never("CANCEL-1").subscribe();
			awaitLocked(template, "stock:async:CANCEL-1", true);
			subscription.dispose();
			awaitLocked(template, "stock:async:CANCEL-1", false);
			CompletableFuture<String> future = service.neverStage("CANCEL-2");
			awaitLocked(template, "stock:async:CANCEL-2", true);
			// The lock shows in Redis a moment before the method runs; a cancel before it
			// runs skips the method (and so has no future of its own to cancel).
			awaitNonNull(service::lastNeverStage);
			future.cancel(false);
			awaitLocked(template, "stock:async:CANCEL-2", false);
			assertThat(service.lastNeverStage()).as("the method's own future").isCancelled();
			CompletableFuture<String> withFallback = service.neverStageWithFallback("CANCEL-3");
			awaitLocked(template, "stock:async:CANCEL-3", true);
			withFallback.cancel(false);
			awaitLocked(template, "stock:async:CANCEL-3", false);
		});
	}

	@Test
	void fallbackRunsWhenTheLockIsBusy() {
		this.contextRunner.run((context) -> {
			AsyncStockService service = context.getBean(AsyncStockService.class);
			LockTemplate template = context.getBean(LockTemplate.class);
			template.execute(com.oceanshop.lock.LockRequest.of("stock:async:BUSY-1"), (handle) -> {
				assertThat(service.withFallback("BUSY-1").block(Duration.ofSeconds(10))).isEqualTo("busy:BUSY-1");
				assertThat(service.stageWithFallback("BUSY-1").join()).isEqualTo("busy:BUSY-1");
				return null;
			});
			assertThat(service.withFallback("BUSY-1").block(Duration.ofSeconds(10))).isEqualTo("done:BUSY-1");
		});
	}

	@Test
	void lostLockIsAnErrorSignal() {
		this.contextRunner.run((context) -> {
			AsyncStockService service = context.getBean(AsyncStockService.class);
			LockTemplate template = context.getBean(LockTemplate.class);
			CompletableFuture<String> result = service.never("LOST-1").toFuture();
			awaitLocked(template, "stock:async:LOST-1", true);
			context.getBean(org.redisson.api.RedissonClient.class).getKeys().delete("lock:stock:async:LOST-1");
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> result.get(60, TimeUnit.SECONDS))
				.havingRootCause()
				.isInstanceOf(LockLostException.class);
		});
	}

	private static void awaitNonNull(Supplier<?> value) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (value.get() == null && System.nanoTime() - deadline < 0) {
			Thread.sleep(5);
		}
		assertThat(value.get()).as("the method was invoked").isNotNull();
	}

	private static void awaitLocked(LockTemplate template, String key, boolean locked) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (template.isLocked(key) != locked && System.nanoTime() - deadline < 0) {
			Thread.sleep(20);
		}
		assertThat(template.isLocked(key)).isEqualTo(locked);
	}

	public static class AsyncStockService {

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger maxInside = new AtomicInteger();

		volatile int counter;

		public int counter() {
			return this.counter;
		}

		public int maxInside() {
			return this.maxInside.get();
		}

		private int critical() {
			this.maxInside.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
			int read = this.counter;
			Thread.onSpinWait();
			this.counter = read + 1;
			this.inside.decrementAndGet();
			return read;
		}

		@DistributedLock(key = "stock:async:#{#id}", waitTime = "30s")
		public CompletableFuture<Integer> stage(String id) {
			return CompletableFuture.supplyAsync(this::critical);
		}

		@DistributedLock(key = "stock:async:#{#id}", waitTime = "30s")
		public Mono<Integer> mono(String id) {
			return Mono.fromCallable(this::critical).subscribeOn(Schedulers.parallel());
		}

		@DistributedLock(key = "stock:async:#{#id}", waitTime = "30s")
		public Flux<Integer> flux(String id) {
			return Flux.range(0, 3).publishOn(Schedulers.parallel()).map((i) -> critical());
		}

		@DistributedLock(key = "stock:async:#{#id}", waitTime = "30s")
		public int blocking(String id) {
			return critical();
		}

		@DistributedLock(key = "stock:async:#{#id}")
		public Mono<Boolean> heldInside(String id, LockTemplate template) {
			return Mono.fromCallable(() -> template.isLocked("stock:async:" + id));
		}

		@DistributedLock(key = "stock:async:#{#id}")
		public Mono<String> failingMono(String id) {
			return Mono.error(new IllegalStateException("out of stock"));
		}

		@DistributedLock(key = "stock:async:#{#id}")
		public CompletableFuture<String> failingStage(String id) {
			throw new IllegalStateException("out of stock");
		}

		@DistributedLock(key = "stock:async:#{#id}", leaseTime = "auto")
		public Mono<String> never(String id) {
			return Mono.never();
		}

		private volatile CompletableFuture<String> lastNeverStage;

		@DistributedLock(key = "stock:async:#{#id}")
		public CompletableFuture<String> neverStage(String id) {
			CompletableFuture<String> never = new CompletableFuture<>();
			this.lastNeverStage = never;
			return never;
		}

		public CompletableFuture<String> lastNeverStage() {
			return this.lastNeverStage;
		}

		@DistributedLock(key = "stock:async:#{#id}", fallback = "busyStage")
		public CompletableFuture<String> neverStageWithFallback(String id) {
			return new CompletableFuture<>();
		}

		@DistributedLock(key = "stock:async:#{#id}", waitTime = "100ms", fallback = "busy")
		public Mono<String> withFallback(String id) {
			return Mono.just("done:" + id);
		}

		public Mono<String> busy(String id, LockAcquisitionException ex) {
			return Mono.just("busy:" + id);
		}

		@DistributedLock(key = "stock:async:#{#id}", waitTime = "100ms", fallback = "busyStage")
		public CompletableFuture<String> stageWithFallback(String id) {
			return CompletableFuture.completedFuture("done:" + id);
		}

		public CompletableFuture<String> busyStage(String id) {
			return CompletableFuture.completedFuture("busy:" + id);
		}

	}

}
