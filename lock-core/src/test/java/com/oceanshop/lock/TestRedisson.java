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
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;

import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.redisson.RedissonLockTemplates;
import com.oceanshop.lock.test.RedisClusterTopology;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisSentinelTopology;
import com.oceanshop.lock.test.RedisStandalone;
import com.oceanshop.lock.test.RedisTopology;

/**
 * Redisson clients and templates for the tests, with the test settings: a short watchdog
 * so auto-renewal can be observed in seconds, one-second timeouts and one retry.
 * <p>
 * Registered as an extension, it runs a Redis topology (through a {@link RedisExtension})
 * and one client on it for the test class: <pre class="code">
 * &#064;RegisterExtension
 * static final TestRedisson redis = TestRedisson.standalone();
 * </pre>
 */
final class TestRedisson implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	static final Duration RENEWAL_TIMEOUT = Duration.ofMillis(1500);

	private final RedisExtension redis;

	private volatile @Nullable RedissonClient client;

	// The class that created the client: @Nested classes see the callbacks too.
	private volatile @Nullable String owner;

	private TestRedisson(RedisExtension redis) {
		this.redis = redis;
	}

	static TestRedisson standalone() {
		return new TestRedisson(RedisExtension.standalone());
	}

	static TestRedisson sentinel() {
		return new TestRedisson(RedisExtension.sentinel());
	}

	static TestRedisson cluster() {
		return new TestRedisson(RedisExtension.cluster());
	}

	/**
	 * Create a client for the given topology.
	 * @param topology a standalone server, a Sentinel topology or a cluster
	 * @return a new client
	 */
	static RedissonClient create(RedisTopology topology) {
		if (topology instanceof RedisSentinelTopology sentinel) {
			Config config = config();
			settings(config.useSentinelServers()
				.setMasterName(sentinel.masterName())
				.addSentinelAddress(sentinel.sentinelUris().toArray(new String[0]))
				.setScanInterval(500));
			return Redisson.create(config);
		}
		if (topology instanceof RedisClusterTopology cluster) {
			Config config = config();
			settings(config.useClusterServers()
				.addNodeAddress(cluster.nodeUris().toArray(new String[0]))
				.setScanInterval(500));
			return Redisson.create(config);
		}
		return create(((RedisStandalone) topology).uri());
	}

	/**
	 * Create a client for a standalone server, or a proxy in front of one.
	 * @param uri the server's URI
	 * @return a new client
	 */
	static RedissonClient create(String uri) {
		Config config = config();
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

	private static Config config() {
		Config config = new Config();
		config.setLockWatchdogTimeout(RENEWAL_TIMEOUT.toMillis());
		config.setNettyThreads(4);
		return config;
	}

	private static void settings(BaseMasterSlaveServersConfig<?> servers) {
		servers.setMasterConnectionMinimumIdleSize(2)
			.setSlaveConnectionMinimumIdleSize(1)
			.setSubscriptionConnectionMinimumIdleSize(1)
			.setConnectTimeout(1000)
			.setTimeout(1000)
			.setRetryAttempts(1);
	}

	/**
	 * Create a template with the standard settings over the given client. The one place
	 * where the tests build a standard template.
	 * @param redisson the client
	 * @return a new template
	 */
	static LockTemplate template(RedissonClient redisson) {
		return RedissonLockTemplates.create(redisson);
	}

	/**
	 * Start building a template over the given client.
	 * @param redisson the client
	 * @return a builder
	 */
	static LockTemplate.Builder templateBuilder(RedissonClient redisson) {
		return LockTemplate.builder(new RedissonLockProvider(redisson));
	}

	/**
	 * Create the template of the fault tests: a circuit breaker that opens after five
	 * failures for one second.
	 * @param redisson the client
	 * @return a new template
	 */
	static LockTemplate faultTemplate(RedissonClient redisson) {
		return templateBuilder(redisson).circuitBreaker(new LockCircuitBreaker(5, Duration.ofSeconds(1))).build();
	}

	RedisStandalone standaloneTopology() {
		return this.redis.standaloneTopology();
	}

	RedisSentinelTopology sentinelTopology() {
		return this.redis.sentinelTopology();
	}

	RedisClusterTopology clusterTopology() {
		return this.redis.clusterTopology();
	}

	/**
	 * Return the client of the test class.
	 * @return the client
	 */
	RedissonClient client() {
		return Objects.requireNonNull(this.client, "No client: is TestRedisson registered on a static field?");
	}

	/**
	 * Create a template with the standard settings over the client of the test class.
	 * @return a new template
	 */
	LockTemplate template() {
		return template(client());
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		this.redis.beforeAll(context);
		if (this.client == null) {
			this.client = create(this.redis.topology());
			this.owner = context.getUniqueId();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.redis.beforeEach(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.redis.afterEach(context);
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		RedissonClient current = this.client;
		try {
			if (current != null && context.getUniqueId().equals(this.owner)) {
				this.client = null;
				this.owner = null;
				current.shutdown();
			}
		}
		finally {
			this.redis.afterAll(context);
		}
	}

}
