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
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.test.RedisClusterTopology;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: the Cluster master that owns a lock's slot is killed while 4 threads take and
 * release that lock. Figure: time until the replica is promoted and acquisitions in that
 * slot succeed again. Pass: within 30 seconds.
 */
class ClusterFailoverFaultIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.cluster();

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
		RedissonClient redisson = TestRedisson.cluster(topology.nodeUris());
		LockTemplate template = LockTemplate.builder(new RedissonLockProvider(redisson))
			.circuitBreaker(new LockCircuitBreaker(5, Duration.ofSeconds(1)))
			.build();
		try (LoadLoop load = new LoadLoop(template, 4,
				(t) -> LockRequest.builder(lockKey)
					.waitTime(Duration.ofSeconds(2))
					// A short lease: a holder whose release failed during the failover
					// keeps its
					// lock on the promoted node until the lease runs out.
					.leaseTime(Duration.ofSeconds(3))
					.build(),
				Duration.ofSeconds(90))
			.start()) {
			FaultFigures.await("some locks were taken", Duration.ofSeconds(20), () -> load.successes() > 50);
			victim.kill();
			long killed = System.nanoTime();
			FaultFigures.await("a lock was taken after the failover", Duration.ofSeconds(30),
					() -> load.firstSuccessAfter(killed) > 0);
			long recoveredMillis = Duration.ofNanos(load.firstSuccessAfter(killed) - killed).toMillis();
			int successes = load.successes();
			FaultFigures.await("locks keep working on the promoted replica", Duration.ofSeconds(20),
					() -> load.successes() > successes + 50);
			load.close();
			RedisNode promoted = topology.masterForSlot(RedisClusterTopology.slot("lock:" + lockKey));
			FaultFigures.print("5 cluster master killed",
					"master " + victim.address() + " killed; slot now on " + promoted.address()
							+ "; first acquisition after the kill at " + recoveredMillis + " ms; " + load.failures()
							+ " failed calls; mutual-exclusion violations " + load.violations());
			assertThat(promoted.port()).isNotEqualTo(victim.port());
			assertThat(recoveredMillis).isLessThan(30_000);
		}
		finally {
			redisson.shutdown();
		}
	}

}
