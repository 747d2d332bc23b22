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
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for fair-lock waiters that stop waiting: three instances (one
 * Redisson client each) share a fair lock; a waiter that leaves must leave the line in
 * Redis (the provider's line of waiters by priority, or Redisson's fair queue when that
 * is off), so the next live waiter gets the lock within a second of the release.
 */
class FairWaiterCleanupIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient holderClient;

	static RedissonClient leaverClient;

	static RedissonClient nextClient;

	static RedissonClient create() {
		Config config = new Config();
		config.setLockWatchdogTimeout(1500);
		config.setNettyThreads(4);
		config.useSingleServer().setAddress(redis.standaloneTopology().uri()).setTimeout(1000);
		return Redisson.create(config);
	}

	@BeforeAll
	static void createClients() {
		holderClient = create();
		leaverClient = create();
		nextClient = create();
	}

	@AfterAll
	static void shutdown() {
		holderClient.shutdown();
		leaverClient.shutdown();
		nextClient.shutdown();
	}

	static LockRequest fair(String key, Duration wait) {
		return LockRequest.builder(key).type(LockType.FAIR).waitTime(wait).leaseTime(Duration.ofSeconds(30)).build();
	}

	@Test
	void interruptedWaiterLeavesTheQueue() throws Exception {
		String key = "fair-cleanup:wait:interrupted";
		ExecutorService leaver = Executors.newSingleThreadExecutor();
		try {
			LockHandle holder = RedissonLockTemplates.create(holderClient).acquire(fair(key, Duration.ZERO));
			LockTemplate leaving = RedissonLockTemplates.create(leaverClient);
			Future<LockHandle> left = leaver.submit(() -> leaving.acquire(fair(key, Duration.ofSeconds(60))));
			awaitQueueLength(key, 1);
			left.cancel(true);
			assertNextWaiterGetsTheLockSoonAfterRelease(key, holder);
		}
		finally {
			leaver.shutdownNow();
			assertThat(leaver.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void timedOutWaiterLeavesTheQueue() throws Exception {
		String key = "fair-cleanup:wait:timed-out";
		LockHandle holder = RedissonLockTemplates.create(holderClient).acquire(fair(key, Duration.ZERO));
		LockTemplate leaving = RedissonLockTemplates.create(leaverClient);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> leaving.acquire(fair(key, Duration.ofMillis(300))));
		assertNextWaiterGetsTheLockSoonAfterRelease(key, holder);
	}

	private void assertNextWaiterGetsTheLockSoonAfterRelease(String key, LockHandle holder) throws Exception {
		LockTemplate next = RedissonLockTemplates.create(nextClient);
		CompletableFuture<Long> acquired = CompletableFuture.supplyAsync(() -> {
			try (LockHandle handle = next.acquire(fair(key, Duration.ofSeconds(20)))) {
				return System.nanoTime();
			}
		});
		awaitUntil(() -> nextWaiterQueued(key), "the next waiter is queued in Redis");
		long released = System.nanoTime();
		holder.close();
		long gotIt = acquired.get(30, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(gotIt - released)).isLessThan(Duration.ofSeconds(1));
	}

	private boolean nextWaiterQueued(String key) {
		return holderClient.<String>getList(RedissonLockLayout.fairQueueKey(name(key)), StringCodec.INSTANCE)
			.readAll()
			.stream()
			.anyMatch((holder) -> holder.startsWith(nextClient.getId()))
				|| holderClient
					.<String>getScoredSortedSet(RedissonLockLayout.waitersKey(name(key)), StringCodec.INSTANCE)
					.readAll()
					.stream()
					.anyMatch((holder) -> holder.startsWith(nextClient.getId()));
	}

	private void awaitQueueLength(String key, int length) throws InterruptedException {
		awaitUntil(() -> queueLength(key) == length, "the fair queue holds " + length + " waiter(s)");
	}

	private int queueLength(String key) {
		return holderClient.getList(RedissonLockLayout.fairQueueKey(name(key))).size()
				+ holderClient.getScoredSortedSet(RedissonLockLayout.waitersKey(name(key))).size();
	}

	private static String name(String key) {
		return RedissonLockProvider.DEFAULT_KEY_PREFIX + key;
	}

	private static void awaitUntil(BooleanSupplier condition, String description) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(description).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
