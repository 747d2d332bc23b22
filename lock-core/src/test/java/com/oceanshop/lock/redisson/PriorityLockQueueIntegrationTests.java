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
import java.util.concurrent.CompletableFuture;
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
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for priority lock queues in one JVM ({@link PriorityGate},
 * {@link PriorityTurn}) on a real {@code redis-server}: the local order, the traces a
 * waiter leaves, a dead waiter's entry, and the mirrored Redisson lock scripts.
 */
class PriorityLockQueueIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient client;

	static RedissonLockProvider provider;

	static LockTemplate template;

	static RedissonClient otherClient;

	static RedissonLockProvider otherProvider;

	static LockTemplate other;

	@BeforeAll
	static void createInstances() {
		client = PriorityWaiterMain.client(redis.standaloneTopology().uri());
		provider = new RedissonLockProvider(client);
		template = LockTemplate.builder(provider).build();
		otherClient = PriorityWaiterMain.client(redis.standaloneTopology().uri());
		otherProvider = new RedissonLockProvider(otherClient);
		other = LockTemplate.builder(otherProvider).build();
	}

	@AfterAll
	static void shutdown() {
		provider.close();
		otherProvider.close();
		client.shutdown();
		otherClient.shutdown();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void localWaitersAreServedByPriorityThenArrival(LockType type) throws Exception {
		String key = "priority:local:" + type.tagValue();
		String name = name(key);
		LockHandle holder = template.acquire(request(key, type, 0));
		List<String> order = Collections.synchronizedList(new ArrayList<>());
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> waiters = new ArrayList<>();
			int[] priorities = { 0, 5, 0, 5 };
			for (int i = 0; i < priorities.length; i++) {
				String label = "p" + priorities[i] + "-" + i;
				int priority = priorities[i];
				waiters.add(threads.submit(() -> {
					try (LockHandle handle = template.acquire(request(key, type, priority))) {
						order.add(label);
					}
					return null;
				}));
				int queued = i + 1;
				awaitUntil(() -> provider.localWaiters(name) == queued, queued + " local waiters");
			}
			holder.close();
			for (Future<?> waiter : waiters) {
				waiter.get(30, TimeUnit.SECONDS);
			}
			assertThat(order).containsExactly("p5-1", "p5-3", "p0-0", "p0-2");
		}
		finally {
			threads.shutdownNow();
		}
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void waiterThatTimesOutOrIsInterruptedLeavesNoTraceInRedis(LockType type) throws Exception {
		String key = "priority:trace:" + type.tagValue();
		String name = name(key);
		LockHandle holder = other.acquire(request(key, type, 0));
		ExecutorService threads = Executors.newSingleThreadExecutor();
		try {
			assertThatExceptionOfType(LockAcquisitionException.class).isThrownBy(() -> template
				.acquire(LockRequest.builder(key).type(type).priority(3).waitTime(Duration.ofMillis(300)).build()));
			assertNoTrace(name);
			Future<LockHandle> interrupted = threads.submit(() -> template.acquire(request(key, type, 7)));
			awaitUntil(() -> provider.priorityWaiters(name).size() == 1, "the waiter is in line");
			interrupted.cancel(true);
			awaitUntil(() -> !exists(name), "the line is gone");
			holder.close();
			try (LockHandle next = other.acquire(request(key, type, 0))) {
				assertThat(next.isHeld()).isTrue();
			}
			assertNoTrace(name);
		}
		finally {
			threads.shutdownNow();
			assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void entryOfADeadWaiterExpiresSoNobodyWaitsForIt() throws Exception {
		String key = "priority:dead:waiter";
		String name = name(key);
		// A waiter first in line whose process died: it no longer refreshes its entry.
		String dead = "dead-client:" + RedissonLockLayout.FIRST_OWNER_ID;
		long expiresInMillis = 500;
		// Before the entry is added: its 500 ms run from later.
		long start = System.nanoTime();
		addEntry(name, dead, 3_600_000_000L, expiresInMillis);
		try (LockHandle handle = template.acquire(request(key, LockType.EXCLUSIVE, 0))) {
			assertThat(handle.isHeld()).isTrue();
			// It waited for the dead waiter's entry to expire, not for its wait time.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
		}
		assertNoTrace(name);
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void lockTakenByTheLineScriptIsTheSameRedissonLock(LockType type) {
		String name = name("priority:mirror:" + type.tagValue());
		long ownerId = RedissonLockLayout.FIRST_OWNER_ID + 7;
		String holder = RedissonLockLayout.holder(client.getId(), ownerId, type == LockType.WRITE);
		PriorityGate gate = new PriorityGate(client, new ScriptPipeline(client));
		PriorityGate.Target target = new PriorityGate.Target(name, type, holder, 10_000);
		RLock lock = switch (type) {
			case FAIR -> client.getFairLock(name);
			case WRITE -> client.getReadWriteLock(name).writeLock();
			default -> client.getLock(name);
		};
		assertThat(gate.tryOnce(target, 0, System.nanoTime(), false).join()).isEqualTo(-1L);
		assertThat(lock.isHeldByThread(ownerId)).isTrue();
		assertThat(client.getKeys().remainTimeToLive(name)).isBetween(1L, 10_000L);
		// A re-sent attempt (its first reply was lost) is granted without a second hold.
		assertThat(gate.tryOnce(target, 0, System.nanoTime(), false).join()).isEqualTo(-1L);
		assertThat(client.<String, String>getMap(name, StringCodec.INSTANCE).get(holder)).isEqualTo("1");
		// Another instance's attempt sees it held and is told the holder's lease ...
		PriorityGate.Target second = new PriorityGate.Target(name, type,
				RedissonLockLayout.holder(otherClient.getId(), ownerId, type == LockType.WRITE), 10_000);
		assertThat(new PriorityGate(otherClient, new ScriptPipeline(otherClient))
			.tryOnce(second, 0, System.nanoTime(), false)
			.join()).isBetween(1L, 10_000L);
		assertThat(otherClient.getLock(name).tryLock()).isFalse();
		// ... and Redisson's own unlock releases it.
		lock.unlockAsync(ownerId).toCompletableFuture().join();
		assertThat(client.getKeys().countExists(name)).isZero();
		assertNoTrace(name);
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void callerFindingTheLockFreeDoesNotTakeItAheadOfTheLine(LockType type) throws Exception {
		String key = "priority:fifo:" + type.tagValue();
		String name = name(key);
		// A live waiter of another instance, waiting for 200 ms (two aging intervals), is
		// first in line; the lock is free (its holder just released and the waiter's
		// wake-up is on its way).
		String entry = RedissonLockLayout.waiterEntry("other-client:" + RedissonLockLayout.FIRST_OWNER_ID,
				type == LockType.FAIR);
		addEntry(name, entry, 200_000, 10_000);
		PriorityGate.Target target = new PriorityGate.Target(name, type, RedissonLockLayout.holder(client.getId(),
				RedissonLockLayout.FIRST_OWNER_ID + 9, type == LockType.WRITE), 10_000);
		assertThat(new PriorityGate(client, new ScriptPipeline(client)).tryOnce(target, 0, System.nanoTime(), false)
			.join()).isGreaterThanOrEqualTo(0L);
		assertThat(client.getKeys().countExists(name)).isZero();
		assertThatExceptionOfType(LockAcquisitionException.class).isThrownBy(
				() -> template.acquire(LockRequest.builder(key).type(type).waitTime(Duration.ofMillis(200)).build()));
		assertThat(client.getKeys().countExists(name)).isZero();
		// A higher priority lines up ahead of the waiter and takes the lock.
		try (LockHandle handle = template.acquire(request(key, type, 10))) {
			assertThat(handle.isHeld()).isTrue();
		}
		removeEntry(name, entry);
		assertNoTrace(name);
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void onlyAFairLockMakesACallerWaitForAWaiterThatArrivedWithinOneAgingInterval(LockType type) {
		String name = name("priority:tolerance:" + type.tagValue());
		String entry = RedissonLockLayout.waiterEntry("other-client:" + RedissonLockLayout.FIRST_OWNER_ID,
				type == LockType.FAIR);
		// Arrived 20 ms before the caller, with the same priority.
		addEntry(name, entry, 20_000, 10_000);
		PriorityGate.Target target = new PriorityGate.Target(name, type, RedissonLockLayout.holder(client.getId(),
				RedissonLockLayout.FIRST_OWNER_ID + 11, type == LockType.WRITE), 10_000);
		// A long aging interval, so that a slow reply between the entry and the try
		// (more than 80 ms of the default 100 ms) does not put the waiter out of
		// reach.
		PriorityGate gate = new PriorityGate(client, new ScriptPipeline(client));
		gate.setAgingInterval(Duration.ofSeconds(1));
		long reply = gate.tryOnce(target, 0, System.nanoTime(), false).join();
		if (type == LockType.FAIR) {
			assertThat(reply).as("a fair lock is first come first served").isGreaterThanOrEqualTo(0L);
			assertThat(client.getKeys().countExists(name)).isZero();
		}
		else {
			assertThat(reply).as("taken without waiting for the waiter's wake-up").isEqualTo(-1L);
			client.getKeys().delete(name);
		}
		removeEntry(name, entry);
		assertNoTrace(name);
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void waiterInLineIsWokenByTheReleaseNotByPolling(LockType type) throws Exception {
		String key = "priority:wake:" + type.tagValue();
		String name = name(key);
		LockHandle holder = other.acquire(request(key, type, 0));
		ExecutorService threads = Executors.newSingleThreadExecutor();
		try {
			Future<LockHandle> waiter = threads.submit(() -> template.acquire(request(key, type, 0)));
			awaitUntil(() -> provider.priorityWaiters(name).size() == 1, "the waiter is in line");
			String channel = RedissonLockLayout.wakeChannel(name, type == LockType.WRITE);
			// It joined the line in its first attempt and then subscribed.
			awaitUntil(
					() -> Long.valueOf(1)
						.equals(((List<?>) redis.standaloneTopology().node().call("PUBSUB", "NUMSUB", channel)).get(1)),
					"the waiter listens on " + channel);
			long before = scriptCalls();
			Thread.sleep(2_500);
			// At most one safety re-check per second (PriorityGate.RECHECK), plus the
			// PUBSUB and INFO calls of this test, never a poll every few milliseconds.
			assertThat(scriptCalls() - before).isLessThanOrEqualTo(5);
			holder.close();
			try (LockHandle handle = waiter.get(20, TimeUnit.SECONDS)) {
				assertThat(handle.isHeld()).isTrue();
			}
			assertNoTrace(name);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void asynchronousAndBlockingWaitersAreServedInOneOrderByPriority(LockType type) throws Exception {
		String key = "priority:async:" + type.tagValue();
		String name = name(key);
		LockHandle holder = template.acquire(request(key, type, 0));
		List<String> order = Collections.synchronizedList(new ArrayList<>());
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> waiters = new ArrayList<>();
			// Arrival order: thread p0, future p5, future p0, thread p5.
			waiters.add(threads.submit(() -> {
				try (LockHandle handle = template.acquire(request(key, type, 0))) {
					order.add("thread-p0");
				}
				return null;
			}));
			awaitUntil(() -> provider.localWaiters(name) == 1, "1 local waiter");
			waiters.add(template.acquireAsync(request(key, type, 5)).thenAccept((handle) -> {
				order.add("future-p5");
				handle.close();
			}).toCompletableFuture());
			awaitUntil(() -> provider.localWaiters(name) == 2, "2 local waiters");
			waiters.add(template.acquireAsync(request(key, type, 0)).thenAccept((handle) -> {
				order.add("future-p0");
				handle.close();
			}).toCompletableFuture());
			awaitUntil(() -> provider.localWaiters(name) == 3, "3 local waiters");
			waiters.add(threads.submit(() -> {
				try (LockHandle handle = template.acquire(request(key, type, 5))) {
					order.add("thread-p5");
				}
				return null;
			}));
			awaitUntil(() -> provider.localWaiters(name) == 4, "4 local waiters");
			holder.close();
			for (Future<?> waiter : waiters) {
				waiter.get(30, TimeUnit.SECONDS);
			}
			assertThat(order).containsExactly("future-p5", "thread-p5", "thread-p0", "future-p0");
			assertNoTrace(name);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void asynchronousWaiterInLineThatIsCancelledOrTimesOutLeavesNoTrace(LockType type) throws Exception {
		String key = "priority:async-trace:" + type.tagValue();
		String name = name(key);
		LockHandle holder = other.acquire(request(key, type, 0));
		try {
			assertThat(template
				.acquireAsync(LockRequest.builder(key).type(type).priority(2).waitTime(Duration.ofMillis(300)).build())
				.toCompletableFuture()).failsWithin(Duration.ofSeconds(20))
				.withThrowableThat()
				.withCauseInstanceOf(LockAcquisitionException.class);
			assertNoTrace(name);
			CompletableFuture<LockHandle> cancelled = template.acquireAsync(request(key, type, 4))
				.toCompletableFuture();
			awaitUntil(() -> provider.priorityWaiters(name).size() == 1, "the future is in line");
			cancelled.cancel(false);
			awaitUntil(() -> !exists(name), "the line is gone");
		}
		finally {
			holder.close();
		}
		try (LockHandle next = other.acquire(request(key, type, 0))) {
			assertThat(next.isHeld()).isTrue();
		}
		assertNoTrace(name);
		assertThat(provider.localQueueCount()).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE" })
	void asynchronousWaitersOfTwoInstancesAreServedByPriorityInRedis(LockType type) throws Exception {
		String key = "priority:async-instances:" + type.tagValue();
		String name = name(key);
		RedissonClient holderClient = PriorityWaiterMain.client(redis.standaloneTopology().uri());
		RedissonLockProvider holderProvider = new RedissonLockProvider(holderClient);
		try {
			LockHandle holder = LockTemplate.builder(holderProvider).build().acquire(request(key, type, 0));
			List<String> order = Collections.synchronizedList(new ArrayList<>());
			CompletableFuture<Void> low = template.acquireAsync(request(key, type, 0)).thenAccept((handle) -> {
				order.add("low");
				handle.close();
			});
			awaitUntil(() -> provider.priorityWaiters(name).size() == 1, "the low waiter is in line");
			CompletableFuture<Void> high = other.acquireAsync(request(key, type, 5)).thenAccept((handle) -> {
				order.add("high");
				handle.close();
			});
			awaitUntil(() -> provider.priorityWaiters(name).size() == 2, "both waiters are in line");
			assertThat(provider.priorityWaiters(name).get(0).entry()).startsWith(otherClient.getId());
			holder.close();
			CompletableFuture.allOf(low, high).get(20, TimeUnit.SECONDS);
			assertThat(order).containsExactly("high", "low");
			assertNoTrace(name);
		}
		finally {
			holderProvider.close();
			holderClient.shutdown();
		}
	}

	@Test
	void headWaitingInRedisStepsBackForABetterLocalCaller() throws Exception {
		String key = "priority:step-back:1";
		String name = name(key);
		LockHandle holder = other.acquire(request(key, LockType.EXCLUSIVE, 0));
		List<String> order = Collections.synchronizedList(new ArrayList<>());
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> low = threads.submit(() -> serveInto(order, key, 0, "low"));
			awaitUntil(() -> provider.priorityWaiters(name).size() == 1, "the low head is in line");
			Future<?> high = threads.submit(() -> serveInto(order, key, 10, "high"));
			// The high caller takes the low one's place in Redis; the low one waits
			// locally.
			// One look at the line per check: it changes while the low caller steps back.
			awaitUntil(() -> {
				List<PriorityGate.Waiter> line = provider.priorityWaiters(name);
				return provider.localWaiters(name) == 1 && line.size() == 1
						&& line.get(0).placeMicros() < nowMicros() - 900_000;
			}, "the high caller is in line");
			holder.close();
			high.get(20, TimeUnit.SECONDS);
			low.get(20, TimeUnit.SECONDS);
			assertThat(order).containsExactly("high", "low");
			assertNoTrace(name);
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static Void serveInto(List<String> order, String key, int priority, String label) {
		try (LockHandle handle = template.acquire(request(key, LockType.EXCLUSIVE, priority))) {
			order.add(label);
		}
		return null;
	}

	private static long nowMicros() {
		List<?> time = (List<?>) redis.standaloneTopology().node().call("TIME");
		return Long.parseLong(String.valueOf(time.get(0))) * 1_000_000 + Long.parseLong(String.valueOf(time.get(1)));
	}

	private static long scriptCalls() {
		String info = String.valueOf(redis.standaloneTopology().node().call("INFO", "commandstats"));
		long calls = 0;
		for (String line : info.split("\\r?\\n")) {
			if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
				String value = line.substring(line.indexOf("calls=") + 6);
				calls += Long.parseLong(value.substring(0, value.indexOf(',')));
			}
		}
		return calls;
	}

	private static void addEntry(String name, String entry, long headStartMicros, long expiresInMillis) {
		client.getScript(LongCodec.INSTANCE)
			.eval(name, RScript.Mode.READ_WRITE, """
					local clock = redis.call('time')
					local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
					redis.call('zadd', KEYS[1], now - tonumber(ARGV[2]), ARGV[1])
					redis.call('zadd', KEYS[2], now + tonumber(ARGV[3]) * 1000, ARGV[1])
					return 1
					""", RScript.ReturnType.LONG,
					List.of(RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name)), entry,
					headStartMicros, expiresInMillis);
	}

	private static void removeEntry(String name, String entry) {
		client.getScoredSortedSet(RedissonLockLayout.waitersKey(name), StringCodec.INSTANCE).remove(entry);
		client.getScoredSortedSet(RedissonLockLayout.waiterExpiryKey(name), StringCodec.INSTANCE).remove(entry);
	}

	@Test
	void priorityOutsideTheRangeIsRejectedNamingTheKey() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LockRequest.builder("priority:range:1").priority(1001))
			.withMessageContaining("priority:range:1")
			.withMessageContaining("-1000 and 1000");
	}

	private static LockRequest request(String key, LockType type, int priority) {
		return LockRequest.builder(key)
			.type(type)
			.priority(priority)
			.waitTime(Duration.ofSeconds(20))
			.leaseTime(Duration.ofSeconds(20))
			.build();
	}

	private static String name(String key) {
		return RedissonLockLayout.lockKey(provider.getKeyPrefix(), key);
	}

	private static boolean exists(String name) {
		return client.getKeys()
			.countExists(RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name)) > 0;
	}

	private static void assertNoTrace(String name) {
		assertThat(exists(name)).as("line of waiters of " + name).isFalse();
		assertThat(client.getList(RedissonLockLayout.fairQueueKey(name), StringCodec.INSTANCE).size()).isZero();
	}

	private static void awaitUntil(BooleanSupplier condition, String description) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(description).isLessThan(deadline);
			Thread.sleep(5);
		}
	}

}
