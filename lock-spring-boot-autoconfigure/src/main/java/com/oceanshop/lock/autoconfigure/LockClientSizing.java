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

package com.oceanshop.lock.autoconfigure;

import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.core.Ordered;

/**
 * Sizes the Redisson client that Redisson's auto-configuration creates for locking
 * ({@code app.lock.client.*}): Netty threads from the machine and a small connection
 * pool, instead of Redisson's 32 threads and 64 connections per node, which cost about
 * twice the CPU per lock on a small machine (docs/benchmarks.md). Only values still at
 * Redisson's defaults change, so a value from the user's Redisson configuration wins, and
 * it runs before every other customizer, so a user's customizer wins too.
 */
final class LockClientSizing implements RedissonAutoConfigurationCustomizer, Ordered {

	private final LockProperties.Client properties;

	private final int availableProcessors;

	LockClientSizing(LockProperties.Client properties, int availableProcessors) {
		this.properties = properties;
		this.availableProcessors = availableProcessors;
	}

	@Override
	public void customize(Config config) {
		if (!this.properties.isSizeForLocking()) {
			return;
		}
		Config defaults = new Config();
		if (config.getEventLoopGroup() == null && config.getNettyThreads() == defaults.getNettyThreads()) {
			Integer nettyThreads = this.properties.getNettyThreads();
			config.setNettyThreads((nettyThreads != null) ? positive("netty-threads", nettyThreads)
					: Math.max(2, this.availableProcessors));
		}
		int poolSize = positive("connection-pool-size", this.properties.getConnectionPoolSize());
		int idleSize = this.properties.getConnectionMinimumIdleSize();
		if (idleSize < 0 || idleSize > poolSize) {
			throw new InvalidLockConfigurationException("app.lock.client.connection-minimum-idle-size", idleSize,
					"it must be between 0 and app.lock.client.connection-pool-size (" + poolSize + ")");
		}
		if (config.isSingleConfig()) {
			SingleServerConfig server = config.useSingleServer();
			SingleServerConfig standard = defaults.useSingleServer();
			if (server.getConnectionPoolSize() == standard.getConnectionPoolSize()) {
				server.setConnectionPoolSize(poolSize);
			}
			if (server.getConnectionMinimumIdleSize() == standard.getConnectionMinimumIdleSize()) {
				server.setConnectionMinimumIdleSize(Math.min(idleSize, server.getConnectionPoolSize()));
			}
		}
		else if (config.isClusterConfig()) {
			size(config.useClusterServers(), new Config().useClusterServers(), poolSize, idleSize);
		}
		else if (config.isSentinelConfig()) {
			size(config.useSentinelServers(), new Config().useSentinelServers(), poolSize, idleSize);
		}
	}

	private static void size(BaseMasterSlaveServersConfig<?> servers, BaseMasterSlaveServersConfig<?> standard,
			int poolSize, int idleSize) {
		if (servers.getMasterConnectionPoolSize() == standard.getMasterConnectionPoolSize()) {
			servers.setMasterConnectionPoolSize(poolSize);
		}
		if (servers.getMasterConnectionMinimumIdleSize() == standard.getMasterConnectionMinimumIdleSize()) {
			servers.setMasterConnectionMinimumIdleSize(Math.min(idleSize, servers.getMasterConnectionPoolSize()));
		}
		if (servers.getSlaveConnectionPoolSize() == standard.getSlaveConnectionPoolSize()) {
			servers.setSlaveConnectionPoolSize(poolSize);
		}
		if (servers.getSlaveConnectionMinimumIdleSize() == standard.getSlaveConnectionMinimumIdleSize()) {
			servers.setSlaveConnectionMinimumIdleSize(Math.min(idleSize, servers.getSlaveConnectionPoolSize()));
		}
	}

	private static int positive(String property, int value) {
		if (value < 1) {
			throw new InvalidLockConfigurationException("app.lock.client." + property, value, "it must be at least 1");
		}
		return value;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
