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
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.adaptive.AdaptiveTimeoutSettings;
import com.oceanshop.lock.adaptive.AdaptiveTimeouts;
import com.oceanshop.lock.adaptive.LearnedTimeout;
import com.oceanshop.lock.redisson.RedissonAdaptiveTimeoutStore;
import com.oceanshop.lock.test.RedisClusterTopology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Integration tests for the adaptive-timeout estimates in a three-master Redis Cluster:
 * one script updates the estimates of many lock names at once, because all their keys
 * share a slot, whatever the key prefix; estimates expire after their retention.
 */
class AdaptiveTimeoutsClusterIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.cluster();

	private static final List<String> NAMES = List.of("inventory:reserve", "order:process", "payment:charge",
			"cache:update", "batch:process");

	@ParameterizedTest(name = "key prefix {0}")
	@ValueSource(strings = { "lock:", "{shop}:lock:" })
	void oneUpdateStoresManyNamesAndANewInstanceLoadsThem(String keyPrefix) {
		AdaptiveTimeouts first = adaptive(keyPrefix, AdaptiveTimeoutSettings.builder().warmUpCount(10).build());
		for (String name : NAMES) {
			for (int i = 0; i < 10; i++) {
				first.onReleased(LockRequest.of(name + ":1"), Duration.ofSeconds(2));
				first.onAcquired(LockRequest.of(name + ":1"), Duration.ofMillis(5), false);
			}
		}
		first.update().join();
		assertThat(first.learnedTimeouts()).extracting(LearnedTimeout::name).containsAll(NAMES);
		NAMES.forEach(
				(name) -> assertThat(first.leaseTime(name)).isBetween(Duration.ofSeconds(6), Duration.ofMillis(6305)));
		// The Redis keys of the lock names do not share a slot, their estimates do.
		int slot = RedisClusterTopology.slot(keyPrefix + "lock-admin:{adaptive}:names");
		for (String name : NAMES) {
			String key = keyPrefix + "lock-admin:{adaptive}:name:" + name;
			assertThat(RedisClusterTopology.slot(key)).as(key).isEqualTo(slot);
			assertThat(redis.client().getBucket(key, StringCodec.INSTANCE).remainTimeToLive()).as(key)
				.isPositive()
				.isLessThanOrEqualTo(Duration.ofDays(7).toMillis());
		}

		AdaptiveTimeouts second = adaptive(keyPrefix, AdaptiveTimeoutSettings.builder().warmUpCount(10).build());
		second.load(Duration.ofSeconds(10));
		NAMES.forEach((name) -> assertThat(second.leaseTime(name)).isEqualTo(first.leaseTime(name)));
	}

	@Test
	void estimateExpiresAfterItsRetentionAndTheStaticDefaultsApplyAgain() throws InterruptedException {
		String keyPrefix = "expiry:";
		AdaptiveTimeouts adaptive = adaptive(keyPrefix,
				AdaptiveTimeoutSettings.builder().warmUpCount(1).retention(Duration.ofMillis(500)).build());
		LockRequest request = LockRequest.of("expiring:hold:1");
		adaptive.onReleased(request, Duration.ofSeconds(2));
		adaptive.update().join();
		assertThat(adaptive.leaseTime("expiring:hold")).isNotNull();
		String key = keyPrefix + "lock-admin:{adaptive}:name:expiring:hold";
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (redis.client().getBucket(key, StringCodec.INSTANCE).isExists()) {
			if (System.nanoTime() - deadline > 0) {
				fail("Estimate %s did not expire", key);
			}
			Thread.sleep(50);
		}
		adaptive.update().join();
		assertThat(adaptive.leaseTime("expiring:hold")).isNull();
		assertThat(adaptive.learnedTimeouts()).isEmpty();
	}

	private static AdaptiveTimeouts adaptive(String keyPrefix, AdaptiveTimeoutSettings settings) {
		RedissonClient client = redis.client();
		return new AdaptiveTimeouts(settings, new RedissonAdaptiveTimeoutStore(client, keyPrefix));
	}

}
