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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link LockChannels}: the waiters of one instance that take turns
 * in the priority line of a lock another instance contends for share one lasting
 * subscription of the lock's channel, which is given up once idle.
 */
class LockChannelsIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static RedissonClient other;

	static LockTemplate template;

	static LockTemplate otherTemplate;

	@BeforeAll
	static void createClients() {
		redisson = create("waiters");
		other = create("holder");
		template = RedissonLockTemplates.create(redisson);
		otherTemplate = RedissonLockTemplates.create(other);
	}

	private static RedissonClient create(String name) {
		return NamedClients.create(redis.standaloneTopology().uri(), name);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
		other.shutdown();
	}

	@AfterEach
	void restoreLinger() {
		channels().setLinger(LockChannels.LINGER);
	}

	@Test
	void waitersOfOneInstanceTakingTurnsInLineSubscribeOnce() throws Exception {
		String key = "channels:turns:K1";
		LockRequest request = request(key);
		// Long enough that the turns below fit however slow the machine.
		channels().setLinger(Duration.ofSeconds(30));
		// Once first, so that the scripts are cached.
		template.acquire(request).close();
		otherTemplate.acquire(request).close();
		LockHandle held = otherTemplate.acquire(request);
		CompletableFuture<LockHandle> first = waitInLine(request);
		// Redisson may report the listener added before Redis ran the SUBSCRIBE (the
		// waiter's periodic try covers a release in between): wait for Redis's count.
		awaitUntil(() -> subscribers(key) == 1, "the first waiter's subscription is active");
		Map<String, List<String>> sent = SlowLog.sentByClientDuring(redis.standaloneTopology().node(), () -> {
			held.close();
			first.get(10, TimeUnit.SECONDS).close();
			// The other instance holds it again, and this instance's next waiter lines
			// up.
			LockHandle again = otherTemplate.acquire(request);
			CompletableFuture<LockHandle> second = waitInLine(request);
			again.close();
			second.get(10, TimeUnit.SECONDS).close();
		});
		// Subscribing and unsubscribing for each waiter would be two commands per turn.
		assertThat(sent.values().stream().flatMap(List::stream))
			.as("pub/sub commands while this instance's waiters took turns: %s", sent)
			.noneMatch((command) -> command.endsWith("subscribe"));
		assertThat(subscribers(key)).isEqualTo(1);
	}

	@Test
	void channelIsUnsubscribedOnceNoWaiterListenedForTheLinger() throws Exception {
		String key = "channels:idle:K1";
		LockRequest request = request(key);
		channels().setLinger(Duration.ofMillis(200));
		LockHandle held = otherTemplate.acquire(request);
		CompletableFuture<LockHandle> waiter = waitInLine(request);
		awaitUntil(() -> subscribers(key) == 1, "the waiter's subscription is active");
		held.close();
		waiter.get(10, TimeUnit.SECONDS).close();
		// Nothing of the lock is left, in Redis or in the instance, once idle.
		awaitUntil(() -> subscribers(key) == 0, "the idle channel is unsubscribed");
		awaitUntil(() -> !channels().isSubscribed(RedissonLockLayout.wakeChannel("lock:" + key, false)),
				"the idle channel is forgotten");
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
	}

	@Test
	void lingeringSubscriptionIsBackAfterRedisRestartsAndStillWakesTheNextWaiter() throws Exception {
		String key = "channels:restart:K1";
		LockRequest request = request(key);
		channels().setLinger(Duration.ofSeconds(60));
		LockHandle held = otherTemplate.acquire(request);
		CompletableFuture<LockHandle> first = waitInLine(request);
		awaitUntil(() -> subscribers(key) == 1, "the waiter's subscription is active");
		held.close();
		first.get(10, TimeUnit.SECONDS).close();
		// Idle and lingering when Redis restarts (empty: persistence is off).
		RedisNode node = redis.standaloneTopology().node();
		node.kill();
		node.restart();
		awaitUntil(() -> subscribers(key) == 1, "the lingering channel is subscribed again after the restart",
				Duration.ofSeconds(30));
		assertThat(channels().isSubscribed(RedissonLockLayout.wakeChannel("lock:" + key, false))).isTrue();
		// The next waiter of this instance listens on it, and is served.
		LockHandle again = otherTemplate.acquire(
				LockRequest.builder(key).leaseTime(Duration.ofSeconds(30)).waitTime(Duration.ofSeconds(20)).build());
		CompletableFuture<LockHandle> second = waitInLine(request);
		again.close();
		second.get(10, TimeUnit.SECONDS).close();
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
	}

	private static LockRequest request(String key) {
		return LockRequest.builder(key).leaseTime(Duration.ofSeconds(30)).waitTime(Duration.ofSeconds(10)).build();
	}

	// A caller of this instance that waits in the line in Redis behind the other
	// instance's hold.
	private static CompletableFuture<LockHandle> waitInLine(LockRequest request) throws InterruptedException {
		CompletableFuture<LockHandle> waiter = CompletableFuture.supplyAsync(() -> template.acquire(request));
		awaitUntil(() -> redisson
			.getScoredSortedSet(RedissonLockLayout.waitersKey("lock:" + request.key()), StringCodec.INSTANCE)
			.size() == 1, "the caller waits in line");
		return waiter;
	}

	private static LockChannels channels() {
		return ((RedissonLockProvider) template.getProvider()).lockChannels();
	}

	private static long subscribers(String key) {
		List<?> reply = (List<?>) redis.standaloneTopology()
			.node()
			.call("PUBSUB", "NUMSUB", RedissonLockLayout.wakeChannel("lock:" + key, false));
		return (Long) reply.get(1);
	}

	private static void awaitUntil(BooleanSupplier condition, String description) throws InterruptedException {
		awaitUntil(condition, description, Duration.ofSeconds(10));
	}

	private static void awaitUntil(BooleanSupplier condition, String description, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!ready(condition)) {
			assertThat(System.nanoTime() - deadline).as(description).isNegative();
			Thread.sleep(5);
		}
	}

	// A check that fails while Redis restarts is not met yet.
	private static boolean ready(BooleanSupplier condition) {
		try {
			return condition.getAsBoolean();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
