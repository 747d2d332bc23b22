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

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson clients for tests, with a short watchdog so auto-renewal can be observed in
 * seconds.
 */
final class TestRedisson {

	static final Duration RENEWAL_TIMEOUT = Duration.ofMillis(1500);

	private TestRedisson() {
	}

	static RedissonClient sentinel(String masterName, java.util.List<String> sentinelUris) {
		Config config = new Config();
		config.setLockWatchdogTimeout(RENEWAL_TIMEOUT.toMillis());
		config.setNettyThreads(4);
		config.useSentinelServers()
			.setMasterName(masterName)
			.addSentinelAddress(sentinelUris.toArray(new String[0]))
			.setMasterConnectionMinimumIdleSize(2)
			.setSlaveConnectionMinimumIdleSize(1)
			.setSubscriptionConnectionMinimumIdleSize(1)
			.setConnectTimeout(1000)
			.setTimeout(1000)
			.setRetryAttempts(1)
			.setScanInterval(500);
		return Redisson.create(config);
	}

	static RedissonClient cluster(java.util.List<String> nodeUris) {
		Config config = new Config();
		config.setLockWatchdogTimeout(RENEWAL_TIMEOUT.toMillis());
		config.setNettyThreads(4);
		config.useClusterServers()
			.addNodeAddress(nodeUris.toArray(new String[0]))
			.setMasterConnectionMinimumIdleSize(2)
			.setSlaveConnectionMinimumIdleSize(1)
			.setSubscriptionConnectionMinimumIdleSize(1)
			.setConnectTimeout(1000)
			.setTimeout(1000)
			.setRetryAttempts(1)
			.setScanInterval(500);
		return Redisson.create(config);
	}

	static RedissonClient create(String uri) {
		Config config = new Config();
		config.setLockWatchdogTimeout(RENEWAL_TIMEOUT.toMillis());
		config.setNettyThreads(4);
		config.useSingleServer()
			.setAddress(uri)
			.setConnectionMinimumIdleSize(2)
			.setConnectionPoolSize(32)
			.setSubscriptionConnectionMinimumIdleSize(1)
			.setConnectTimeout(1000)
			.setTimeout(1000)
			.setRetryAttempts(1);
		return Redisson.create(config);
	}

}
