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

package com.oceanshop.lock.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base class for {@link DistributedLock @DistributedLock} tests against a real Redis
 * topology, wired as a user would: {@code spring.data.redis.*} properties, Redisson's
 * auto-configuration and ours.
 */
abstract class AbstractDistributedLockIntegrationTests {

	static final int THREADS = 4;

	static final int CALLS_PER_THREAD = 25;

	protected ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class,
					DataRedisAutoConfiguration.class, LockAutoConfiguration.class))
			.withPropertyValues(redisProperties())
			.withBean(CounterService.class)
			.withBean(StockService.class)
			.withBean(OrderService.class);
	}

	protected abstract String[] redisProperties();

	@Test
	void annotatedMethodExcludesConcurrentCallers() throws Exception {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			CounterService service = context.getBean(CounterService.class);
			runConcurrently(() -> service.increment("C-1"));
			assertThat(service.value()).isEqualTo(THREADS * CALLS_PER_THREAD);
			assertThat(service.tokensIncreasing()).isTrue();
			assertThat(context.getBean(LockTemplate.class).isLocked("counter:increment:C-1")).isFalse();
		});
	}

	@Test
	void severalKeysInOppositeOrderExcludeAndDoNotDeadlock() throws Exception {
		contextRunner().run((context) -> {
			CounterService service = context.getBean(CounterService.class);
			List<Runnable> tasks = List.of(() -> service.transfer("A", "B"), () -> service.reverseTransfer("A", "B"));
			runConcurrently(tasks);
			assertThat(service.value()).isEqualTo(THREADS * CALLS_PER_THREAD);
			LockTemplate template = context.getBean(LockTemplate.class);
			assertThat(template.isLocked("account:balance:A")).isFalse();
			assertThat(template.isLocked("account:balance:B")).isFalse();
		});
	}

	@Test
	void annotatedMethodCallingAnotherBeansAnnotatedMethodOnTheSameKeyReentersInsteadOfWaitingForItself()
			throws Exception {
		contextRunner().run((context) -> {
			OrderService orders = context.getBean(OrderService.class);
			runConcurrently(() -> orders.place("P-1"));
			assertThat(context.getBean(StockService.class).value()).isEqualTo(THREADS * CALLS_PER_THREAD);
			assertThat(orders.violations()).isZero();
			assertThat(context.getBean(LockTemplate.class).isLocked("stock:item:P-1")).isFalse();
		});
	}

	@Test
	void disabledRunsWithoutLock() {
		contextRunner().withPropertyValues("app.lock.enabled=false").run((context) -> {
			CounterService service = context.getBean(CounterService.class);
			assertThat(service.heldInside("D-1")).isFalse();
		});
	}

	static void runConcurrently(Runnable task) throws Exception {
		runConcurrently(List.of(task));
	}

	static void runConcurrently(List<Runnable> tasks) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				Runnable task = tasks.get(t % tasks.size());
				futures.add(executor.submit(() -> {
					for (int i = 0; i < CALLS_PER_THREAD; i++) {
						task.run();
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * A helper that locks the resource it changes, with a short wait and lease: waiting
	 * for its caller's lock would time out.
	 */
	public static class StockService {

		private volatile int value;

		@DistributedLock(key = "stock:item:#{#id}", waitTime = "1s", leaseTime = "100ms")
		public void take(String id) {
			int current = this.value;
			Thread.yield();
			this.value = current + 1;
		}

		public int value() {
			return this.value;
		}

	}

	/**
	 * A service that locks a resource and calls a helper locking the same one.
	 */
	public static class OrderService {

		private final StockService stock;

		private final LockTemplate template;

		private final AtomicInteger violations = new AtomicInteger();

		public OrderService(StockService stock, LockTemplate template) {
			this.stock = stock;
			this.template = template;
		}

		@DistributedLock(key = "stock:item:#{#id}", waitTime = "20s", leaseTime = "10s")
		public void place(String id) {
			long token = LockContext.current().fencingToken();
			this.stock.take(id);
			// The helper's shorter hold ended; the caller's lock is still held.
			if (!LockContext.current().isHeld() || !this.template.isLocked("stock:item:" + id)
					|| LockContext.current().fencingToken() != token) {
				this.violations.incrementAndGet();
			}
		}

		public int violations() {
			return this.violations.get();
		}

	}

	/**
	 * A counter with an unprotected read-modify-write: only the lock keeps it exact.
	 */
	public static class CounterService {

		private volatile int value;

		private final List<Long> tokens = Collections.synchronizedList(new ArrayList<>());

		@DistributedLock(key = "counter:increment:#{#id}", waitTime = "20s", leaseTime = "10s")
		public void increment(String id) {
			int current = this.value;
			Thread.yield();
			this.value = current + 1;
			this.tokens.add(LockContext.current().fencingToken());
		}

		@DistributedLock(key = { "account:balance:#{#from}", "account:balance:#{#to}" }, waitTime = "20s")
		public void transfer(String from, String to) {
			int current = this.value;
			Thread.yield();
			this.value = current + 1;
		}

		@DistributedLock(key = { "account:balance:#{#to}", "account:balance:#{#from}" }, waitTime = "20s")
		public void reverseTransfer(String from, String to) {
			transfer(from, to);
		}

		@DistributedLock(key = "counter:held:#{#id}")
		public boolean heldInside(String id) {
			return LockContext.current().isHeld();
		}

		public int value() {
			return this.value;
		}

		public synchronized boolean tokensIncreasing() {
			for (int i = 1; i < this.tokens.size(); i++) {
				if (this.tokens.get(i) <= this.tokens.get(i - 1)) {
					return false;
				}
			}
			return this.tokens.size() == THREADS * CALLS_PER_THREAD;
		}

	}

}
