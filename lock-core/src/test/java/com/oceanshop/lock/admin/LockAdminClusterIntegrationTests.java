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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.redisson.RedissonLockStore;
import com.oceanshop.lock.test.RedisClusterTopology;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link LockAdmin} on a three-master Redis Cluster: the cleanup
 * scans every master.
 */
class LockAdminClusterIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.cluster();

	private static final String OTHER_CLIENT = "0b7c6f0e-1111-4222-8333-944455556666";

	static RedissonClient redisson;

	static LockTemplate template;

	static LockAdmin admin;

	@BeforeAll
	static void createAdmin() {
		redisson = AdminRedisson.cluster(redis.clusterTopology().nodeUris());
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		template = LockTemplate.builder(provider).build();
		admin = LockAdmin.builder(template, new RedissonLockStore(provider)).build();
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	/**
	 * Find, for each master, a key {@code <prefix><n>} that lives on it.
	 */
	private static Map<RedisNode, String> keyPerMaster(RedisClusterTopology cluster, String prefix) {
		Map<RedisNode, String> keys = new HashMap<>();
		for (int n = 0; keys.size() < cluster.masters().size() && n < 10_000; n++) {
			String key = prefix + n;
			keys.putIfAbsent(cluster.masterForSlot(RedisClusterTopology.slot(key)), key);
		}
		assertThat(keys).hasSize(cluster.masters().size());
		return keys;
	}

	@Test
	void cleanupRemovesNoTtlLocksOnEveryMasterAndNothingElse() {
		RedisClusterTopology cluster = redis.clusterTopology();
		List<String> orphans = new ArrayList<>();
		List<String> survivors = new ArrayList<>();
		keyPerMaster(cluster, "lock:order:process:NO-TTL-").forEach((node, key) -> {
			node.call("HSET", key, OTHER_CLIENT + ":1", "1");
			orphans.add(key);
		});
		keyPerMaster(cluster, "locksmith:x:").forEach((node, key) -> {
			node.call("HSET", key, OTHER_CLIENT + ":1", "1");
			survivors.add(key);
		});
		keyPerMaster(cluster, "session:user:").forEach((node, key) -> {
			node.call("SET", key, "data");
			survivors.add(key);
		});
		keyPerMaster(cluster, "lock:config-").forEach((node, key) -> {
			node.call("SET", key, "keep");
			survivors.add(key);
		});
		for (String orphan : orphans) {
			String fence = "{" + orphan + "}:fence";
			cluster.masterForSlot(RedisClusterTopology.slot(fence)).call("SET", fence, "3");
			survivors.add(fence);
		}
		try (LockHandle live = template
			.acquire(LockRequest.builder("inventory:reserve:LIVE").leaseTime(Duration.ofSeconds(60)).build())) {
			LockCleanupReport report = admin.cleanup();
			assertThat(report.executed()).isTrue();
			assertThat(report.error()).isNull();
			assertThat(report.removed()).extracting(RemovedLock::redisKey).containsExactlyInAnyOrderElementsOf(orphans);
			assertThat(live.isHeld()).isTrue();
			assertThat(admin.inspect("inventory:reserve:LIVE").held()).isTrue();
		}
		for (String orphan : orphans) {
			assertThat(cluster.masterForSlot(RedisClusterTopology.slot(orphan)).call("EXISTS", orphan)).as(orphan)
				.isEqualTo(0L);
		}
		for (String survivor : survivors) {
			assertThat(cluster.masterForSlot(RedisClusterTopology.slot(survivor)).call("EXISTS", survivor)).as(survivor)
				.isEqualTo(1L);
		}
	}

	@Test
	void topologyListsTheMastersAndHealthIsUp() {
		RedisTopologySummary topology = admin.topology();
		assertThat(topology.mode()).isEqualTo("cluster");
		assertThat(topology.nodes()).hasSize(redis.clusterTopology().masters().size());
		LockHealth health = admin.health();
		assertThat(health.isUp()).as(health.toString()).isTrue();
	}

}
