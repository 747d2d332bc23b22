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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.InvalidLockKeyException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.redisson.RedissonLockStore;
import com.oceanshop.lock.redisson.RedissonLockTemplates;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link LockAdmin} on a real standalone {@code redis-server}.
 */
class LockAdminIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private static final String OTHER_CLIENT = "0b7c6f0e-1111-4222-8333-944455556666";

	static RedissonClient redisson;

	static LockStatistics statistics;

	static LockTemplate template;

	static AdminRedisson.SettableClock clock;

	static LockAdmin admin;

	@BeforeAll
	static void createAdmin() {
		redisson = AdminRedisson.standalone(redis.standaloneTopology().uri());
		statistics = new LockStatistics();
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		template = LockTemplate.builder(provider).listener(statistics).build();
		clock = new AdminRedisson.SettableClock();
		admin = LockAdmin.builder(template, new RedissonLockStore(provider))
			.statistics(statistics)
			.orphanedThreshold(Duration.ofMinutes(1))
			.instanceDescription("test-app@here (pid 1)")
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

	private static RedisNode node() {
		return redis.standaloneTopology().node();
	}

	static <T> T onOtherThread(Callable<T> task) throws Exception {
		FutureTask<T> future = new FutureTask<>(task);
		new Thread(future, "other-owner").start();
		return future.get(20, TimeUnit.SECONDS);
	}

	static LockInspection awaitInspection(String key, java.util.function.Predicate<LockInspection> condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		LockInspection inspection = admin.inspect(key);
		while (!condition.test(inspection) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			inspection = admin.inspect(key);
		}
		return inspection;
	}

	/**
	 * Hold a lock on a thread of its own until the returned release runs.
	 */
	static Runnable holdOnOtherThread(Supplier<LockHandle> acquire) throws InterruptedException {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			try (LockHandle handle = acquire.get()) {
				held.countDown();
				release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (LockLostException ex) {
				// Force-released under us: expected in some tests.
			}
		}, "holder");
		thread.start();
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
		return () -> {
			release.countDown();
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	@Test
	void inspectExclusiveLockNamesThisInstanceThreadAndTtl() {
		try (LockHandle handle = template
			.acquire(LockRequest.builder("inventory:reserve:PROD-1").leaseTime(Duration.ofSeconds(30)).build())) {
			LockInspection inspection = admin.inspect("inventory:reserve:PROD-1");
			assertThat(inspection.held()).isTrue();
			assertThat(inspection.type()).isEqualTo("exclusive");
			assertThat(inspection.redisKey()).isEqualTo("lock:inventory:reserve:PROD-1");
			assertThat(inspection.ttlMillis()).isBetween(1L, 30_000L);
			assertThat(inspection.holders()).singleElement().satisfies((holder) -> {
				assertThat(holder.thisInstance()).isTrue();
				assertThat(holder.clientId()).isEqualTo(redisson.getId());
				// Each acquisition is its own owner: Redisson's thread id is an owner id,
				// never a thread.
				assertThat(holder.threadId()).isGreaterThanOrEqualTo(1L << 62);
				assertThat(holder.instance()).isEqualTo("test-app@here (pid 1)");
				assertThat(holder.holdCount()).isEqualTo(1);
			});
		}
		LockInspection after = admin.inspect("inventory:reserve:PROD-1");
		assertThat(after.held()).isFalse();
		assertThat(after.type()).isNull();
		assertThat(after.redisType()).isEqualTo("none");
		assertThat(after.ttlMillis()).isEqualTo(-2);
	}

	@Test
	void inspectFairLockWithAWaiterShowsFairAndTheQueue() throws Exception {
		Runnable release = holdOnOtherThread(() -> template.acquire(LockRequest.builder("order:process:O-1")
			.type(LockType.FAIR)
			.leaseTime(Duration.ofSeconds(30))
			.build()));
		// The waiter acts as another instance: waiters of one instance line up in its
		// local queue, and only its first one joins the queue in Redis.
		LockTemplate otherInstance = RedissonLockTemplates.create(redisson);
		Thread waiter = new Thread(() -> {
			try (LockHandle handle = otherInstance.acquire(LockRequest.builder("order:process:O-1")
				.type(LockType.FAIR)
				.waitTime(Duration.ofSeconds(15))
				.leaseTime(Duration.ofSeconds(30))
				.build())) {
				// acquired after the holder let go
			}
		}, "waiter");
		waiter.start();
		try {
			LockInspection inspection = awaitInspection("order:process:O-1", (i) -> i.waiters() == 1);
			assertThat(inspection.type()).isEqualTo("fair");
			assertThat(inspection.waiters()).isEqualTo(1);
			assertThat(inspection.holders()).hasSize(1);
		}
		finally {
			release.run();
			waiter.join(20_000);
		}
	}

	@Test
	void inspectReadLockShowsEveryReaderWithItsExpiry() throws Exception {
		Supplier<LockHandle> read = () -> template.acquire(
				LockRequest.builder("cache:update:C-1").type(LockType.READ).leaseTime(Duration.ofSeconds(30)).build());
		Runnable first = holdOnOtherThread(read);
		Runnable second = holdOnOtherThread(read);
		try {
			LockInspection inspection = admin.inspect("cache:update:C-1");
			assertThat(inspection.held()).isTrue();
			assertThat(inspection.type()).isEqualTo("read");
			assertThat(inspection.holders()).hasSize(2)
				.allSatisfy((holder) -> assertThat(holder.expiresInMillis()).isBetween(1L, 30_000L));
		}
		finally {
			first.run();
			second.run();
		}
	}

	@Test
	void inspectWriteLockShowsTheWriter() {
		try (LockHandle handle = template.acquire(LockRequest.builder("cache:update:C-2")
			.type(LockType.WRITE)
			.leaseTime(Duration.ofSeconds(30))
			.build())) {
			LockInspection inspection = admin.inspect("cache:update:C-2");
			assertThat(inspection.type()).isEqualTo("write");
			assertThat(inspection.holders()).singleElement()
				.satisfies((holder) -> assertThat(holder.id()).endsWith(":write"));
		}
	}

	@Test
	void inspectSemaphoreShowsPermitsAndFreeCount() {
		try (LockHandle handle = template.acquire(LockRequest.builder("ratelimit:api:U-1")
			.type(LockType.SEMAPHORE)
			.permits(2)
			.maxPermits(3)
			.leaseTime(Duration.ofSeconds(30))
			.build())) {
			LockInspection inspection = admin.inspect("ratelimit:api:U-1");
			assertThat(inspection.held()).isTrue();
			assertThat(inspection.type()).isEqualTo("semaphore");
			assertThat(inspection.availablePermits()).isEqualTo(1);
			assertThat(inspection.holders()).hasSize(2)
				.allSatisfy((holder) -> assertThat(holder.expiresInMillis()).isBetween(1L, 30_000L));
		}
	}

	@Test
	void inspectNamesAnotherInstanceFromItsRegistryEntry() throws Exception {
		RedissonClient otherRedisson = AdminRedisson.standalone(redis.standaloneTopology().uri());
		try {
			RedissonLockProvider otherProvider = new RedissonLockProvider(otherRedisson);
			LockTemplate otherTemplate = LockTemplate.builder(otherProvider).build();
			LockAdmin otherAdmin = LockAdmin.builder(otherTemplate, new RedissonLockStore(otherProvider))
				.instanceDescription("other-app@there (pid 2)")
				.build();
			otherAdmin.registerInstance();
			Runnable release = holdOnOtherThread(() -> otherTemplate
				.acquire(LockRequest.builder("payment:process:P-1").leaseTime(Duration.ofSeconds(30)).build()));
			try {
				assertThat(admin.inspect("payment:process:P-1").holders()).singleElement().satisfies((holder) -> {
					assertThat(holder.thisInstance()).isFalse();
					assertThat(holder.clientId()).isEqualTo(otherRedisson.getId());
					assertThat(holder.instance()).isEqualTo("other-app@there (pid 2)");
				});
				assertThat(redisson.getKeys().remainTimeToLive("lock:lock-admin:instance:" + otherRedisson.getId()))
					.isPositive();
			}
			finally {
				release.run();
			}
		}
		finally {
			otherRedisson.shutdown();
		}
	}

	@Test
	void invalidKeysAreRejectedBeforeRedis() {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> admin.inspect("lock:*"));
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> admin.forceRelease("no-id"));
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> admin.inspect("a:b:x y"));
	}

	@Test
	void forceReleaseDeletesTheLockButKeepsTheFencingCounter() throws Exception {
		LockHandle handle = template
			.acquire(LockRequest.builder("inventory:reserve:PROD-9").leaseTime(Duration.ofSeconds(30)).build());
		long token = handle.fencingToken();
		ForceReleaseResult result = onOtherThread(() -> admin.forceRelease("inventory:reserve:PROD-9", "ops"));
		assertThat(result.released()).isTrue();
		assertThat(result.type()).isEqualTo("exclusive");
		assertThat(result.holders()).hasSize(1);
		assertThat(result.deletedKeys()).containsExactly("lock:inventory:reserve:PROD-9");
		assertThat(node().call("EXISTS", "lock:inventory:reserve:PROD-9")).isEqualTo(0L);
		assertThat(node().call("GET", "{lock:inventory:reserve:PROD-9}:fence")).isEqualTo(Long.toString(token));
		assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close);
		try (LockHandle next = template.acquire(LockRequest.of("inventory:reserve:PROD-9"))) {
			assertThat(next.fencingToken()).isGreaterThan(token);
		}
	}

	@Test
	void forceReleaseOfAFreeKeyReportsNothingReleased() {
		ForceReleaseResult result = admin.forceRelease("inventory:reserve:FREE");
		assertThat(result.released()).isFalse();
		assertThat(result.deletedKeys()).isEmpty();
	}

	@Test
	void forceReleaseOfReadLockDeletesItsTimeoutKeys() throws Exception {
		Runnable release = holdOnOtherThread(() -> template.acquire(
				LockRequest.builder("cache:update:C-3").type(LockType.READ).leaseTime(Duration.ofSeconds(30)).build()));
		try {
			ForceReleaseResult result = admin.forceRelease("cache:update:C-3");
			assertThat(result.released()).isTrue();
			assertThat(result.type()).isEqualTo("read");
			assertThat(result.deletedKeys()).hasSize(2).anyMatch((key) -> key.contains(":rwlock_timeout:1"));
			assertThat(admin.inspect("cache:update:C-3").held()).isFalse();
			assertThat(redisson.getKeys().countExists(result.deletedKeys().toArray(String[]::new))).isZero();
		}
		finally {
			release.run();
		}
	}

	@Test
	void forceReleaseOfSemaphoreFreesItsPermits() throws Exception {
		LockRequest request = LockRequest.builder("ratelimit:api:U-2")
			.type(LockType.SEMAPHORE)
			.maxPermits(1)
			.leaseTime(Duration.ofSeconds(30))
			.build();
		Runnable release = holdOnOtherThread(() -> template.acquire(request));
		try {
			assertThat(template.tryAcquire(request)).isEmpty();
			ForceReleaseResult result = admin.forceRelease("ratelimit:api:U-2");
			assertThat(result.released()).isTrue();
			assertThat(result.deletedKeys()).containsExactly("lock:ratelimit:api:U-2",
					"{lock:ratelimit:api:U-2}:timeout");
			try (LockHandle handle = template.tryAcquire(request).orElseThrow()) {
				assertThat(handle.isHeld()).isTrue();
			}
		}
		finally {
			release.run();
		}
	}

	@Test
	void cleanupRemovesOnlyLockHashesWithoutExpiryUnderThePrefix() {
		String holder = OTHER_CLIENT + ":1";
		node().call("HSET", "lock:order:process:NO-TTL", holder, "1");
		node().call("HSET", "lock:cache:update:RW-NO-TTL", "mode", "read", holder, "1");
		node().call("SET", "{lock:order:process:NO-TTL}:fence", "7");
		node().call("HSET", "locksmith:tools:x", holder, "1");
		node().call("HSET", "locksmith:x", holder, "1");
		node().call("SET", "lock:config", "keep");
		node().call("HSET", "lock:user:profile:7", "name", "Ada");
		node().call("SET", "lock:ratelimit:api:SEM", "3");
		node().call("HSET", "other:order:process:X", holder, "1");
		try (LockHandle live = template
			.acquire(LockRequest.builder("inventory:reserve:LIVE").leaseTime(Duration.ofSeconds(60)).build())) {
			LockCleanupReport report = admin.cleanup();
			assertThat(report.executed()).isTrue();
			assertThat(report.error()).isNull();
			assertThat(report.removed()).extracting(RemovedLock::redisKey)
				.containsExactlyInAnyOrder("lock:order:process:NO-TTL", "lock:cache:update:RW-NO-TTL");
			assertThat(report.removed()).allSatisfy((removed) -> {
				assertThat(removed.reason()).isEqualTo(RemovedLock.NO_EXPIRY);
				assertThat(removed.holders()).containsExactly(holder);
			});
			assertThat(live.isHeld()).isTrue();
			assertThat(admin.inspect("inventory:reserve:LIVE").held()).isTrue();
		}
		for (String survivor : List.of("{lock:order:process:NO-TTL}:fence", "locksmith:tools:x", "locksmith:x",
				"lock:config", "lock:user:profile:7", "lock:ratelimit:api:SEM", "other:order:process:X")) {
			assertThat(node().call("EXISTS", survivor)).as(survivor).isEqualTo(1L);
		}
		LockCleanupStatus status = admin.cleanupStatus();
		assertThat(status.lastRun()).isNotNull();
		assertThat(status.lastRun().removed()).hasSize(2);
		assertThat(status.totalRemoved()).isGreaterThanOrEqualTo(2);
		assertThat(status.recentlyRemoved()).extracting(RemovedLock::redisKey).contains("lock:order:process:NO-TTL");
	}

	@Test
	void cleanupRemovesALockWhoseOwnerIsGoneForLongerThanTheThreshold() {
		// OTHER_CLIENT has no entry in the instance registry: gone.
		String stuck = OTHER_CLIENT + ":5";
		node().call("HSET", "lock:payment:process:STUCK", stuck, "1");
		node().call("PEXPIRE", "lock:payment:process:STUCK", "600000");
		node().call("HSET", "lock:payment:process:TURNOVER", OTHER_CLIENT + ":6", "1");
		node().call("PEXPIRE", "lock:payment:process:TURNOVER", "600000");
		assertThat(admin.cleanup().removed()).isEmpty();
		clock.advance(Duration.ofSeconds(30));
		assertThat(admin.cleanup().removed()).isEmpty();
		// Another holder took this one meanwhile: its clock starts again.
		node().call("DEL", "lock:payment:process:TURNOVER");
		node().call("HSET", "lock:payment:process:TURNOVER", OTHER_CLIENT + ":7", "1");
		node().call("PEXPIRE", "lock:payment:process:TURNOVER", "600000");
		clock.advance(Duration.ofSeconds(31));
		LockCleanupReport report = admin.cleanup();
		assertThat(report.removed()).singleElement().satisfies((removed) -> {
			assertThat(removed.redisKey()).isEqualTo("lock:payment:process:STUCK");
			assertThat(removed.reason()).isEqualTo(RemovedLock.OWNER_GONE);
			assertThat(removed.ageSeconds()).isGreaterThanOrEqualTo(60);
			assertThat(removed.holders()).containsExactly(stuck);
		});
		assertThat(node().call("EXISTS", "lock:payment:process:STUCK")).isEqualTo(0L);
		assertThat(node().call("EXISTS", "lock:payment:process:TURNOVER")).isEqualTo(1L);
		assertThat(redisson.getKeys().remainTimeToLive("lock:lock-admin:cleanup:first-seen")).isPositive();
	}

	@Test
	void cleanupRunsOnOneInstanceAtATime() throws Exception {
		node().call("HSET", "lock:order:process:NO-TTL", OTHER_CLIENT + ":1", "1");
		Runnable release = holdOnOtherThread(() -> template
			.acquire(LockRequest.builder(LockAdmin.CLEANUP_LOCK_KEY).leaseTime(Duration.ofSeconds(30)).build()));
		try {
			LockCleanupReport report = admin.cleanup();
			assertThat(report.executed()).isFalse();
			assertThat(report.skippedReason()).contains("another instance");
			assertThat(node().call("EXISTS", "lock:order:process:NO-TTL")).isEqualTo(1L);
		}
		finally {
			release.run();
		}
		assertThat(admin.cleanup().removed()).hasSize(1);
	}

	@Test
	void cleanupIsSkippedWhenLockingIsDisabled() {
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		LockTemplate disabled = LockTemplate.builder(provider).enabled(false).build();
		LockAdmin disabledAdmin = LockAdmin.builder(disabled, new RedissonLockStore(provider)).build();
		node().call("HSET", "lock:order:process:NO-TTL", OTHER_CLIENT + ":1", "1");
		LockCleanupReport report = disabledAdmin.cleanup();
		assertThat(report.executed()).isFalse();
		assertThat(report.skippedReason()).contains("disabled");
		assertThat(node().call("EXISTS", "lock:order:process:NO-TTL")).isEqualTo(1L);
	}

	@Test
	void healthIsUpWithLatencyAndTopologyAndLeavesNoKeyBehind() {
		LockHealth health = admin.health();
		assertThat(health.isUp()).isTrue();
		assertThat(health.error()).isNull();
		assertThat(health.latencyMillis()).isGreaterThanOrEqualTo(0);
		assertThat(health.enabled()).isTrue();
		assertThat(health.circuitBreaker()).isEqualTo("CLOSED");
		assertThat(health.topology().mode()).isEqualTo("standalone");
		assertThat(health.topology().nodes()).containsExactly(redis.standaloneTopology().uri());
		// Redisson deletes its unlock latch key without waiting after an unlock: give
		// that DEL a moment (bounded) before counting keys.
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!Long.valueOf(0).equals(node().call("DBSIZE")) && System.nanoTime() - deadline < 0) {
			Thread.onSpinWait();
		}
		assertThat(node().call("DBSIZE")).isEqualTo(0L);
	}

	@Test
	void statusReportsStatisticsAndMostContendedNames() {
		try (LockHandle handle = template.acquire(LockRequest.of("inventory:reserve:S-1"))) {
			LockStatus status = admin.status();
			assertThat(status.enabled()).isTrue();
			assertThat(status.keyPrefix()).isEqualTo("lock:");
			assertThat(status.circuitBreaker()).isEqualTo("CLOSED");
			assertThat(status.statistics().active()).isGreaterThanOrEqualTo(1);
			assertThat(status.statistics().locks()).extracting(LockNameStatistics::name).contains("inventory:reserve");
			assertThat(status.topology().mode()).isEqualTo("standalone");
		}
	}

}
