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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the hand-off inside the release to asynchronous waiters: an
 * exclusive holder releases the lock in Redis straight to the next local caller also when
 * that caller waits as a future ({@code acquireAsync}), not only as a parked thread.
 */
class AsyncHandOffIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static LockTemplate template;

	@BeforeAll
	static void createClient() {
		redisson = NamedClients.create(redis.standaloneTopology().uri(), "async-holder");
		template = RedissonLockTemplates.create(redisson);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	@Test
	void releaseHandsTheLockToTheWaitingFutureInOneCommand() throws Exception {
		String key = "async-hand-off:one-command:K1";
		LockRequest request = LockRequest.builder(key)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(10))
			.build();
		// Once first, so that the scripts are cached (EVALSHA, no NOSCRIPT).
		LockHandle first = template.acquire(request);
		CompletableFuture<LockHandle> warm = waitAsync(request);
		first.close();
		warm.get(10, TimeUnit.SECONDS).close();

		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> next = waitAsync(request);
		AtomicReference<LockHandle> handed = new AtomicReference<>();
		List<String> sent = SlowLog.sentDuring(redis.standaloneTopology().node(), () -> {
			holder.close();
			handed.set(next.get(10, TimeUnit.SECONDS));
		});
		assertThat(sent).as("commands sent to move the lock to the waiting future").containsExactly("evalsha");
		assertThat(handed.get().isHeld()).isTrue();
		List<String> holders = HandOffProbes.holders(redisson, "lock:" + key);
		assertThat(holders).hasSize(1).allMatch((field) -> field.startsWith(redisson.getId() + ":"));
		assertThat(redisson.getKeys().remainTimeToLive("lock:" + key)).isPositive().isLessThanOrEqualTo(30_000);
		assertThat(handed.get().fencingToken()).isPositive();
		handed.get().closeAsync().get(10, TimeUnit.SECONDS);
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
	}

	@Test
	void cancelledFutureIsNotHandedTheLockAndTheNextCallerIs() throws Exception {
		String key = "async-hand-off:cancelled:K1";
		LockRequest request = LockRequest.builder(key)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(10))
			.build();
		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> cancelled = waitAsync(request);
		CompletableFuture<LockHandle> next = template.acquireAsync(request);
		HandOffProbes.awaitUntil(() -> HandOffProbes.waiting(template, key) == 2,
				"two futures wait in the local queue");
		cancelled.cancel(false);
		holder.close();
		LockHandle handle = next.get(10, TimeUnit.SECONDS);
		assertThat(handle.isHeld()).isTrue();
		assertThat(HandOffProbes.holders(redisson, "lock:" + key)).hasSize(1);
		handle.close();
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
		assertThat(HandOffProbes.waiting(template, key)).isZero();
	}

	@Test
	void futuresAndThreadsTakeTurnsThroughHandOffsWithoutOverlap() throws Exception {
		String key = "async-hand-off:mixed:K1";
		LockRequest request = LockRequest.builder(key)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(30))
			.build();
		int rounds = 50;
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		List<CompletableFuture<Void>> chains = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			chains.add(asyncRounds(request, rounds, inside, overlaps, done));
		}
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<Void>> blocking = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				blocking.add(CompletableFuture.runAsync(() -> {
					for (int round = 0; round < rounds; round++) {
						template.execute(request, (handle) -> {
							enter(inside, overlaps);
							done.incrementAndGet();
							inside.decrementAndGet();
							return null;
						});
					}
				}, threads));
			}
			chains.addAll(blocking);
			CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(overlaps).as("callers inside the lock at once").hasValue(0);
		assertThat(done).hasValue(8 * rounds);
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
	}

	// One asynchronous caller taking the lock again and again, each time after the last.
	private static CompletableFuture<Void> asyncRounds(LockRequest request, int rounds, AtomicInteger inside,
			AtomicInteger overlaps, AtomicInteger done) {
		CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
		for (int round = 0; round < rounds; round++) {
			chain = chain.thenCompose((ignored) -> template.acquireAsync(request)).thenCompose((handle) -> {
				enter(inside, overlaps);
				done.incrementAndGet();
				inside.decrementAndGet();
				return handle.closeAsync();
			});
		}
		return chain;
	}

	private static void enter(AtomicInteger inside, AtomicInteger overlaps) {
		if (inside.incrementAndGet() != 1) {
			overlaps.incrementAndGet();
		}
	}

	// A future that waits in the local queue behind the holder.
	private static CompletableFuture<LockHandle> waitAsync(LockRequest request) throws InterruptedException {
		int before = HandOffProbes.waiting(template, request.key());
		CompletableFuture<LockHandle> next = template.acquireAsync(request);
		HandOffProbes.awaitUntil(() -> HandOffProbes.waiting(template, request.key()) == before + 1,
				"the future waits in the local queue");
		return next;
	}

}
