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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.JvmProcess;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for priority lock queues across JVM processes ({@link PriorityGate},
 * {@link PriorityTurn}): three child JVMs and this one wait for the same lock, on a real
 * {@code redis-server}.
 */
class PriorityLockQueueMultiProcessIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int CHILDREN = 3;

	private static final int WAITERS_PER_JVM = 5;

	static RedissonClient holderClient;

	static RedissonLockProvider holderProvider;

	static LockTemplate holderTemplate;

	static RedissonClient client;

	static RedissonLockProvider provider;

	static LockTemplate template;

	@BeforeAll
	static void createInstances() {
		holderClient = PriorityWaiterMain.client(redis.standaloneTopology().uri());
		holderProvider = new RedissonLockProvider(holderClient);
		holderTemplate = LockTemplate.builder(holderProvider).build();
		client = PriorityWaiterMain.client(redis.standaloneTopology().uri());
		provider = new RedissonLockProvider(client);
		template = LockTemplate.builder(provider).build();
	}

	@AfterAll
	static void shutdown() {
		holderProvider.close();
		provider.close();
		holderClient.shutdown();
		client.shutdown();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void highPriorityWaiterArrivingAfterTwentyLowOnesIsServedNext(LockType type) throws Exception {
		String key = "priority:next:" + type.tagValue();
		String name = RedissonLockLayout.lockKey(provider.getKeyPrefix(), key);
		LockHandle holder = holderTemplate.acquire(LockRequest.builder(key).type(type).autoRenew().build());
		List<JvmProcess> children = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(WAITERS_PER_JVM + 1);
		try {
			for (int i = 0; i < CHILDREN; i++) {
				children.add(JvmProcess.start(PriorityWaiterMain.class, redis.standaloneTopology().uri(), key,
						type.name(), "0", String.valueOf(WAITERS_PER_JVM), "5", "100", "jvm" + i + "-low", "0"));
			}
			for (JvmProcess child : children) {
				child.awaitOutputLine("QUEUED", TIMEOUT);
			}
			List<Future<?>> waiters = new ArrayList<>();
			for (int i = 0; i < WAITERS_PER_JVM; i++) {
				String label = "main-low-" + i;
				waiters.add(threads.submit(() -> serve(key, type, 0, label)));
			}
			awaitUntil(() -> provider.localWaiters(name) == WAITERS_PER_JVM - 1
					&& provider.priorityWaiters(name).size() == CHILDREN + 1, "20 low waiters queue");
			// It arrives in the instance whose head already waits in Redis: the head
			// steps
			// back for it.
			waiters.add(threads.submit(() -> serve(key, type, 1000, "main-high")));
			awaitUntil(() -> {
				List<PriorityGate.Waiter> line = provider.priorityWaiters(name);
				return line.size() == CHILDREN + 1 && line.get(0).entry().startsWith(client.getId())
						&& line.get(0).placeMicros() < line.get(1).placeMicros() - TimeUnit.SECONDS.toMicros(50);
			}, "the high waiter is first in line");
			holder.close();
			for (Future<?> waiter : waiters) {
				waiter.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			for (JvmProcess child : children) {
				assertThat(child.waitFor(TIMEOUT)).as(child.output()).isZero();
			}
			List<String> served = client.<String>getList(key + ":served", StringCodec.INSTANCE).readAll();
			assertThat(served).hasSize(CHILDREN * WAITERS_PER_JVM + WAITERS_PER_JVM + 1);
			assertThat(served.get(0)).startsWith("main-high ");
			assertNoTrace(name);
		}
		finally {
			threads.shutdownNow();
			children.forEach(JvmProcess::close);
		}
	}

	@Test
	void lowPriorityWaiterIsServedWithinTheAgingBoundUnderAStreamOfHighPriorityWaiters() throws Exception {
		String key = "priority:aging:stream";
		String name = RedissonLockLayout.lockKey(provider.getKeyPrefix(), key);
		long agingMillis = 50;
		int high = 10;
		// An exclusive waiter is never overtaken by one that arrives more than
		// (10 - 0 + 1) x 50 ms after it (one interval more than for a fair lock: callers
		// within one interval of the first waiter may take a free exclusive lock).
		long boundMillis = (high + 1) * agingMillis;
		provider.setPriorityAgingInterval(Duration.ofMillis(agingMillis));
		List<JvmProcess> children = new ArrayList<>();
		try {
			for (int i = 0; i < CHILDREN; i++) {
				children
					.add(JvmProcess.start(PriorityWaiterMain.class, redis.standaloneTopology().uri(), key, "EXCLUSIVE",
							String.valueOf(high), "2", "15", String.valueOf(agingMillis), "jvm" + i + "-high", "6000"));
			}
			awaitUntil(() -> client.getList(key + ":served").size() >= 30 && provider.priorityWaiters(name).size() >= 2,
					"the stream of high waiters contends");
			serve(key, LockType.EXCLUSIVE, 0, "main-low");
			for (JvmProcess child : children) {
				assertThat(child.waitFor(TIMEOUT)).as(child.output()).isZero();
			}
			List<String> served = client.<String>getList(key + ":served", StringCodec.INSTANCE).readAll();
			int low = served
				.indexOf(served.stream().filter((entry) -> entry.startsWith("main-low ")).findFirst().get());
			long lowArrival = arrival(served.get(low));
			// The stream went on after the low waiter was served: it was not just left
			// over.
			assertThat(served.subList(low + 1, served.size())).isNotEmpty();
			List<Long> overtakenBy = served.subList(0, low)
				.stream()
				.map(PriorityLockQueueMultiProcessIntegrationTests::arrival)
				.filter((arrival) -> arrival > lowArrival)
				.toList();
			// Arrival times are taken by each process just before it asks for the lock;
			// the margin covers the moment between that and its arrival in Redis, which
			// a scheduler running 4 JVMs on 2 cores can stretch. Broken aging lets
			// waiters that arrived seconds later overtake.
			assertThat(overtakenBy).allSatisfy((arrival) -> assertThat(arrival - lowArrival)
				.as("a high waiter that overtook the low one arrived within the bound after it")
				.isLessThanOrEqualTo(boundMillis + 250));
			System.out.printf("Low-priority waiter overtaken by %d later high-priority waiters (bound %d ms)%n",
					overtakenBy.size(), boundMillis);
			assertNoTrace(name);
		}
		finally {
			provider.setPriorityAgingInterval(PriorityGate.DEFAULT_AGING_INTERVAL);
			children.forEach(JvmProcess::close);
		}
	}

	private static Void serve(String key, LockType type, int priority, String label) throws InterruptedException {
		PriorityWaiterMain.serve(template, client, key, type, priority, 5, label);
		return null;
	}

	private static long arrival(String served) {
		return Long.parseLong(served.substring(served.indexOf(' ') + 1));
	}

	private static void assertNoTrace(String name) {
		assertThat(client.getKeys()
			.countExists(RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name))).isZero();
	}

	private static void awaitUntil(BooleanSupplier condition, String description) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(description).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
