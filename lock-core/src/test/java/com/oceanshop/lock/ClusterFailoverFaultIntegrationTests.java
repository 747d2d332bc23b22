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

package com.oceanshop.lock;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.oceanshop.lock.test.RedisClusterTopology;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: the Cluster master that owns a lock's slot is killed while 4 threads take and
 * release that lock. Figure: time until the replica is promoted and acquisitions in that
 * slot succeed again. Pass: within 30 seconds.
 */
class ClusterFailoverFaultIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.cluster();

	@Test
	void locksInTheKilledMastersSlotsWorkAgainAfterPromotion() throws Exception {
		RedisClusterTopology topology = redis.clusterTopology();
		RedisNode victim = topology.masters().get(0);
		String key = null;
		for (int i = 0; key == null; i++) {
			String candidate = "test:cluster-failover:" + i;
			if (topology.masterForSlot(RedisClusterTopology.slot("lock:" + candidate)).port() == victim.port()) {
				key = candidate;
			}
		}
		String lockKey = key;
		try (LoadLoop load = LoadLoop.start(redis.client(), 4,
				(t) -> LockRequest.builder(lockKey)
					.waitTime(Duration.ofSeconds(2))
					// A short lease: a holder whose release failed during the failover
					// keeps its
					// lock on the promoted node until the lease runs out.
					.leaseTime(Duration.ofSeconds(3))
					.build(),
				Duration.ofSeconds(90))) {
			load.awaitMoreSuccesses("some locks were taken", 50, Duration.ofSeconds(20));
			victim.kill();
			long killed = System.nanoTime();
			long recoveredMillis = load.awaitSuccessAfter("a lock was taken after the failover", killed,
					Duration.ofSeconds(30));
			load.awaitMoreSuccesses("locks keep working on the promoted replica", 50, Duration.ofSeconds(20));
			load.close();
			RedisNode promoted = topology.masterForSlot(RedisClusterTopology.slot("lock:" + lockKey));
			FaultFigures.print("5 cluster master killed",
					"master " + victim.address() + " killed; slot now on " + promoted.address()
							+ "; first acquisition after the kill at " + recoveredMillis + " ms; " + load.figures());
			assertThat(promoted.port()).isNotEqualTo(victim.port());
			assertThat(recoveredMillis).isLessThan(30_000);
		}
	}

}
