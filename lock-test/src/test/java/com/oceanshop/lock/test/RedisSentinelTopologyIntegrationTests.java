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
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisSentinelTopology}.
 */
@Timeout(90)
class RedisSentinelTopologyIntegrationTests {

	@Test
	void startWaitsForReplicationAndSentinelDiscovery() {
		List<Long> pids;
		try (RedisSentinelTopology redis = RedisSentinelTopology.start()) {
			assertThat(redis.masterName()).isEqualTo("mymaster");
			assertThat(redis.replicas()).hasSize(1);
			assertThat(redis.sentinels()).hasSize(3);
			assertThat(redis.nodes()).hasSize(5);
			assertThat(redis.sentinelAddresses()).allMatch((address) -> address.startsWith("127.0.0.1:"))
				.doesNotHaveDuplicates();
			assertThat(redis.currentMasterAddress()).isEqualTo(redis.master().address());
			RedisNode replica = redis.replicas().get(0);
			assertThat(Topologies.infoField(replica.call("INFO", "replication"), "role")).isEqualTo("slave");
			for (RedisNode sentinel : redis.sentinels()) {
				assertThat(sentinel.call("SENTINEL", "CKQUORUM", "mymaster")).asString().startsWith("OK");
			}
			redis.master().call("SET", "key", "value");
			assertThat(redis.master().call("WAIT", "1", "5000")).isEqualTo(1L);
			assertThat(replica.call("GET", "key")).isEqualTo("value");
			redis.flushAll();
			assertThat(redis.master().call("DBSIZE")).isEqualTo(0L);
			pids = redis.nodes().stream().map(RedisNode::pid).toList();
		}
		assertThat(pids).allMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
	}

	@Test
	void killingMasterLeadsToNewMaster() {
		try (RedisSentinelTopology redis = RedisSentinelTopology.builder()
			.masterName("orders")
			.downAfter(Duration.ofMillis(1000))
			.failoverTimeout(Duration.ofSeconds(5))
			.start()) {
			String before = redis.currentMasterAddress();
			long start = System.nanoTime();
			redis.master().kill();
			String after = redis.awaitMasterChange(before, Duration.ofSeconds(30));
			System.out.printf("Sentinel failover took %d ms%n", (System.nanoTime() - start) / 1_000_000);
			RedisNode replica = redis.replicas().get(0);
			assertThat(after).isEqualTo(replica.address());
			assertThat(redis.currentMaster()).isSameAs(replica);
			Topologies.await("promoted replica", Duration.ofSeconds(10),
					() -> "master".equals(Topologies.infoField(replica.call("INFO", "replication"), "role"))
							? Boolean.TRUE : null,
					() -> Topologies.describe(redis.nodes()));
			assertThat(replica.call("SET", "key", "value")).isEqualTo("OK");
			assertThat(Optional.of(redis.master().isAlive())).contains(false);
		}
	}

}
