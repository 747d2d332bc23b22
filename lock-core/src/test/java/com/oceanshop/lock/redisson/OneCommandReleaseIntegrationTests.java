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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RReadWriteLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.config.Config;
import org.redisson.pubsub.LockPubSub;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the one-command releases of {@link RedissonScripts}: an
 * exclusive, write or read lock is released with one command (Redisson's unlock sends a
 * second one, the DEL of its unlock latch), a re-run release never releases another
 * holder's lock, and plain Redisson waiters are still woken by the release.
 */
class OneCommandReleaseIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static RedissonClient other;

	static LockTemplate template;

	@BeforeAll
	static void createClients() {
		redisson = create();
		other = create();
		template = RedissonLockTemplates.create(redisson);
	}

	private static RedissonClient create() {
		Config config = new Config();
		config.useSingleServer().setAddress(redis.standaloneTopology().uri()).setTimeout(2000);
		return Redisson.create(config);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
		other.shutdown();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "WRITE", "READ" })
	void releaseSendsOneCommand(LockType type) throws Exception {
		String key = "one-command:release:" + type.tagValue();
		LockRequest request = LockRequest.builder(key).type(type).leaseTime(Duration.ofSeconds(30)).build();
		// Once released already, so the release script is cached (EVALSHA, no NOSCRIPT).
		template.acquire(request).close();
		LockHandle handle = template.acquire(request);
		RedisNode node = redis.standaloneTopology().node();
		node.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
		node.call("SLOWLOG", "RESET");
		try {
			handle.close();
			// Redisson's unlock sends its latch DEL after the release completed, without
			// waiting for it: give it time to arrive before counting.
			Thread.sleep(300);
			assertThat(SlowLog.sent(node)).as("commands sent to release a %s lock", type).containsExactly("evalsha");
		}
		finally {
			node.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
		}
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "WRITE", "READ" })
	void reRunReleaseReportsTheFirstOutcomeAndLeavesTheNextHolderAlone(LockType type) {
		String key = "one-command:rerun:" + type.tagValue();
		String name = "lock:" + key;
		LockRequest request = LockRequest.builder(key).type(type).leaseTime(Duration.ofSeconds(30)).build();
		LockHandle first = template.acquire(request);
		String holder = onlyHolder(name);
		first.close();
		LockHandle next = template.acquire(request);
		try {
			// The release of the first holder again, as Redisson re-sends it after a
			// lost reply: it reports the first run's outcome and touches nothing.
			assertThat(release(type, name, holder)).isEqualTo(1L);
			assertThat(next.isHeld()).isTrue();
			assertThat(redisson.getMap(name, LongCodec.INSTANCE).containsKey(onlyHolder(name))).isTrue();
			// A holder that never released (its lock expired or was taken away) is told
			// so.
			assertThat(release(type, name, holder + "0")).isEqualTo(-1L);
			assertThat(next.isHeld()).isTrue();
		}
		finally {
			next.close();
		}
		assertThat(redisson.getKeys().countExists(name)).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "WRITE", "READ" })
	void releaseWakesAPlainRedissonWaiter(LockType type) throws Exception {
		String key = "one-command:wake:" + type.tagValue();
		String name = "lock:" + key;
		LockHandle handle = template
			.acquire(LockRequest.builder(key).type(type).leaseTime(Duration.ofSeconds(30)).build());
		RLock waiter;
		String channel;
		if (type == LockType.EXCLUSIVE) {
			waiter = other.getLock(name);
			channel = RedissonLockLayout.lockChannel(name);
		}
		else {
			RReadWriteLock lock = other.getReadWriteLock(name);
			waiter = lock.writeLock();
			channel = RedissonLockLayout.readWriteChannel(name);
		}
		// Shorter than the 30 s lease: only the release's message can let it in.
		CompletableFuture<Boolean> taken = waiter.tryLockAsync(10, 1, TimeUnit.SECONDS, 77L).toCompletableFuture();
		RedisNode node = redis.standaloneTopology().node();
		awaitUntil(() -> {
			List<?> numsub = (List<?>) node.call("PUBSUB", "NUMSUB", channel);
			return numsub != null && ((Long) numsub.get(1)) > 0;
		}, "the Redisson waiter subscribed to " + channel);
		assertThat(taken).isNotDone();
		handle.close();
		assertThat(taken.get(10, TimeUnit.SECONDS)).isTrue();
		waiter.unlockAsync(77L).toCompletableFuture().get(5, TimeUnit.SECONDS);
	}

	@Test
	void releaseRecordExpiresByItself() {
		String key = "one-command:record:R-1";
		String name = "lock:" + key;
		template.acquire(LockRequest.builder(key).leaseTime(Duration.ofSeconds(30)).build()).close();
		long pttl = redisson.getBucket(RedissonLockLayout.releasedKey(name)).remainTimeToLive();
		// As long as Redisson may re-send the release (response timeout plus retry delay
		// per attempt), not for good.
		assertThat(pttl).isPositive().isLessThan(Duration.ofMinutes(1).toMillis());
	}

	private static long release(LockType type, String name, String holder) {
		String script;
		List<Object> keys;
		Long message = LockPubSub.UNLOCK_MESSAGE;
		if (type == LockType.EXCLUSIVE) {
			script = ReleaseScripts.EXCLUSIVE_RELEASE;
			keys = List.of(name, RedissonLockLayout.lockChannel(name), RedissonLockLayout.releasedKey(name));
		}
		else if (type == LockType.WRITE) {
			script = ReleaseScripts.WRITE_RELEASE;
			keys = List.of(name, RedissonLockLayout.readWriteChannel(name), RedissonLockLayout.releasedKey(name),
					RedissonLockLayout.waitersKey(name));
			message = LockPubSub.READ_UNLOCK_MESSAGE;
		}
		else {
			script = ReleaseScripts.READ_RELEASE;
			keys = List.of(name, RedissonLockLayout.readWriteChannel(name),
					RedissonLockLayout.readHolderTimeoutPrefix(name, holder),
					RedissonLockLayout.readTimeoutPrefix(name), RedissonLockLayout.releasedKey(name));
		}
		Long result = redisson.getScript(LongCodec.INSTANCE)
			.eval(name, RScript.Mode.READ_WRITE, script, RScript.ReturnType.LONG, keys, message, holder, "publish",
					60_000L, "", 0L);
		return result;
	}

	private static String onlyHolder(String name) {
		List<String> holders = redisson.<String, String>getMap(name, org.redisson.client.codec.StringCodec.INSTANCE)
			.readAllKeySet()
			.stream()
			.filter((field) -> !field.equals(RedissonLockLayout.MODE_FIELD))
			.toList();
		assertThat(holders).hasSize(1);
		return holders.get(0);
	}

	private static void awaitUntil(BooleanSupplier condition, String description) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as(description).isNegative();
			Thread.sleep(10);
		}
	}

}
