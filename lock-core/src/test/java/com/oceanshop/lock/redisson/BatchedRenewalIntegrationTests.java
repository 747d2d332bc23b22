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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the batched renewal of {@link RenewalScheduler}: many held locks
 * cost a handful of commands per renewal period, each hold still learns its own outcome,
 * and nothing stays registered once the locks are released.
 */
class BatchedRenewalIntegrationTests {

	@RegisterExtension
	static final RedisExtension standalone = RedisExtension.standalone();

	@RegisterExtension
	static final RedisExtension cluster = RedisExtension.cluster();

	private static final long RENEWAL_TIMEOUT_MILLIS = 1500;

	private static final long PERIOD_MILLIS = RENEWAL_TIMEOUT_MILLIS / 3;

	@Test
	void thousandHeldLocksAreRenewedWithAHandfulOfCommandsPerPeriod() throws Exception {
		RedisNode node = standalone.standaloneTopology().node();
		Config config = config();
		config.useSingleServer().setAddress(standalone.standaloneTopology().uri()).setTimeout(2000);
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			keys.add("renewal:batch:R-" + i);
		}
		// Exclusive, write and read locks: every kind that one script renews.
		assertBatchedRenewal(config, keys, List.of(node));
	}

	@Test
	void heldLocksInAClusterAreRenewedWithOneCommandPerSlotGroupPerPeriod() throws Exception {
		Config config = config();
		config.useClusterServers()
			.addNodeAddress(cluster.clusterTopology().nodeUris().toArray(new String[0]))
			.setTimeout(2000);
		// Lock keys have no hash tag, so they spread over the slots; these ids are chosen
		// so that 300 keys fall into 6 slots (on every master), which one script each may
		// renew together.
		List<String> keys = keysInFewSlots(300, 6);
		assertBatchedRenewal(config, keys, cluster.clusterTopology().masters());
	}

	@Test
	void heldSemaphorePermitsAreRenewedInBatchesToo() throws Exception {
		RedisNode node = standalone.standaloneTopology().node();
		Config config = config();
		config.useSingleServer().setAddress(standalone.standaloneTopology().uri()).setTimeout(2000);
		RedissonClient redisson = Redisson.create(config);
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		try {
			LockTemplate template = LockTemplate.builder(provider).build();
			List<LockHandle> handles = new ArrayList<>();
			List<String> keys = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				String key = "renewal:batch:S-" + i;
				keys.add(key);
				// Two permits each: Redisson's updateLeaseTime costs one command per
				// permit.
				handles.add(template.acquire(LockRequest.builder(key)
					.type(LockType.SEMAPHORE)
					.maxPermits(3)
					.permits(2)
					.autoRenew()
					.build()));
			}
			int groups = groups(keys, false);
			node.call("CONFIG", "RESETSTAT");
			long start = System.nanoTime();
			// Longer than the renewal timeout: every permit must have been renewed to
			// live.
			Thread.sleep(RENEWAL_TIMEOUT_MILLIS + PERIOD_MILLIS);
			long scripts = scriptCalls(List.of(node));
			long ticks = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / PERIOD_MILLIS + 1;
			assertThat(scripts).as("script calls for %d held semaphores over %d ticks", keys.size(), ticks)
				.isPositive()
				.isLessThanOrEqualTo(ticks * groups);
			assertThat(handles).allMatch(LockHandle::isHeld);
			long now = System.currentTimeMillis();
			for (String key : keys) {
				String timeouts = RedissonLockLayout.semaphoreTimeoutKey("lock:" + key);
				List<?> scored = (List<?>) node.call("ZRANGE", timeouts, "0", "-1", "WITHSCORES");
				assertThat(scored).as(key).hasSize(4);
				assertThat(Double.parseDouble(String.valueOf(scored.get(1)))).as(key).isGreaterThan(now);
			}
			handles.forEach(LockHandle::close);
			assertThat(provider.renewalCount()).isZero();
		}
		finally {
			provider.close();
			redisson.shutdown();
		}
	}

	private void assertBatchedRenewal(Config config, List<String> keys, List<RedisNode> masters) throws Exception {
		RedissonClient redisson = Redisson.create(config);
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		try {
			LockTemplate template = LockTemplate.builder(provider).build();
			List<LockHandle> handles = new ArrayList<>();
			LockType[] types = { LockType.EXCLUSIVE, LockType.WRITE, LockType.READ };
			for (int i = 0; i < keys.size(); i++) {
				handles.add(template.acquire(LockRequest.builder(keys.get(i)).type(types[i % 3]).autoRenew().build()));
			}
			int groups = groups(keys, redisson.getConfig().isClusterConfig());
			masters.forEach((master) -> master.call("CONFIG", "RESETSTAT"));
			long start = System.nanoTime();
			// Longer than the renewal timeout: every lock must have been renewed to live.
			Thread.sleep(RENEWAL_TIMEOUT_MILLIS + PERIOD_MILLIS);
			long scripts = scriptCalls(masters);
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			long ticks = elapsedMillis / PERIOD_MILLIS + 1;
			assertThat(scripts).as("script calls for %d held locks over %d ticks", keys.size(), ticks)
				.isPositive()
				.isLessThanOrEqualTo(ticks * groups);
			assertThat(handles).allMatch(LockHandle::isHeld);
			for (String key : keys) {
				assertThat(pttl(masters, "lock:" + key)).as(key).isPositive();
			}

			// One lock vanishes (an operator's force release): only its hold learns it.
			LockHandle victim = handles.get(keys.size() / 2);
			String victimKey = "lock:" + keys.get(keys.size() / 2);
			masters.forEach((master) -> delete(master, victimKey));
			awaitUntil(() -> !victim.isHeld(), "the lost lock is reported");
			Thread.sleep(RENEWAL_TIMEOUT_MILLIS + PERIOD_MILLIS);
			for (int i = 0; i < handles.size(); i++) {
				if (handles.get(i) != victim) {
					assertThat(handles.get(i).isHeld()).as(keys.get(i)).isTrue();
					assertThat(pttl(masters, "lock:" + keys.get(i))).as(keys.get(i)).isPositive();
				}
			}
			assertThat(provider.renewalCount()).isEqualTo(keys.size() - 1);

			for (LockHandle handle : handles) {
				try {
					handle.close();
				}
				catch (LockLostException ex) {
					assertThat(handle).isSameAs(victim);
				}
			}
			assertThat(provider.renewalCount()).isZero();
			assertThat(provider.localQueueCount()).isZero();
		}
		finally {
			provider.close();
			redisson.shutdown();
		}
	}

	private static Config config() {
		Config config = new Config();
		config.setLockWatchdogTimeout(RENEWAL_TIMEOUT_MILLIS);
		config.setNettyThreads(4);
		return config;
	}

	private static int groups(List<String> keys, boolean inCluster) {
		return RenewalBatches.groups(keys, (key) -> new RenewalBatches.LockTarget("lock:" + key, "h", false), inCluster)
			.size();
	}

	private static List<String> keysInFewSlots(int count, int slots) {
		Set<Integer> chosen = new HashSet<>();
		List<String> keys = new ArrayList<>();
		for (int n = 0; keys.size() < count; n++) {
			String key = "renewal:batch:C-" + n;
			int slot = RedissonLockLayout.clusterSlot("lock:" + key);
			if (chosen.contains(slot) || (chosen.size() < slots && slot % (16384 / slots) == 0)) {
				chosen.add(slot);
				keys.add(key);
			}
		}
		return keys;
	}

	private static long scriptCalls(List<RedisNode> masters) {
		long calls = 0;
		for (RedisNode master : masters) {
			String stats = String.valueOf(master.call("INFO", "commandstats"));
			for (String line : stats.split("\r?\n")) {
				if (line.startsWith("cmdstat_eval:") || line.startsWith("cmdstat_evalsha:")) {
					int start = line.indexOf("calls=") + "calls=".length();
					calls += Long.parseLong(line.substring(start, line.indexOf(',', start)));
				}
			}
		}
		return calls;
	}

	private static long pttl(List<RedisNode> masters, String key) {
		long pttl = -2;
		for (RedisNode master : masters) {
			try {
				pttl = Math.max(pttl, (Long) master.call("PTTL", key));
			}
			catch (RuntimeException ex) {
				// MOVED: the key lives on another master.
			}
		}
		return pttl;
	}

	private static void delete(RedisNode master, String key) {
		try {
			master.call("DEL", key);
		}
		catch (RuntimeException ex) {
			// MOVED: the key lives on another master.
		}
	}

	private static void awaitUntil(BooleanSupplier condition, String description) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as(description).isNegative();
			Thread.sleep(20);
		}
	}

}
