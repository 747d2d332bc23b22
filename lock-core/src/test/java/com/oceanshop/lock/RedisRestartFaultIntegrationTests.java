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
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: a standalone Redis is killed and restarted while 8 threads take and release
 * locks. Figures: time from restart to the first successful acquisition, and the longest
 * any call blocked. Pass: locks work again without an application restart, and no call
 * blocks much longer than its wait time.
 */
class RedisRestartFaultIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	@Test
	void locksWorkAgainAfterRedisRestartsAndNoThreadIsStuck() throws Exception {
		RedisNode node = redis.standaloneTopology().node();
		RedissonClient redisson = TestRedisson.create(node.uri());
		Duration waitTime = Duration.ofSeconds(2);
		LockTemplate template = LockTemplate.builder(new RedissonLockProvider(redisson))
			.circuitBreaker(new LockCircuitBreaker(5, Duration.ofSeconds(1)))
			.build();
		try (LoadLoop load = new LoadLoop(template, 8,
				(t) -> LockRequest.builder("test:restart:" + (t % 4))
					.waitTime(waitTime)
					.leaseTime(Duration.ofSeconds(5))
					.build(),
				Duration.ofSeconds(60))
			.start()) {
			FaultFigures.await("some locks were taken", Duration.ofSeconds(10), () -> load.successes() > 50);
			node.kill();
			long killed = System.nanoTime();
			FaultFigures.await("acquisitions fail while Redis is down", Duration.ofSeconds(10),
					() -> load.failures() > 0);
			Thread.sleep(1000);
			node.restart();
			long restarted = System.nanoTime();
			FaultFigures.await("a lock was taken after the restart", Duration.ofSeconds(30),
					() -> load.firstSuccessAfter(restarted) > 0);
			long recoveredMillis = Duration.ofNanos(load.firstSuccessAfter(restarted) - restarted).toMillis();
			int successesAfterRestart = load.successes();
			FaultFigures.await("locks keep working", Duration.ofSeconds(10),
					() -> load.successes() > successesAfterRestart + 50);
			load.close();
			FaultFigures.print("3 redis restart",
					"down " + Duration.ofNanos(restarted - killed).toMillis() + " ms; first acquisition "
							+ recoveredMillis + " ms after restart; longest call " + load.maxCall().toMillis()
							+ " ms (wait time " + waitTime.toMillis() + " ms); " + load.failures()
							+ " failed calls; mutual-exclusion violations " + load.violations());
			assertThat(load.violations()).isZero();
			// Retries stay within the wait time; one Redisson command timeout (1 s here)
			// can still add to a call whose last attempt was in flight when Redis went
			// away.
			assertThat(load.maxCall()).isLessThan(waitTime.plusSeconds(1));
		}
		finally {
			redisson.shutdown();
		}
	}

}
