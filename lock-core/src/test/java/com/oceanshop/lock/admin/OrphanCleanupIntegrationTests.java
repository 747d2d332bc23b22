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

package com.oceanshop.lock.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.redisson.RedissonLockStore;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the orphaned-lock cleanup's liveness rule on a real standalone
 * {@code redis-server}: a live holder's lock is never removed, however long it is held; a
 * lock is removed when it has no expiry, or when its owners' instances have been gone for
 * the threshold. Another instance is a second Redisson client, with a client id of its
 * own.
 */
class OrphanCleanupIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private static final Duration THRESHOLD = Duration.ofMinutes(1);

	private static final String GONE_CLIENT = "0b7c6f0e-1111-4222-8333-944455556666";

	private static final String LIVE_CLIENT = "5d1e2f3a-2222-4333-8444-a55566667777";

	static RedissonClient redisson;

	static AdminRedisson.SettableClock clock;

	static LockAdmin admin;

	private final List<RedissonClient> others = new ArrayList<>();

	@BeforeAll
	static void createAdmin() {
		redisson = AdminRedisson.standalone(redis.standaloneTopology().uri());
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		clock = new AdminRedisson.SettableClock();
		admin = LockAdmin.builder(LockTemplate.builder(provider).build(), new RedissonLockStore(provider))
			.orphanedThreshold(THRESHOLD)
			.instanceDescription("cleanup@here (pid 1)")
			.clock(clock)
			.build();
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	@BeforeEach
	void flush() {
		redis.flushAll();
	}

	@AfterEach
	void shutdownOthers() {
		this.others.forEach(RedissonClient::shutdown);
	}

	private static RedisNode node() {
		return redis.standaloneTopology().node();
	}

	/**
	 * Another instance: a client of its own, renewing auto-renewed locks every 500 ms.
	 */
	private LockTemplate otherInstance() {
		Config config = new Config();
		config.setNettyThreads(4);
		config.setLockWatchdogTimeout(1500);
		config.useSingleServer()
			.setAddress(redis.standaloneTopology().uri())
			.setConnectionMinimumIdleSize(2)
			.setSubscriptionConnectionMinimumIdleSize(1)
			.setTimeout(1000);
		RedissonClient client = Redisson.create(config);
		this.others.add(client);
		return LockTemplate.builder(new RedissonLockProvider(client)).build();
	}

	private static LockAdmin adminOf(LockTemplate template, Duration instanceTtl) {
		RedissonLockProvider provider = (RedissonLockProvider) template.getProvider();
		return LockAdmin.builder(template, new RedissonLockStore(provider)).instanceTtl(instanceTtl).build();
	}

	private static long expireTime(String redisKey) {
		Object expireTime = node().call("PEXPIRETIME", redisKey);
		return (expireTime instanceof Long millis) ? millis : -2;
	}

	@Test
	void autoRenewedLockOfARegisteredInstanceIsNeverRemoved() throws Exception {
		LockTemplate other = otherInstance();
		adminOf(other, Duration.ofMinutes(1)).registerInstance();
		try (Held held = new Held(other, LockRequest.builder("batch:run:NIGHTLY").autoRenew().build())) {
			for (int run = 0; run < 4; run++) {
				assertThat(admin.cleanup().removed()).isEmpty();
				clock.advance(THRESHOLD.multipliedBy(2));
			}
			assertThat(held.isHeld()).isTrue();
			assertThat(admin.inspect("batch:run:NIGHTLY").held()).isTrue();
			assertThat(held.release()).isTrue();
		}
	}

	@Test
	void autoRenewedLockOfAnUnregisteredClientIsNotRemovedWhileItsExpiryMoves() throws Exception {
		LockTemplate other = otherInstance();
		try (Held held = new Held(other, LockRequest.builder("batch:run:RENEWED").autoRenew().build())) {
			for (int run = 0; run < 3; run++) {
				assertThat(admin.cleanup().removed()).isEmpty();
				// Read after the cleanup, so that the expiry is seen to move after the
				// cleanup's own sighting (a renewal between an earlier read and that
				// sighting would not count), by more than the cleanup's tolerance.
				long seen = expireTime("lock:batch:run:RENEWED");
				clock.advance(THRESHOLD.multipliedBy(2));
				awaitTrue(() -> expireTime("lock:batch:run:RENEWED") > seen + 50);
			}
			assertThat(admin.cleanup().removed()).isEmpty();
			assertThat(held.isHeld()).isTrue();
			assertThat(held.release()).isTrue();
		}
	}

	@Test
	void lockRetakenEveryFewHundredMillisecondsIsNeverRemoved() throws Exception {
		LockTemplate other = otherInstance();
		adminOf(other, Duration.ofMinutes(1)).registerInstance();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger cycles = new AtomicInteger();
		AtomicInteger lost = new AtomicInteger();
		Thread scheduler = new Thread(() -> {
			while (!stop.get()) {
				try (LockHandle handle = other
					.acquire(LockRequest.builder("report:send:DAILY").leaseTime(Duration.ofSeconds(10)).build())) {
					Thread.sleep(200);
				}
				catch (LockLostException ex) {
					lost.incrementAndGet();
				}
				catch (InterruptedException ex) {
					return;
				}
				cycles.incrementAndGet();
			}
		}, "every-200ms");
		scheduler.start();
		try {
			awaitTrue(() -> cycles.get() > 0);
			for (int run = 0; run < 8; run++) {
				assertThat(admin.cleanup().removed()).isEmpty();
				clock.advance(THRESHOLD);
				Thread.sleep(150);
			}
		}
		finally {
			stop.set(true);
			scheduler.join(10_000);
		}
		assertThat(lost.get()).isZero();
		assertThat(cycles.get()).isGreaterThanOrEqualTo(5);
	}

	@Test
	void lockOfAnInstanceWhoseRegistrationExpiredIsRemovedAfterTheThreshold() throws Exception {
		LockTemplate other = otherInstance();
		LockAdmin otherAdmin = adminOf(other, Duration.ofSeconds(2));
		try (Held held = new Held(other,
				LockRequest.builder("payment:settle:P-9").leaseTime(Duration.ofMinutes(10)).build())) {
			// While the instance refreshes its registration, its lock stays.
			for (int run = 0; run < 2; run++) {
				otherAdmin.registerInstance();
				assertThat(admin.cleanup().removed()).isEmpty();
				clock.advance(THRESHOLD.multipliedBy(2));
			}
			// The instance stops refreshing, as a killed one would.
			awaitTrue(() -> !hasInstanceKey());
			assertThat(admin.cleanup().removed()).isEmpty();
			clock.advance(THRESHOLD.minusSeconds(1));
			assertThat(admin.cleanup().removed()).isEmpty();
			clock.advance(Duration.ofSeconds(2));
			assertThat(admin.cleanup().removed()).singleElement().satisfies((removed) -> {
				assertThat(removed.redisKey()).isEqualTo("lock:payment:settle:P-9");
				assertThat(removed.reason()).isEqualTo(RemovedLock.OWNER_GONE);
				assertThat(removed.ageSeconds()).isGreaterThanOrEqualTo(THRESHOLD.toSeconds());
			});
			assertThat(node().call("EXISTS", "lock:payment:settle:P-9")).isEqualTo(0L);
			assertThat(held.release()).as("the holder learns of the loss at release").isFalse();
		}
	}

	@Test
	void lockOfAClientThatNeverRegisteredIsRemovedAfterTheThreshold() throws Exception {
		LockTemplate other = otherInstance();
		try (Held held = new Held(other,
				LockRequest.builder("payment:settle:P-7").leaseTime(Duration.ofMinutes(10)).build())) {
			assertThat(admin.cleanup().removed()).isEmpty();
			clock.advance(THRESHOLD.minusSeconds(1));
			assertThat(admin.cleanup().removed()).isEmpty();
			clock.advance(Duration.ofSeconds(2));
			assertThat(admin.cleanup().removed()).singleElement().satisfies((removed) -> {
				assertThat(removed.redisKey()).isEqualTo("lock:payment:settle:P-7");
				assertThat(removed.reason()).isEqualTo(RemovedLock.OWNER_GONE);
				assertThat(removed.holders()).singleElement().asString().doesNotStartWith(redisson.getId());
			});
			assertThat(node().call("EXISTS", "lock:payment:settle:P-7")).isEqualTo(0L);
			assertThat(held.release()).isFalse();
		}
	}

	@Test
	void readLockWithOneLiveReaderIsKeptWhileAnotherReaderIsGone() {
		node().call("SET", "lock:lock-admin:instance:" + LIVE_CLIENT, "live-app@there (pid 2)", "PX", "600000");
		node().call("HSET", "lock:catalog:read:SHARED", "mode", "read", LIVE_CLIENT + ":1", "1", GONE_CLIENT + ":2",
				"1");
		node().call("PEXPIRE", "lock:catalog:read:SHARED", "600000");
		for (int run = 0; run < 3; run++) {
			assertThat(admin.cleanup().removed()).isEmpty();
			clock.advance(THRESHOLD.multipliedBy(2));
		}
		assertThat(node().call("EXISTS", "lock:catalog:read:SHARED")).isEqualTo(1L);
	}

	@Test
	void lockWithoutExpiryIsRemovedAtOnceEvenIfItsOwnerIsRegistered() {
		node().call("SET", "lock:lock-admin:instance:" + LIVE_CLIENT, "live-app@there (pid 2)", "PX", "600000");
		node().call("HSET", "lock:order:process:NO-TTL", LIVE_CLIENT + ":1", "1");
		assertThat(admin.cleanup().removed()).singleElement().satisfies((removed) -> {
			assertThat(removed.redisKey()).isEqualTo("lock:order:process:NO-TTL");
			assertThat(removed.reason()).isEqualTo(RemovedLock.NO_EXPIRY);
		});
		assertThat(node().call("EXISTS", "lock:order:process:NO-TTL")).isEqualTo(0L);
	}

	private static boolean hasInstanceKey() {
		Object keys = node().call("KEYS", "lock:lock-admin:instance:*");
		return !(keys instanceof List<?> list) || !list.isEmpty();
	}

	private static void awaitTrue(Check check) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!check.passes()) {
			assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@FunctionalInterface
	interface Check {

		boolean passes();

	}

	/**
	 * A lock held on a thread of its own until {@link #release()}.
	 */
	static final class Held implements AutoCloseable {

		private final CountDownLatch acquired = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		private final AtomicBoolean lost = new AtomicBoolean();

		private final Thread thread;

		private volatile @Nullable LockHandle handle;

		Held(LockTemplate template, LockRequest request) throws InterruptedException {
			this.thread = new Thread(() -> {
				try (LockHandle handle = template.acquire(request)) {
					this.handle = handle;
					this.acquired.countDown();
					this.release.await(60, TimeUnit.SECONDS);
				}
				catch (LockLostException ex) {
					this.lost.set(true);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "holder");
			this.thread.start();
			assertThat(this.acquired.await(10, TimeUnit.SECONDS)).isTrue();
		}

		boolean isHeld() {
			LockHandle handle = this.handle;
			return handle != null && handle.isHeld();
		}

		/**
		 * Release the lock.
		 * @return whether it was still held at release
		 */
		boolean release() throws InterruptedException {
			this.release.countDown();
			this.thread.join(10_000);
			return !this.lost.get();
		}

		@Override
		public void close() throws InterruptedException {
			release();
		}

	}

}
