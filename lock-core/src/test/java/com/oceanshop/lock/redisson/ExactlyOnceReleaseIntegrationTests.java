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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for releases that Redisson re-sends: the reply of the first release
 * is delayed past the client's response timeout, so Redisson sends the release again
 * after the first one ran. The release must still count once and report no loss. Only
 * this project's own release scripts are re-sent (every lock type now releases with one):
 * Redisson 4.7.0 sends its own unlock without retries.
 */
class ExactlyOnceReleaseIntegrationTests {

	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);

	// Longer than the response timeout, shorter than the timeout plus the retry delay:
	// the first release runs in Redis before the re-sent one is sent.
	private static final Duration SLOW = Duration.ofMillis(1500);

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static TcpProxy proxy;

	static RedissonClient redisson;

	static RedissonClient direct;

	@BeforeAll
	static void createClients() {
		proxy = TcpProxy.start(redis.standaloneTopology().node());
		Config config = new Config();
		config.setLockWatchdogTimeout(1500);
		config.useSingleServer()
			.setAddress(proxy.uri())
			.setTimeout((int) RESPONSE_TIMEOUT.toMillis())
			.setRetryAttempts(1)
			.setRetryDelay(new ConstantDelay(Duration.ofSeconds(1)));
		redisson = Redisson.create(config);
		Config directConfig = new Config();
		directConfig.useSingleServer().setAddress(redis.standaloneTopology().uri()).setTimeout(1000);
		direct = Redisson.create(directConfig);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
		direct.shutdown();
		proxy.close();
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "WRITE", "READ", "SEMAPHORE" })
	void reSentReleaseReleasesOnceAndReportsNoLoss(LockType type) throws Exception {
		String key = "exactly-once:release:" + type.tagValue();
		String name = RedissonLockProvider.DEFAULT_KEY_PREFIX + key;
		LockTemplate template = RedissonLockTemplates.create(redisson);
		LockRequest request = LockRequest.builder(key)
			.type(type)
			.maxPermits(1)
			.leaseTime(Duration.ofSeconds(30))
			.build();
		// Once released already, so the release script is cached and the first attempt
		// runs it (EVALSHA) rather than failing with NOSCRIPT.
		template.acquire(request).close();
		LockHandle handle = template.acquire(request);
		BooleanSupplier released = (type == LockType.SEMAPHORE)
				? () -> direct.getScoredSortedSet(RedissonLockLayout.semaphoreTimeoutKey(name)).isEmpty()
				: () -> direct.getKeys().countExists(name) == 0;
		assertThat(released.getAsBoolean()).isFalse();
		proxy.setLatency(SLOW);
		try {
			CompletableFuture<Boolean> release = CompletableFuture.supplyAsync(() -> {
				handle.close();
				return true;
			});
			// The first release is on its way (and will run after its response timed
			// out); the re-sent one, after the retry delay, goes through at once.
			Thread.sleep(RESPONSE_TIMEOUT.toMillis() + 200);
			proxy.setLatency(Duration.ZERO);
			assertThat(release.get(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			proxy.setLatency(Duration.ZERO);
		}
		assertThat(released.getAsBoolean()).isTrue();
		assertThat(handle.isHeld()).isFalse();
	}

}
