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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests that the client keeps no per-key state once a key is idle: local
 * queues and renewals of many keys are gone after their holders, timed-out waiters and
 * interrupted waiters are done.
 */
class PerKeyStateIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static RedissonLockProvider provider;

	static LockTemplate template;

	@BeforeAll
	static void createTemplate() {
		Config config = new Config();
		config.setLockWatchdogTimeout(1500);
		config.setNettyThreads(4);
		config.useSingleServer().setAddress(redis.standaloneTopology().uri()).setTimeout(1000);
		redisson = Redisson.create(config);
		provider = new RedissonLockProvider(redisson);
		template = LockTemplate.builder(provider).maxRetries(0).build();
	}

	@AfterAll
	static void shutdown() {
		provider.close();
		redisson.shutdown();
	}

	@Test
	void idleKeysLeaveNoLocalQueueAndNoRenewal() throws Exception {
		int keys = 50;
		List<LockHandle> holders = new ArrayList<>();
		for (int i = 0; i < keys; i++) {
			LockType type = (i % 2 == 0) ? LockType.EXCLUSIVE : LockType.FAIR;
			holders.add(template.acquire(LockRequest.builder("state:idle:K-" + i).type(type).autoRenew().build()));
		}
		assertThat(provider.renewalCount()).isEqualTo(keys);
		assertThat(provider.localQueueCount()).isEqualTo(keys);
		List<Thread> waiters = new ArrayList<>();
		CountDownLatch done = new CountDownLatch(keys * 2);
		for (int i = 0; i < keys; i++) {
			LockType type = (i % 2 == 0) ? LockType.EXCLUSIVE : LockType.FAIR;
			String key = "state:idle:K-" + i;
			// One waiter times out, one is interrupted while it waits.
			waiters.add(waiter(key, type, Duration.ofMillis(200), done));
			waiters.add(waiter(key, type, Duration.ofSeconds(30), done));
		}
		waiters.forEach(Thread::start);
		Thread.sleep(300);
		for (int i = 1; i < waiters.size(); i += 2) {
			waiters.get(i).interrupt();
		}
		assertThat(done.await(20, TimeUnit.SECONDS)).as("every waiter gave up").isTrue();
		holders.forEach(LockHandle::close);
		assertThat(provider.renewalCount()).isZero();
		assertThat(provider.localQueueCount()).isZero();
		assertThat(redisson.getKeys().countExists(keysOf(keys))).isZero();
	}

	private static Thread waiter(String key, LockType type, Duration wait, CountDownLatch done) {
		return new Thread(() -> {
			try (LockHandle handle = template.acquire(LockRequest.builder(key).type(type).waitTime(wait).build())) {
				throw new AssertionError("acquired " + key + " while it was held");
			}
			catch (LockException ex) {
				// Timed out or interrupted: what this test wants.
			}
			finally {
				done.countDown();
			}
		}, "waiter-" + key);
	}

	private static String[] keysOf(int keys) {
		String[] names = new String[keys];
		for (int i = 0; i < keys; i++) {
			names[i] = "lock:state:idle:K-" + i;
		}
		return names;
	}

}
