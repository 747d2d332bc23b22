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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for the hand-off inside the release: an exclusive holder whose next
 * local waiter is known releases the lock to that waiter in the same command
 * ({@link ReleaseScripts#EXCLUSIVE_HAND_OFF}), unless another instance waits in the
 * priority line; exclusion holds and the other instance is served.
 */
class HandOffIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static RedissonClient other;

	static LockTemplate template;

	static LockTemplate otherTemplate;

	static RedissonClient third;

	static LockTemplate thirdTemplate;

	@BeforeAll
	static void createClients() {
		redisson = create("holder");
		other = create("first");
		template = RedissonLockTemplates.create(redisson);
		otherTemplate = RedissonLockTemplates.create(other);
		third = create("second");
		thirdTemplate = RedissonLockTemplates.create(third);
	}

	private static RedissonClient create(String name) {
		return NamedClients.create(redis.standaloneTopology().uri(), name);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
		other.shutdown();
		third.shutdown();
	}

	@Test
	void releaseHandsTheLockToTheWaitingLocalCallerInOneCommand() throws Exception {
		String key = "hand-off:one-command:K1";
		LockRequest request = LockRequest.builder(key).leaseTime(Duration.ofSeconds(30)).build();
		// Once first, so that the scripts are cached (EVALSHA, no NOSCRIPT).
		warmUp(request);
		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> next = waitFor(request);
		AtomicReference<LockHandle> handed = new AtomicReference<>();
		List<String> sent = SlowLog.sentDuring(redis.standaloneTopology().node(), () -> {
			holder.close();
			handed.set(next.get(10, TimeUnit.SECONDS));
		});
		assertThat(sent).as("commands sent to move the lock to the next caller").containsExactly("evalsha");
		assertThat(handed.get().isHeld()).isTrue();
		// The next caller holds it in Redis under its own holder id, with its own lease.
		List<String> holders = HandOffProbes.holders(redisson, "lock:" + key);
		assertThat(holders).hasSize(1).allMatch((field) -> field.startsWith(redisson.getId() + ":"));
		long ttl = redisson.getKeys().remainTimeToLive("lock:" + key);
		assertThat(ttl).isPositive().isLessThanOrEqualTo(30_000);
		assertThat(handed.get().fencingToken()).isPositive();
		handed.get().close();
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
	}

	@Test
	void handedLockCountsItsLeaseFromTheHandOff() throws Exception {
		String key = "hand-off:lease:K1";
		LockHandle holder = template.acquire(LockRequest.builder(key).leaseTime(Duration.ofSeconds(30)).build());
		CompletableFuture<LockHandle> next = waitFor(
				LockRequest.builder(key).leaseTime(Duration.ofMillis(1500)).build());
		holder.close();
		LockHandle handed = next.get(10, TimeUnit.SECONDS);
		// Redis counts the 1.5 s lease from the hand-off; the handle from before the
		// release was sent, so it never believes it holds the lock after Redis let it go.
		assertThat(redisson.getKeys().remainTimeToLive("lock:" + key)).isPositive().isLessThanOrEqualTo(1500);
		assertThat(handed.isHeld()).isTrue();
		HandOffProbes.awaitUntil(() -> redisson.getKeys().countExists("lock:" + key) == 0, "the handed lease ends");
		assertThat(handed.isHeld()).isFalse();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(handed::close);
	}

	@Test
	void anotherInstanceWaitingInLineIsServedBeforeTheNextLocalCaller() throws Exception {
		String key = "hand-off:other-instance:K1";
		LockRequest request = LockRequest.builder(key)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(10))
			.build();
		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> remote = CompletableFuture.supplyAsync(() -> otherTemplate.acquire(request));
		HandOffProbes.awaitUntil(
				() -> redisson.getScoredSortedSet(RedissonLockLayout.waitersKey("lock:" + key), StringCodec.INSTANCE)
					.size() == 1,
				"the other instance waits in line");
		// Well after the other instance, by more than one aging interval.
		Thread.sleep(300);
		CompletableFuture<LockHandle> local = waitFor(request);
		holder.close();
		LockHandle first = remote.get(10, TimeUnit.SECONDS);
		assertThat(local).isNotDone();
		first.close();
		local.get(10, TimeUnit.SECONDS).close();
	}

	// A fair release hands the lock to the first in line too, in arrival order (before
	// FAIR_UNLOCK did, every instance in line was woken and tried: 3 commands here, not
	// 2).
	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR" })
	void releaseHandsTheLockToTheFirstInstanceInLineWhichAloneTriesAndSetsItsOwnLease(LockType type) throws Exception {
		String key = "hand-off:to-other-instance:" + type + ":K1";
		LockRequest request = LockRequest.builder(key)
			.type(type)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(10))
			.build();
		// Once first, so that the scripts are cached (EVALSHA, no NOSCRIPT).
		otherTemplate.acquire(request).close();
		thirdTemplate.acquire(request).close();
		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> first = CompletableFuture.supplyAsync(() -> otherTemplate.acquire(request));
		HandOffProbes.awaitUntil(() -> lineLength(key) == 1, "the first other instance waits in line");
		awaitTryInLine(key);
		CompletableFuture<LockHandle> second = CompletableFuture.supplyAsync(() -> thirdTemplate.acquire(request));
		HandOffProbes.awaitUntil(() -> lineLength(key) == 2, "the second other instance waits in line");
		awaitTryInLine(key);
		Map<String, Long> entryExpiries = entryExpiries(key);
		AtomicReference<LockHandle> handed = new AtomicReference<>();
		Map<String, List<String>> sent = SlowLog.sentByClientDuring(redis.standaloneTopology().node(), () -> {
			holder.close();
			handed.set(first.get(10, TimeUnit.SECONDS));
			Thread.sleep(100);
		});
		long endMicros = serverMicros();
		String secondEntry = redisson
			.getScoredSortedSet(RedissonLockLayout.waitersKey("lock:" + key), StringCodec.INSTANCE)
			.first()
			.toString();
		long firstExpiry = entryExpiries.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals(secondEntry))
			.findFirst()
			.orElseThrow()
			.getValue();
		// The release, then the first waiter's one try, woken by its own owner id; the
		// second waiter is not woken in vain (pub/sub bookkeeping aside). A waiter also
		// tries every PriorityGate.RECHECK without a message, which a slow machine may
		// fit into the window: those tries are allowed, nothing else.
		assertThat(commands(sent, "holder")).as("commands the holder sent to hand the lock on")
			.containsExactly("evalsha");
		assertThat(commands(sent, "first")).as("commands the first instance in line sent to take it")
			.containsOnly("evalsha")
			.hasSizeBetween(1, 1 + rechecksDue(firstExpiry, endMicros));
		assertThat(commands(sent, "second")).as("commands the second instance in line sent meanwhile")
			.allMatch("evalsha"::equals)
			.hasSizeLessThanOrEqualTo(rechecksDue(entryExpiries.get(secondEntry), endMicros));
		assertThat(HandOffProbes.holders(redisson, "lock:" + key)).hasSize(1)
			.allMatch((field) -> field.startsWith(other.getId() + ":"));
		// Its own 30 s lease, not the release's provisional one.
		assertThat(redisson.getKeys().remainTimeToLive("lock:" + key)).isGreaterThan(PriorityGate.RECHECK.toMillis());
		assertThat(lineLength(key)).isEqualTo(1);
		assertThat(second).isNotDone();
		handed.get().close();
		second.get(10, TimeUnit.SECONDS).close();
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
		assertThat(redisson.getKeys().countExists(RedissonLockLayout.waitersKey("lock:" + key))).isZero();
	}

	@Test
	void handOffsKeepExclusionAndServeAnotherInstanceInTime() throws Exception {
		String key = "hand-off:exclusion:K1";
		LockRequest request = LockRequest.builder(key)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(20))
			.build();
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		AtomicLong counter = new AtomicLong();
		ExecutorService threads = Executors.newFixedThreadPool(9);
		try {
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
			List<Future<Integer>> locals = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				locals.add(threads.submit(() -> {
					int done = 0;
					while (System.nanoTime() - end < 0) {
						template.execute(request, (handle) -> critical(inside, overlaps, counter));
						done++;
					}
					return done;
				}));
			}
			// Another instance, while the local callers keep the lock busy: it is served
			// within its wait time, more than once.
			Future<Integer> remote = threads.submit(() -> {
				int done = 0;
				while (System.nanoTime() - end < 0) {
					otherTemplate.execute(request, (handle) -> critical(inside, overlaps, counter));
					done++;
				}
				return done;
			});
			int total = 0;
			for (Future<Integer> call : locals) {
				total += call.get(60, TimeUnit.SECONDS);
			}
			int remoteDone = remote.get(60, TimeUnit.SECONDS);
			assertThat(overlaps).hasValue(0);
			assertThat(counter).hasValue(total + remoteDone);
			assertThat(remoteDone).isGreaterThan(1);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
	}

	// Before, the lock stayed with a waiter that left as it was handed the lock until the
	// provisional lease ran out (PriorityGate.RECHECK): nobody could take it meanwhile.
	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR" })
	void aWaiterThatLeavesAsTheLockIsHandedToItGivesItBack(LockType type) throws Exception {
		String key = "hand-off:leaving-waiter:" + type + ":K1";
		String name = "lock:" + key;
		LockRequest request = LockRequest.builder(key)
			.type(type)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ZERO)
			.build();
		LockHandle holder = template.acquire(request);
		// Another instance's waiter, first in line, that is about to give up.
		String waiter = other.getId() + ":" + (RedissonLockLayout.FIRST_OWNER_ID + 7);
		String entry = RedissonLockLayout.waiterEntry(waiter, type == LockType.FAIR);
		redisson.getScoredSortedSet(RedissonLockLayout.waitersKey(name), StringCodec.INSTANCE).add(0, entry);
		redisson.getScoredSortedSet(RedissonLockLayout.waiterExpiryKey(name), StringCodec.INSTANCE)
			.add(serverMicros() + 60_000_000, entry);
		holder.close();
		assertThat(HandOffProbes.holders(redisson, name)).as("the release handed the lock to the waiter")
			.containsExactly(waiter);
		Object left = redisson.getScript(LongCodec.INSTANCE)
			.eval(name, RScript.Mode.READ_WRITE, PriorityScripts.PRIORITY_LEAVE, RScript.ReturnType.LONG,
					List.of(RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name), name,
							RedissonLockLayout.wakeChannel(name, false)),
					entry, "publish", 0L, waiter);
		assertThat(left).as("the waiter was no longer in line").isEqualTo(0L);
		assertThat(redisson.getKeys().countExists(name)).as("the lock was given back").isZero();
		try (LockHandle next = template.acquire(request)) {
			assertThat(next.isHeld()).isTrue();
		}
	}

	private static long critical(AtomicInteger inside, AtomicInteger overlaps, AtomicLong counter) {
		if (inside.incrementAndGet() != 1) {
			overlaps.incrementAndGet();
		}
		// A non-atomic read-modify-write: only the lock keeps it right.
		long value = counter.get();
		Thread.onSpinWait();
		counter.set(value + 1);
		inside.decrementAndGet();
		return value;
	}

	private static void warmUp(LockRequest request) throws Exception {
		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> next = waitFor(request);
		holder.close();
		next.get(10, TimeUnit.SECONDS).close();
	}

	// A caller on another thread that waits in the local queue behind the holder.
	private static CompletableFuture<LockHandle> waitFor(LockRequest request) throws InterruptedException {
		CompletableFuture<LockHandle> next = CompletableFuture
			.supplyAsync(() -> template.acquire(LockRequest.builder(request.key())
				.leaseTime(request.leaseTime())
				.waitTime(Duration.ofSeconds(10))
				.build()));
		HandOffProbes.awaitUntil(() -> HandOffProbes.waiting(template, request.key()) == 1,
				"the caller waits in the local queue");
		return next;
	}

	private static List<String> commands(Map<String, List<String>> sent, String client) {
		return sent.getOrDefault(client, List.of())
			.stream()
			.filter((command) -> !command.endsWith("subscribe"))
			.toList();
	}

	// A waiter that joined the line tries once more when its subscription is ready, which
	// sets its entry's expiry again: wait for that try (or a later periodic one) of the
	// waiter that joined last, so that it does not fall into a measured window.
	private static void awaitTryInLine(String key) throws InterruptedException {
		Map<String, Long> joined = entryExpiries(key);
		String last = joined.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
		HandOffProbes.awaitUntil(() -> entryExpiries(key).getOrDefault(last, 0L) > joined.get(last),
				"the waiter that joined last tries again once it listens");
	}

	// Each waiter's entry expiry in the line, in the server's micros.
	private static Map<String, Long> entryExpiries(String key) {
		Map<String, Long> expiries = new HashMap<>();
		redisson.getScoredSortedSet(RedissonLockLayout.waiterExpiryKey("lock:" + key), StringCodec.INSTANCE)
			.entryRange(0, -1)
			.forEach((entry) -> expiries.put(entry.getValue().toString(), entry.getScore().longValue()));
		return expiries;
	}

	// How many periodic tries (one every PriorityGate.RECHECK after its last try, which
	// set its entry's expiry) a waiter made by the given server time at most.
	private static int rechecksDue(long entryExpiryMicros, long nowMicros) {
		long lastTry = entryExpiryMicros - PriorityGate.ENTRY_TTL.toNanos() / 1000;
		long due = lastTry + PriorityGate.RECHECK.toNanos() / 1000;
		return (nowMicros < due) ? 0 : 1 + (int) ((nowMicros - due) / (PriorityGate.RECHECK.toNanos() / 1000));
	}

	private static long serverMicros() {
		List<?> time = (List<?>) redis.standaloneTopology().node().call("TIME");
		return Long.parseLong(String.valueOf(time.get(0))) * 1_000_000 + Long.parseLong(String.valueOf(time.get(1)));
	}

	private static int lineLength(String key) {
		return redisson.getScoredSortedSet(RedissonLockLayout.waitersKey("lock:" + key), StringCodec.INSTANCE).size();
	}

}
