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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.oceanshop.lock.admin.WaitForEdge;
import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.redisson.RedissonLockStore;
import com.oceanshop.lock.test.JvmProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for deadlock detection: flows that nest locks in opposite orders, in
 * one JVM and across JVMs, are resolved with exactly one victim within about a second,
 * and flows that nest locks in one order never see a false deadlock.
 */
class DeadlockDetectionIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	private static final Duration STARTUP = Duration.ofSeconds(30);

	private static final Duration RESOLVED_WITHIN = Duration.ofSeconds(2);

	@Test
	void twoThreadsNestingLocksInOppositeOrdersAreResolvedWithOneVictim() throws Exception {
		LockTemplate template = redis.template();
		RedissonLockStore store = new RedissonLockStore((RedissonLockProvider) template.getProvider());
		CyclicBarrier bothHoldTheirFirstLock = new CyclicBarrier(2);
		List<List<WaitForEdge>> graphs = new CopyOnWriteArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<Long> first = threads
				.submit(() -> nest(template, "test:deadlock:a", "test:deadlock:b", bothHoldTheirFirstLock));
			Future<Long> second = threads
				.submit(() -> nest(template, "test:deadlock:b", "test:deadlock:a", bothHoldTheirFirstLock));
			List<Object> outcomes = new ArrayList<>();
			for (Future<Long> flow : List.of(first, second)) {
				try {
					outcomes.add(flow.get(20, TimeUnit.SECONDS));
				}
				catch (ExecutionException ex) {
					outcomes.add(ex.getCause());
				}
				graphs.add(store.waitForGraph(10));
			}
			List<LockDeadlockException> victims = outcomes.stream()
				.filter(LockDeadlockException.class::isInstance)
				.map(LockDeadlockException.class::cast)
				.toList();
			assertThat(victims).as("exactly one victim: %s", outcomes).hasSize(1);
			LockDeadlockException victim = victims.get(0);
			assertThat(victim).isInstanceOf(LockAcquisitionException.class);
			assertThat(victim.getCycle()).hasSize(2);
			assertThat(victim.getMessage()).contains("'test:deadlock:a'", "'test:deadlock:b'", "victim");
			assertThat(victim.getWaited()).isLessThan(RESOLVED_WITHIN);
			Long survivorWaited = (Long) outcomes.stream().filter(Long.class::isInstance).findFirst().orElseThrow();
			assertThat(Duration.ofMillis(survivorWaited)).isLessThan(RESOLVED_WITHIN);
		}
		finally {
			threads.shutdownNow();
		}
		assertNoTraceInRedis(store);
	}

	@ParameterizedTest(name = "{0} JVMs, {1} locks")
	@CsvSource({ "2, EXCLUSIVE", "3, FAIR", "3, WRITE" })
	void flowsOfSeveralJvmsInACycleAreResolvedWithOneVictim(int members, LockType type) {
		String uri = redis.standaloneTopology().uri();
		String prefix = "test:cycle" + members + "-" + type.tagValue() + ":k";
		String latch = "test-latch-" + members + "-" + type;
		redis.client().getCountDownLatch(latch).trySetCount(members);
		List<JvmProcess> processes = new ArrayList<>();
		try {
			for (int i = 0; i < members; i++) {
				processes.add(JvmProcess.start(DeadlockFlowMain.class, uri, prefix + i, prefix + ((i + 1) % members),
						latch, type.name()));
			}
			List<String> outcomes = new ArrayList<>();
			for (JvmProcess process : processes) {
				assertThat(process.waitFor(STARTUP.plusSeconds(30))).as(process.output()).isZero();
				assertThat(process.output()).contains("DONE");
				outcomes.add(process.outputLines()
					.stream()
					.filter((line) -> line.startsWith("ACQUIRED") || line.startsWith("DEADLOCK"))
					.findFirst()
					.orElseThrow());
			}
			System.out.printf("Cycle of %d %s flows in %d JVMs: %s%n", members, type, members, outcomes);
			List<String> victims = outcomes.stream().filter((line) -> line.startsWith("DEADLOCK")).toList();
			assertThat(victims).as("exactly one victim: %s", outcomes).hasSize(1);
			for (int i = 0; i < members; i++) {
				assertThat(victims.get(0)).contains("'" + prefix + i + "'");
			}
			for (String outcome : outcomes) {
				long millis = Long.parseLong(outcome.split(" ")[1]);
				assertThat(Duration.ofMillis(millis)).as(outcome).isLessThan(RESOLVED_WITHIN);
			}
		}
		finally {
			processes.forEach(JvmProcess::close);
		}
		assertNoTraceInRedis(new RedissonLockStore((RedissonLockProvider) redis.template().getProvider()));
		// Neither the locks nor a fair queue entry of the victim are left.
		assertNoKeys("*" + prefix + "*");
	}

	@Test
	void flowsNestingLocksInOneOrderSeeNoDeadlock() throws Exception {
		LockTemplate template = redis.template();
		RedissonLockStore store = new RedissonLockStore((RedissonLockProvider) template.getProvider());
		int threads = 6;
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		AtomicInteger nested = new AtomicInteger();
		AtomicInteger mostEdges = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> flows = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				flows.add(pool.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					while (System.nanoTime() - until < 0) {
						// Keys in one global order: a lower index is always taken first.
						int outer = random.nextInt(3);
						int inner = outer + 1 + random.nextInt(3 - outer);
						template.execute(ordered(outer), (first) -> template.execute(ordered(inner), (second) -> {
							nested.incrementAndGet();
							return null;
						}));
					}
					return null;
				}));
			}
			while (System.nanoTime() - until < 0) {
				mostEdges.accumulateAndGet(store.waitForGraph(100).size(), Math::max);
				Thread.sleep(20);
			}
			for (Future<?> flow : flows) {
				// A LockDeadlockException would fail here.
				flow.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		System.out.printf("Consistent order: %d nested acquisitions, at most %d waiting flows in the graph%n",
				nested.get(), mostEdges.get());
		assertThat(nested.get()).isPositive();
		// The detector ran: flows holding a lock waited in the graph.
		assertThat(mostEdges.get()).isPositive();
		assertNoTraceInRedis(store);
	}

	private static LockRequest ordered(int index) {
		return LockRequest.builder("test:ordered:k" + index).waitTime(Duration.ofSeconds(30)).autoRenew().build();
	}

	private static long nest(LockTemplate template, String first, String second, CyclicBarrier barrier) {
		return template.execute(DeadlockFlowMain.request(first, LockType.EXCLUSIVE), (outer) -> {
			try {
				barrier.await(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("The other flow did not take its first lock", ex);
			}
			long start = System.nanoTime();
			template.execute(DeadlockFlowMain.request(second, LockType.EXCLUSIVE), (inner) -> null);
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		});
	}

	private static void assertNoKeys(String pattern) {
		// Redisson deletes its unlock latch asynchronously: a bounded wait.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		Iterable<String> keys = List.of();
		while (System.nanoTime() - deadline < 0) {
			keys = redis.client().getKeys().getKeysByPattern(pattern);
			if (!keys.iterator().hasNext()) {
				return;
			}
			Thread.onSpinWait();
		}
		assertThat(keys).as("keys left in Redis").isEmpty();
	}

	private static void assertNoTraceInRedis(RedissonLockStore store) {
		// Waiters leave the graph asynchronously: a bounded wait for the last removal.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		Iterable<String> keys = List.of();
		while (System.nanoTime() - deadline < 0) {
			keys = redis.client().getKeys().getKeysByPattern("*deadlock*");
			if (!keys.iterator().hasNext() && store.waitForGraph(10).isEmpty()) {
				return;
			}
			Thread.onSpinWait();
		}
		assertThat(keys).as("wait-for graph keys left in Redis").isEmpty();
	}

}
