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

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import com.oceanshop.lock.LockException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link RedissonLockProvider} renewing locks on a scheduler given
 * from outside.
 */
class RedissonLockProviderIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	@BeforeAll
	static void createClient() {
		Config config = new Config();
		config.setLockWatchdogTimeout(600);
		config.useSingleServer().setAddress(redis.standaloneTopology().uri()).setTimeout(1000);
		redisson = Redisson.create(config);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	@Test
	void renewsOnAGivenSchedulerAndLeavesItRunningWhenClosed() throws Exception {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
		try {
			RedissonLockProvider provider = new RedissonLockProvider(redisson, "lock:", scheduler);
			LockTemplate template = LockTemplate.builder(provider).build();
			try (LockHandle handle = template.acquire(LockRequest.builder("provider:renewal:1").autoRenew().build())) {
				// Each renewal runs on the given scheduler and extends the lease to the
				// renewal timeout; several of them keep the lock past its first lease.
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (scheduler.getCompletedTaskCount() < 6 && System.nanoTime() < deadline) {
					Thread.sleep(20);
				}
				assertThat(scheduler.getCompletedTaskCount()).isGreaterThanOrEqualTo(6);
				assertThat(handle.isHeld()).isTrue();
				assertThat(redisson.getKeys().countExists("lock:provider:renewal:1")).isOne();
			}
			provider.close();
			assertThat(scheduler.isShutdown()).isFalse();
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	@Test
	void acquiringAfterCloseFailsNamingTheKeyAndLeavesNothingBehind() {
		String key = "provider:closed:1";
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		LockTemplate template = LockTemplate.builder(provider).build();
		template.acquire(LockRequest.builder(key).autoRenew().build()).close();
		provider.close();
		assertThatExceptionOfType(LockException.class)
			.isThrownBy(() -> template.acquire(LockRequest.builder(key).autoRenew().build()))
			.withMessageContaining(key);
		assertThat(provider.localQueueCount()).isZero();
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
	}

}
