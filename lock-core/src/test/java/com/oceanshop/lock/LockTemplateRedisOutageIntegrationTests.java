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

import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link LockTemplate} when Redis goes away and comes back.
 */
class LockTemplateRedisOutageIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	@Test
	void acquisitionFailsWithLockUnavailableWhileRedisIsDownAndWorksAfterRestart() {
		RedisNode node = redis.standaloneTopology().node();
		LockTemplate template = TestRedisson.templateBuilder(redis.client())
			.maxRetries(2)
			.retryBackoff(Duration.ofMillis(20))
			.build();
		// A wait time long enough for every retry: retries never outlast the wait time.
		LockRequest request = LockRequest.builder("inventory:reserve:OUTAGE-1")
			.waitTime(Duration.ofSeconds(20))
			.build();
		template.execute(request, (lock) -> null);
		node.kill();
		try {
			long start = System.nanoTime();
			assertThatExceptionOfType(LockUnavailableException.class).isThrownBy(() -> template.acquire(request))
				.withMessageContaining("'inventory:reserve:OUTAGE-1'")
				.withMessageContaining("after 3 attempts");
			Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
			System.out.printf("Redis down: LockUnavailableException after %d ms (3 attempts)%n",
					failedAfter.toMillis());
			assertThat(failedAfter).isLessThan(Duration.ofSeconds(30));
		}
		finally {
			node.restart();
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try (LockHandle handle = template.acquire(request)) {
				assertThat(handle.isHeld()).isTrue();
				break;
			}
			catch (LockUnavailableException ex) {
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError("Redisson did not reconnect within 30 s after Redis restarted", ex);
				}
			}
		}
	}

}
