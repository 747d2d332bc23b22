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

package com.oceanshop.lock.test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RedisClusterTopology}.
 */
@Timeout(120)
class RedisClusterTopologyIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.cluster();

	@Test
	void startFormsHealthyCluster(RedisClusterTopology cluster) {
		assertThat(cluster.masters()).hasSize(3);
		assertThat(cluster.replicas()).hasSize(3);
		assertThat(cluster.nodeAddresses()).hasSize(6).doesNotHaveDuplicates();
		for (RedisNode node : cluster.nodes()) {
			Object info = node.call("CLUSTER", "INFO");
			assertThat(Topologies.infoField(info, "cluster_state")).isEqualTo("ok");
			assertThat(Topologies.infoField(info, "cluster_known_nodes")).isEqualTo("6");
			assertThat(Topologies.infoField(info, "cluster_slots_assigned")).isEqualTo("16384");
		}
		for (int i = 0; i < 3; i++) {
			assertThat(Topologies.infoField(cluster.replicas().get(i).call("INFO", "replication"), "master_port"))
				.isEqualTo(Integer.toString(cluster.masters().get(i).port()));
		}
		assertThat(cluster.currentMasters()).containsExactlyElementsOf(cluster.masters());
		cluster.awaitHealthy(Duration.ofSeconds(5));
	}

	@Test
	void slotAgreesWithRedis(RedisClusterTopology cluster) {
		RedisNode node = cluster.nodes().get(0);
		for (String key : List.of("foo", "lock:orders:42", "{orders}:42", "a{b}c", "foo{}{bar}", "{", "ü")) {
			assertThat((long) RedisClusterTopology.slot(key)).as(key).isEqualTo(node.call("CLUSTER", "KEYSLOT", key));
		}
	}

	@Test
	void keysInDifferentSlotsLandOnDifferentMasters(RedisClusterTopology cluster) {
		Set<RedisNode> owners = new HashSet<>();
		for (String key : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
			RedisNode owner = cluster.masterForSlot(RedisClusterTopology.slot(key));
			assertThat(owner.call("SET", key, "v")).isEqualTo("OK");
			owners.add(owner);
			RedisNode other = cluster.masters().stream().filter((node) -> node != owner).findFirst().orElseThrow();
			assertThatExceptionOfType(RedisCommandException.class).isThrownBy(() -> other.call("GET", key))
				.withMessage("MOVED " + RedisClusterTopology.slot(key) + " " + owner.address());
		}
		assertThat(owners).containsExactlyInAnyOrderElementsOf(cluster.masters());
		assertThat(cluster.masterForSlot(0)).isSameAs(cluster.masters().get(0));
		assertThat(cluster.masterForSlot(8000)).isSameAs(cluster.masters().get(1));
		assertThat(cluster.masterForSlot(16383)).isSameAs(cluster.masters().get(2));
		redis.flushAll();
		for (RedisNode master : cluster.masters()) {
			assertThat(master.call("DBSIZE")).isEqualTo(0L);
		}
	}

	@Test
	void killingMasterPromotesItsReplica() {
		List<Long> pids;
		try (RedisClusterTopology cluster = RedisClusterTopology.builder()
			.nodeTimeout(Duration.ofMillis(2000))
			.start()) {
			int slot = RedisClusterTopology.slot("lock:{orders}:42");
			RedisNode master = cluster.masterForSlot(slot);
			RedisNode replica = cluster.replicas().get(cluster.masters().indexOf(master));
			long start = System.nanoTime();
			master.kill();
			Topologies.await("failover of slot " + slot, Duration.ofSeconds(30),
					() -> (cluster.masterForSlot(slot) == replica) ? Boolean.TRUE : null,
					() -> Topologies.describe(cluster.nodes()));
			cluster.awaitHealthy(Duration.ofSeconds(30));
			System.out.printf("Cluster failover took %d ms%n", (System.nanoTime() - start) / 1_000_000);
			assertThat(replica.call("SET", "lock:{orders}:42", "token")).isEqualTo("OK");
			assertThat(cluster.currentMasters()).contains(replica).doesNotContain(master);
			master.restart();
			Topologies.await("old master rejoining as replica", Duration.ofSeconds(30),
					() -> "slave".equals(Topologies.infoField(master.call("INFO", "replication"), "role"))
							? Boolean.TRUE : null,
					() -> Topologies.describe(cluster.nodes()));
			cluster.awaitHealthy(Duration.ofSeconds(30));
			pids = cluster.nodes().stream().map(RedisNode::pid).toList();
		}
		assertThat(pids).allMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
	}

}
