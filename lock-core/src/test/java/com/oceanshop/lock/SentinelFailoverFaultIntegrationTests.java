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

import com.oceanshop.lock.test.RedisSentinelTopology;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: the Redis master of a master + replica + 3 Sentinels setup is killed while 4
 * threads take and release locks. Figures: time until acquisitions succeed again, and the
 * mutual-exclusion violations observed. Pass: acquisitions work again within the
 * runbook's 30 seconds. Violations are reported, not asserted away: asynchronous
 * replication can lose a lock on failover (see docs/reliability.md).
 */
class SentinelFailoverFaultIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.sentinel();

	@Test
	void locksWorkAgainAfterSentinelFailover() throws Exception {
		RedisSentinelTopology topology = redis.sentinelTopology();
		try (LoadLoop load = LoadLoop.start(redis.client(), 4,
				(t) -> LockRequest.builder("test:failover:" + (t % 2))
					.waitTime(Duration.ofSeconds(2))
					// A short lease: a holder whose release failed during the failover
					// keeps its
					// lock on the promoted node until the lease runs out.
					.leaseTime(Duration.ofSeconds(3))
					.build(),
				Duration.ofSeconds(90))) {
			load.awaitMoreSuccesses("some locks were taken", 50, Duration.ofSeconds(20));
			String oldMaster = topology.currentMasterAddress();
			topology.master().kill();
			long killed = System.nanoTime();
			String newMaster = topology.awaitMasterChange(oldMaster, Duration.ofSeconds(30));
			long promotedMillis = FaultFigures.millisSince(killed);
			long recoveredMillis = load.awaitSuccessAfter("a lock was taken after the failover", killed,
					Duration.ofSeconds(30));
			load.awaitMoreSuccesses("locks keep working on the new master", 50, Duration.ofSeconds(20));
			load.close();
			FaultFigures.print("4 sentinel failover",
					"master " + oldMaster + " killed; " + newMaster + " promoted after " + promotedMillis
							+ " ms; first acquisition after the kill at " + recoveredMillis + " ms; " + load.figures());
			assertThat(recoveredMillis).isLessThan(30_000);
		}
	}

}
