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

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.RedissonObject;
import org.redisson.api.RLock;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RReadWriteLock;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.redisson.config.Config;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.admin.LockStore;
import com.oceanshop.lock.test.RedisClusterTopology;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Contract tests for {@link RedissonLockLayout} and {@link RedissonScripts} (with the
 * scripts of {@link PriorityScripts} and {@link AdminScripts} that rely on Redisson's
 * layout): every fact they state about how Redisson stores a lock is checked here against
 * real Redisson objects on real Redis servers, and the whole class is pinned to the
 * Redisson version the facts were read from. A Redisson upgrade that moves a key, renames
 * a field or changes how waiters are woken fails here rather than in production.
 */
class RedissonLockLayoutContractIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	@RegisterExtension
	static final RedisExtension cluster = RedisExtension.cluster();

	private static final Duration LEASE = Duration.ofSeconds(10);

	static RedissonClient redisson;

	static RedissonClient clusterRedisson;

	@BeforeAll
	static void createClients() {
		Config config = new Config();
		config.setNettyThreads(4);
		config.useSingleServer().setAddress(redis.standaloneTopology().uri()).setTimeout(2000);
		redisson = Redisson.create(config);
		Config clusterConfig = new Config();
		clusterConfig.setNettyThreads(4);
		clusterConfig.useClusterServers()
			.addNodeAddress(cluster.clusterTopology().nodeUris().toArray(new String[0]))
			.setTimeout(2000);
		clusterRedisson = Redisson.create(clusterConfig);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
		clusterRedisson.shutdown();
	}

	@Test
	void redissonOnTheClassPathIsTheVersionTheLayoutWasCheckedAgainst() throws IOException {
		String version = redissonVersion();
		assertThat(version)
			.withFailMessage("Redisson %s is on the class path, but RedissonLockLayout and RedissonScripts describe "
					+ "Redisson %s. Re-check every key name, the holder field format, the permit id encoding, the "
					+ "publish command lookup and every script (each names the Redisson class it mirrors) against "
					+ "the sources of Redisson %s, run this test, then update RedissonLockLayout.REDISSON_VERSION.",
					version, RedissonLockLayout.REDISSON_VERSION, version)
			.isEqualTo(RedissonLockLayout.REDISSON_VERSION);
	}

	@Test
	void derivedKeyNamesFollowRedissonsOwnRules() {
		for (String name : List.of("lock:order:process:O-1", "lock:order:{tenant-1}:O-1")) {
			assertThat(RedissonLockLayout.suffixName(name, "fence"))
				.isEqualTo(RedissonObject.suffixName(name, "fence"));
			assertThat(RedissonLockLayout.prefixName("redisson_lock_queue", name))
				.isEqualTo(RedissonObject.prefixName("redisson_lock_queue", name));
		}
		assertThat(RedissonLockLayout.fenceKey("lock:a:b:c")).isEqualTo("{lock:a:b:c}:fence");
		assertThat(RedissonLockLayout.fenceKey("lock:a:{b}:c")).isEqualTo("lock:a:{b}:c:fence");
	}

	@Test
	void lockKeyIsTheKeyPrefixFollowedByTheLockKey() {
		RedissonLockProvider provider = new RedissonLockProvider(redisson, "shop:");
		try {
			LockTemplate template = LockTemplate.builder(provider).build();
			assertThat(provider.redisKey(LockKey.parse("contract:prefix:1")))
				.isEqualTo(RedissonLockLayout.lockKey("shop:", "contract:prefix:1"))
				.isEqualTo("shop:contract:prefix:1");
			try (LockHandle handle = template
				.acquire(LockRequest.builder("contract:prefix:1").leaseTime(LEASE).build())) {
				assertThat(hgetall("shop:contract:prefix:1")).hasSize(1);
			}
		}
		finally {
			provider.close();
		}
	}

	@Test
	void exclusiveLockHashHasOneFieldPerHolderCountingItsHolds() {
		String name = "lock:contract:exclusive:1";
		RLock lock = redisson.getLock(name);
		lock.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		lock.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		try {
			String holder = RedissonLockLayout.holder(redisson.getId(), Thread.currentThread().getId(), false);
			assertThat(hgetall(name)).containsExactly(Map.entry(holder, "2"));
			assertThat(RedissonLockLayout.parseHolder(holder))
				.isEqualTo(new RedissonLockLayout.Holder(redisson.getId(), Thread.currentThread().getId(), false));
			assertThat(RedissonFencing.lockToken(redisson, "contract:exclusive:1", name, holder)).isEqualTo(1);
			assertThat(RedissonFencing.lockToken(redisson, "contract:exclusive:1", name, holder)).isEqualTo(2);
			assertThat(standalone().call("GET", RedissonLockLayout.fenceKey(name))).isEqualTo("2");
		}
		finally {
			lock.unlock();
			lock.unlock();
		}
	}

	@Test
	void fairLockHashHasOneFieldPerHolder() {
		String name = "lock:contract:fair:1";
		RLock lock = redisson.getFairLock(name);
		lock.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		try {
			String holder = RedissonLockLayout.holder(redisson.getId(), Thread.currentThread().getId(), false);
			assertThat(hgetall(name)).containsExactly(Map.entry(holder, "1"));
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void writeLockHolderEndsWithWriteAndModeIsWrite() {
		String name = "lock:contract:write:1";
		RLock lock = redisson.getReadWriteLock(name).writeLock();
		lock.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		try {
			long threadId = Thread.currentThread().getId();
			String holder = RedissonLockLayout.holder(redisson.getId(), threadId, true);
			assertThat(holder).endsWith(":write");
			assertThat(hgetall(name)).containsOnly(
					Map.entry(RedissonLockLayout.MODE_FIELD, RedissonLockLayout.MODE_WRITE), Map.entry(holder, "1"));
			assertThat(RedissonLockLayout.parseHolder(holder))
				.isEqualTo(new RedissonLockLayout.Holder(redisson.getId(), threadId, true));
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void orphanRemovalDeletesOnlyALockStillHeldAsTheScanSawIt() throws Exception {
		String name = "lock:contract:orphan:1";
		RLock lock = redisson.getReadWriteLock(name).writeLock();
		lock.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		String holder = RedissonLockLayout.holder(redisson.getId(), Thread.currentThread().getId(), true);
		assertThat(RedissonLockLayout.lockHolders(hgetall(name))).containsExactly(holder);
		assertThat(RedissonLockLayout.lockHolders(Map.of("not-a-holder", "1"))).isEmpty();
		RedissonOrphanScanner scanner = new RedissonOrphanScanner(redisson, "lock:");
		LockStore.StoredLock seen = scanner.readCandidate(name);
		assertThat(seen).isNotNull();
		assertThat(seen.holders()).containsExactly(holder);
		assertThat(seen.ttlMillis()).isBetween(1L, LEASE.toMillis());
		assertThat(seen.expiresAt()).isCloseTo(System.currentTimeMillis() + seen.ttlMillis(), within(5_000L));
		// The expiry as an absolute time stays put while nobody renews the lock.
		assertThat(scanner.readCandidate(name).expiresAt()).isCloseTo(seen.expiresAt(),
				within(RedissonOrphanScanner.EXPIRY_TOLERANCE_MILLIS));
		assertThat(scanner.removeIfUnchanged(
				new LockStore.StoredLock(name, List.of("other-client:1:write"), seen.ttlMillis(), seen.expiresAt())))
			.isFalse();
		assertThat(scanner.removeIfUnchanged(new LockStore.StoredLock(name, List.of(holder), -1, -1)))
			.as("has an expiry")
			.isFalse();
		// Re-entry sets the expiry again with pexpire, as a renewal does: a live holder.
		Thread.sleep(RedissonOrphanScanner.EXPIRY_TOLERANCE_MILLIS * 3);
		lock.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(scanner.removeIfUnchanged(seen)).as("renewed").isFalse();
		LockStore.StoredLock renewed = scanner.readCandidate(name);
		assertThat(renewed.expiresAt()).isGreaterThan(seen.expiresAt() + RedissonOrphanScanner.EXPIRY_TOLERANCE_MILLIS);
		assertThat(scanner.removeIfUnchanged(renewed)).isTrue();
		assertThat(redisson.getKeys().countExists(name)).isZero();
		assertThat(lock.isLocked()).isFalse();
	}

	@Test
	void readLockKeepsOneTimeoutKeyPerReentrantHoldThatRenewalExtends() {
		String name = "lock:contract:read:1";
		RReadWriteLock readWriteLock = redisson.getReadWriteLock(name);
		RLock lock = readWriteLock.readLock();
		lock.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		lock.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		try {
			String holder = RedissonLockLayout.holder(redisson.getId(), Thread.currentThread().getId(), false);
			assertThat(hgetall(name)).containsOnly(
					Map.entry(RedissonLockLayout.MODE_FIELD, RedissonLockLayout.MODE_READ), Map.entry(holder, "2"));
			for (int hold = 1; hold <= 2; hold++) {
				String timeoutKey = RedissonLockLayout.readTimeoutKey(name, holder, hold);
				assertThat(timeoutKey)
					.isEqualTo(RedissonLockLayout.readTimeoutPrefix(name) + ":" + holder + ":rwlock_timeout:" + hold);
				assertThat(pttl(timeoutKey)).isBetween(1L, LEASE.toMillis());
			}
			List<Object> renewed = redisson.getScript(LongCodec.INSTANCE)
				.eval(name, RScript.Mode.READ_WRITE, RedissonScripts.RENEW_LOCKS, RScript.ReturnType.LIST,
						List.of(name, RedissonLockLayout.readTimeoutPrefix(name)), 60_000L, holder, 1L);
			assertThat(renewed).containsExactly(1L);
			for (int hold = 1; hold <= 2; hold++) {
				assertThat(pttl(RedissonLockLayout.readTimeoutKey(name, holder, hold))).isGreaterThan(LEASE.toMillis());
			}
			assertThat(pttl(name)).isGreaterThan(LEASE.toMillis());
		}
		finally {
			lock.unlock();
			lock.unlock();
		}
	}

	@Test
	void semaphoreKeepsItsHeldPermitsAsIdBytesInItsTimeoutSet() throws InterruptedException {
		String name = "lock:contract:semaphore:1";
		RPermitExpirableSemaphore semaphore = redisson.getPermitExpirableSemaphore(name);
		semaphore.trySetPermits(2);
		long before = System.currentTimeMillis();
		List<String> permitIds = semaphore.tryAcquire(1, 0, LEASE.toMillis(), TimeUnit.MILLISECONDS);
		try {
			assertThat(permitIds).hasSize(1);
			String permitId = permitIds.get(0);
			assertThat(standalone().call("TYPE", name)).isEqualTo("string");
			assertThat(standalone().call("GET", name)).isEqualTo("1");
			Collection<ScoredEntry<byte[]>> held = redisson
				.<byte[]>getScoredSortedSet(RedissonLockLayout.semaphoreTimeoutKey(name), ByteArrayCodec.INSTANCE)
				.entryRange(0, true, Double.POSITIVE_INFINITY, true);
			assertThat(held).hasSize(1);
			ScoredEntry<byte[]> permit = held.iterator().next();
			assertThat(permit.getValue()).isEqualTo(RedissonLockLayout.permitIdBytes(permitId));
			assertThat(RedissonLockLayout.permitId(permit.getValue())).isEqualTo(permitId);
			assertThat(permit.getScore().longValue()).isBetween(before, System.currentTimeMillis() + LEASE.toMillis());
			assertThat(RedissonFencing.permitToken(redisson, "contract:semaphore:1", name, permitIds)).isEqualTo(1);
		}
		finally {
			semaphore.release(permitIds.get(0));
		}
	}

	@Test
	void semaphoreWaiterListensOnTheSemaphoreChannel() throws Exception {
		String name = "lock:contract:semaphore:channel";
		RPermitExpirableSemaphore semaphore = redisson.getPermitExpirableSemaphore(name);
		semaphore.trySetPermits(1);
		String permitId = semaphore.acquire(LEASE.toMillis(), TimeUnit.MILLISECONDS);
		CompletableFuture<List<String>> waiter = CompletableFuture
			.supplyAsync(() -> tryAcquire(semaphore, Duration.ofSeconds(30)));
		String channel = RedissonLockLayout.semaphoreChannel(name);
		awaitUntil(() -> {
			List<?> channels = (List<?>) standalone().call("PUBSUB", "CHANNELS", channel);
			return channels != null && !channels.isEmpty();
		}, "the semaphore waiter subscribed to " + channel);
		semaphore.release(permitId);
		List<String> permitIds = waiter.get(15, TimeUnit.SECONDS);
		assertThat(permitIds).hasSize(1);
		semaphore.release(permitIds.get(0));
	}

	private static List<String> tryAcquire(RPermitExpirableSemaphore semaphore, Duration wait) {
		try {
			return semaphore.tryAcquire(1, wait.toMillis(), LEASE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of();
		}
	}

	@Test
	void fairWaiterIsQueuedAndWokenOnItsChannelWithThePublishCommand() throws Exception {
		String publishCommand = RedissonLockLayout.publishCommand(redisson);
		assertThat(publishCommand).isEqualToIgnoringCase("publish");
		assertFairWaiterLayout(redisson, "lock:contract:fair:waiter", publishCommand, (channel) -> {
			List<?> channels = (List<?>) standalone().call("PUBSUB", "CHANNELS", channel);
			return channels != null && !channels.isEmpty();
		}, (key) -> standalone().call(key));
	}

	@Test
	void fairWaiterInAClusterListensOnAShardChannelWokenWithThePublishCommand() throws Exception {
		String name = "lock:contract:fair:cluster";
		String publishCommand = RedissonLockLayout.publishCommand(clusterRedisson);
		assertThat(publishCommand).isEqualToIgnoringCase("spublish");
		RedisNode master = cluster.clusterTopology().masterForSlot(RedisClusterTopology.slot(name));
		assertFairWaiterLayout(clusterRedisson, name, publishCommand, (channel) -> {
			List<?> channels = (List<?>) master.call("PUBSUB", "SHARDCHANNELS", channel);
			return channels != null && !channels.isEmpty();
		}, master::call);
	}

	@Test
	void releasesPublishOnTheChannelThePriorityLineListensOn() throws Exception {
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		try {
			LockTemplate template = LockTemplate.builder(provider).build();
			for (LockType type : List.of(LockType.EXCLUSIVE, LockType.FAIR, LockType.WRITE, LockType.READ)) {
				String key = "contract:wake:" + type.tagValue();
				String name = RedissonLockLayout.lockKey(provider.getKeyPrefix(), key);
				// The last reader's release wakes a waiting writer on the write channel.
				RTopic topic = redisson.getTopic(
						RedissonLockLayout.wakeChannel(name, type != LockType.EXCLUSIVE && type != LockType.FAIR),
						LongCodec.INSTANCE);
				CountDownLatch published = new CountDownLatch(1);
				int listener = topic.addListener(Object.class, (channel, message) -> published.countDown());
				try {
					// Redisson's unlock (exclusive, read, write) and this project's fair
					// release.
					template.acquire(LockRequest.builder(key).type(type).leaseTime(LEASE).build()).close();
					assertThat(published.await(10, TimeUnit.SECONDS)).as(type + " release publishes").isTrue();
				}
				finally {
					topic.removeListener(listener);
				}
			}
		}
		finally {
			provider.close();
		}
	}

	@Test
	void everyKeyDerivedFromALockSharesItsClusterSlot() {
		RedisNode node = cluster.clusterTopology().masters().get(0);
		for (String name : List.of("lock:order:process:O-1", "lock:order:{tenant-1}:O-1")) {
			long slot = (Long) node.call("CLUSTER", "KEYSLOT", name);
			assertThat(RedissonLockLayout.clusterSlot(name)).as(name).isEqualTo(slot);
			String holder = RedissonLockLayout.holder(clusterRedisson.getId(), 1, false);
			for (String derived : List.of(RedissonLockLayout.fenceKey(name), RedissonLockLayout.fairQueueKey(name),
					RedissonLockLayout.fairTimeoutKey(name), RedissonLockLayout.fairWaiterChannel(name, holder),
					RedissonLockLayout.readTimeoutKey(name, holder, 1), RedissonLockLayout.semaphoreTimeoutKey(name),
					RedissonLockLayout.semaphoreChannel(name), RedissonLockLayout.unlockLatchKey(name, "r-1"),
					RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name),
					RedissonLockLayout.wakeChannel(name, false), RedissonLockLayout.wakeChannel(name, true))) {
				assertThat(node.call("CLUSTER", "KEYSLOT", derived)).as(derived).isEqualTo(slot);
				assertThat(RedissonLockLayout.clusterSlot(derived)).as(derived).isEqualTo(slot);
			}
		}
	}

	private void assertFairWaiterLayout(RedissonClient client, String name, String publishCommand,
			Predicate<String> subscribed, Function<String[], @Nullable Object> call) throws Exception {
		RLock lock = client.getFairLock(name);
		lock.lock(60, TimeUnit.SECONDS);
		String holder = RedissonLockLayout.holder(client.getId(), Thread.currentThread().getId(), false);
		CompletableFuture<Long> waiterThread = new CompletableFuture<>();
		CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
			waiterThread.complete(Thread.currentThread().getId());
			try {
				boolean acquired = client.getFairLock(name).tryLock(30, 10, TimeUnit.SECONDS);
				if (acquired) {
					client.getFairLock(name).unlock();
				}
				return acquired;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});
		String waiterHolder = RedissonLockLayout.holder(client.getId(), waiterThread.get(10, TimeUnit.SECONDS), false);
		String channel = RedissonLockLayout.fairWaiterChannel(name, waiterHolder);
		awaitUntil(() -> subscribed.test(channel), "the fair waiter subscribed to " + channel);
		assertThat(call.apply(new String[] { "LRANGE", RedissonLockLayout.fairQueueKey(name), "0", "-1" }))
			.isEqualTo(List.of(waiterHolder));
		// The waiter's turn times out its own wait time (30 s) after the holder's lease
		// (60 s): FAIR_LEAVE_QUEUE moves the waiters behind a leaving one up by as much.
		Object timeout = call.apply(new String[] { "ZSCORE", RedissonLockLayout.fairTimeoutKey(name), waiterHolder });
		assertThat(timeout).isNotNull();
		long turnLeft = (long) Double.parseDouble(timeout.toString()) - System.currentTimeMillis();
		assertThat(turnLeft).isBetween(80_000L, 90_000L);
		List<Object> keys = List.of(name, RedissonLockLayout.fairQueueKey(name),
				RedissonLockLayout.fairTimeoutKey(name), RedissonLockLayout.fairChannelPrefix(name),
				RedissonLockLayout.unlockLatchKey(name, RedissonLockLayout.randomId()));
		Object[] args = { 0L, 60_000L, holder, System.currentTimeMillis(), publishCommand, 10_000L };
		Long released = client.getScript(LongCodec.INSTANCE)
			.eval(name, RScript.Mode.READ_WRITE, ReleaseScripts.FAIR_UNLOCK, RScript.ReturnType.LONG, keys, args);
		assertThat(released).isEqualTo(1L);
		// Sent again with the same request id, the release reports the same outcome.
		assertThat(client.getScript(LongCodec.INSTANCE)
			.<Long>eval(name, RScript.Mode.READ_WRITE, ReleaseScripts.FAIR_UNLOCK, RScript.ReturnType.LONG, keys, args))
			.isEqualTo(1L);
		// Without the wake-up message the waiter would sleep until the holder's 60 s
		// lease
		// ran out, well past this bound.
		assertThat(waiter.get(15, TimeUnit.SECONDS)).isTrue();
	}

	private static RedisNode standalone() {
		return redis.standaloneTopology().node();
	}

	private static Map<String, String> hgetall(String key) {
		List<?> reply = (List<?>) standalone().call("HGETALL", key);
		Map<String, String> fields = new HashMap<>();
		for (int i = 0; reply != null && i + 1 < reply.size(); i += 2) {
			fields.put((String) reply.get(i), (String) reply.get(i + 1));
		}
		return fields;
	}

	private static long pttl(String key) {
		return (Long) standalone().call("PTTL", key);
	}

	private static void awaitUntil(BooleanSupplier condition, String description) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting until " + description);
			}
			Thread.sleep(10);
		}
	}

	private static String redissonVersion() throws IOException {
		String version = Redisson.class.getPackage().getImplementationVersion();
		if (version != null) {
			return version;
		}
		Properties properties = new Properties();
		try (InputStream pom = Redisson.class
			.getResourceAsStream("/META-INF/maven/org.redisson/redisson/pom.properties")) {
			if (pom != null) {
				properties.load(pom);
			}
		}
		return properties.getProperty("version", "unknown");
	}

}
