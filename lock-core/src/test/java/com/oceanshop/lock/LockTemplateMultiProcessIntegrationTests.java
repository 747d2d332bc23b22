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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

import com.oceanshop.lock.redisson.RedissonLockTemplates;
import com.oceanshop.lock.test.JvmProcess;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link LockTemplate} across JVM processes: mutual exclusion
 * between processes, and recovery of locks whose holder process was killed.
 */
class LockTemplateMultiProcessIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private static final Duration STARTUP = Duration.ofSeconds(30);

	static RedissonClient redisson;

	static LockTemplate template;

	@BeforeAll
	static void createTemplate() {
		redisson = TestRedisson.create(redis.standaloneTopology().uri());
		template = RedissonLockTemplates.create(redisson);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	@Test
	void twoProcessesIncrementingASharedCounterLoseNoUpdate() {
		String uri = redis.standaloneTopology().uri();
		int increments = 150;
		try (JvmProcess first = JvmProcess.start(CounterMain.class, uri, "counter-1", String.valueOf(increments));
				JvmProcess second = JvmProcess.start(CounterMain.class, uri, "counter-1", String.valueOf(increments))) {
			assertThat(first.waitFor(Duration.ofSeconds(90))).as(first.output()).isZero();
			assertThat(second.waitFor(Duration.ofSeconds(90))).as(second.output()).isZero();
			assertThat(first.output()).contains("DONE");
			assertThat(second.output()).contains("DONE");
		}
		Long counter = redisson.<Long>getBucket("counter-1", LongCodec.INSTANCE).get();
		assertThat(counter).isEqualTo(2L * increments);
	}

	@ParameterizedTest(name = "{0} with lease {1}")
	@CsvSource({ "EXCLUSIVE, 2000", "EXCLUSIVE, auto", "FAIR, auto", "WRITE, auto", "READ, 2000", "SEMAPHORE, 2000",
			"SEMAPHORE, auto" })
	void lockOfAKilledHolderIsFreedWithinItsLeaseOrRenewalTimeout(LockType type, String lease) throws Exception {
		String key = "test:killed-holder:" + type + "-" + lease;
		Duration bound = "auto".equals(lease) ? TestRedisson.RENEWAL_TIMEOUT : Duration.ofMillis(Long.parseLong(lease));
		LockType waiterType = (type == LockType.READ) ? LockType.WRITE : type;
		LockRequest.Builder waiter = LockRequest.builder(key).type(waiterType).waitTime(bound.plusSeconds(10));
		if (type == LockType.SEMAPHORE) {
			waiter.maxPermits(1);
		}
		try (JvmProcess holder = JvmProcess.start(LockHolderMain.class, redis.standaloneTopology().uri(), key,
				type.name(), lease)) {
			holder.awaitOutputLine("ACQUIRED", STARTUP);
			holder.kill();
			long killed = System.nanoTime();
			try (LockHandle handle = template.acquire(waiter.build())) {
				Duration freedAfter = Duration.ofNanos(System.nanoTime() - killed);
				System.out.printf("Killed holder (%s, lease %s): lock acquired by another process %d ms after SIGKILL "
						+ "(bound %d ms)%n", type, lease, freedAfter.toMillis(), bound.toMillis());
				assertThat(handle.isHeld()).isTrue();
				// The lease or renewal timeout bounds it; the margin absorbs scheduling
				// on a
				// loaded 2-core machine.
				assertThat(freedAfter).isLessThanOrEqualTo(bound.plusMillis(1000));
			}
		}
	}

}
