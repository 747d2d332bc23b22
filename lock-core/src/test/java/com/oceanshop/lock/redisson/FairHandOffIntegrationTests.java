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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the hand-off inside the release of a {@link LockType#FAIR} lock:
 * the release hands the lock to the next local waiter in the same command
 * ({@link ReleaseScripts#FAIR_UNLOCK} with a successor) only when nobody waits in Redis,
 * so that a waiter of another instance, or a plain Redisson fair-lock waiter, keeps its
 * turn.
 */
class FairHandOffIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static RedissonClient other;

	static LockTemplate template;

	static LockTemplate otherTemplate;

	@BeforeAll
	static void createClients() {
		redisson = NamedClients.create(redis.standaloneTopology().uri(), "fair-holder");
		other = NamedClients.create(redis.standaloneTopology().uri(), "fair-other");
		template = RedissonLockTemplates.create(redisson);
		otherTemplate = RedissonLockTemplates.create(other);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
		other.shutdown();
	}

	@Test
	void releaseHandsTheFairLockToTheWaitingLocalCallerInOneCommand() throws Exception {
		LockRequest request = request("fair-hand-off:one-command:K1");
		// Once first, so that the scripts are cached (EVALSHA, no NOSCRIPT).
		LockHandle first = template.acquire(request);
		CompletableFuture<LockHandle> warm = waitFor(request);
		first.close();
		warm.get(10, TimeUnit.SECONDS).close();

		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> next = waitFor(request);
		AtomicReference<LockHandle> handed = new AtomicReference<>();
		List<String> sent = SlowLog.sentDuring(redis.standaloneTopology().node(), () -> {
			holder.close();
			handed.set(next.get(10, TimeUnit.SECONDS));
		});
		assertThat(sent).as("commands sent to move the fair lock to the next caller").containsExactly("evalsha");
		assertThat(handed.get().isHeld()).isTrue();
		String name = "lock:" + request.key();
		assertThat(HandOffProbes.holders(redisson, name)).hasSize(1)
			.allMatch((field) -> field.startsWith(redisson.getId() + ":"));
		assertThat(redisson.getKeys().remainTimeToLive(name)).isPositive().isLessThanOrEqualTo(30_000);
		handed.get().close();
		assertThat(redisson.getKeys().countExists(name)).isZero();
	}

	@Test
	void anotherInstanceWaitingInLineGetsTheFairLockBeforeTheNextLocalCaller() throws Exception {
		LockRequest request = request("fair-hand-off:other-instance:K1");
		String name = "lock:" + request.key();
		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> remote = CompletableFuture.supplyAsync(() -> otherTemplate.acquire(request));
		HandOffProbes
			.awaitUntil(() -> redisson.getScoredSortedSet(RedissonLockLayout.waitersKey(name), StringCodec.INSTANCE)
				.size() == 1, "the other instance waits in line");
		CompletableFuture<LockHandle> local = waitFor(request);
		holder.close();
		LockHandle first = remote.get(10, TimeUnit.SECONDS);
		assertThat(first.isHeld()).isTrue();
		assertThat(HandOffProbes.holders(redisson, name)).allMatch((field) -> field.startsWith(other.getId() + ":"));
		assertThat(local).isNotDone();
		first.close();
		local.get(10, TimeUnit.SECONDS).close();
		assertThat(redisson.getKeys().countExists(name)).isZero();
	}

	@Test
	void plainRedissonFairWaiterKeepsItsTurn() throws Exception {
		LockRequest request = request("fair-hand-off:redisson-waiter:K1");
		String name = "lock:" + request.key();
		LockHandle holder = template.acquire(request);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			RLock plain = other.getFairLock(name);
			List<String> order = Collections.synchronizedList(new ArrayList<>());
			Future<Boolean> plainWaiter = executor.submit(() -> {
				if (!plain.tryLock(10, 30, TimeUnit.SECONDS)) {
					return false;
				}
				order.add("redisson");
				plain.unlock();
				return true;
			});
			HandOffProbes.awaitUntil(
					() -> other.getList(RedissonLockLayout.fairQueueKey(name), StringCodec.INSTANCE).size() == 1,
					"the Redisson waiter queues in the fair lock's queue");
			CompletableFuture<LockHandle> local = waitFor(request).thenApply((handle) -> {
				order.add("local");
				return handle;
			});
			holder.close();
			assertThat(plainWaiter.get(10, TimeUnit.SECONDS)).as("the Redisson waiter got the lock").isTrue();
			local.get(10, TimeUnit.SECONDS).close();
			assertThat(order).as("who held the lock after the release, in order").containsExactly("redisson", "local");
			assertThat(redisson.getKeys().countExists(name)).isZero();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void fairHandOffsKeepExclusion() throws Exception {
		LockRequest request = request("fair-hand-off:exclusion:K1");
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		int callers = 6;
		int rounds = 40;
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				LockTemplate caller = (i % 3 == 2) ? otherTemplate : template;
				futures.add(executor.submit(() -> {
					for (int round = 0; round < rounds; round++) {
						caller.execute(request, (handle) -> {
							if (inside.incrementAndGet() != 1) {
								overlaps.incrementAndGet();
							}
							done.incrementAndGet();
							inside.decrementAndGet();
							return null;
						});
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(overlaps).as("callers inside the lock at once").hasValue(0);
		assertThat(done).hasValue(callers * rounds);
		assertThat(redisson.getKeys().countExists("lock:" + request.key())).isZero();
	}

	private static LockRequest request(String key) {
		return LockRequest.builder(key)
			.type(LockType.FAIR)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(10))
			.build();
	}

	// A caller on another thread that waits in the local queue behind the holder.
	private static CompletableFuture<LockHandle> waitFor(LockRequest request) throws InterruptedException {
		int before = HandOffProbes.waiting(template, request.key());
		CompletableFuture<LockHandle> next = CompletableFuture.supplyAsync(() -> template.acquire(request));
		HandOffProbes.awaitUntil(() -> HandOffProbes.waiting(template, request.key()) == before + 1,
				"the caller waits in the local queue");
		return next;
	}

}
