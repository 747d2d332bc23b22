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

import org.junit.jupiter.api.Test;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LockClientSizing}: the customizers of a context with
 * {@link LockAutoConfiguration} are applied, in their order, to a {@link Config} as
 * Redisson's auto-configuration builds it.
 */
class LockClientSizingTests {

	private static final int EXPECTED_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LockAutoConfiguration.class))
		.withUserConfiguration(LockAutoConfigurationTests.RedissonConfiguration.class);

	@Test
	void runShouldSizeTheClientForLocking() {
		this.contextRunner.run((context) -> {
			Config config = customized(context, singleServer());
			assertThat(config.getNettyThreads()).isEqualTo(EXPECTED_THREADS);
			SingleServerConfig server = config.useSingleServer();
			assertThat(server.getConnectionPoolSize()).isEqualTo(4);
			assertThat(server.getConnectionMinimumIdleSize()).isEqualTo(1);
		});
	}

	@Test
	void runWithClusterShouldSizeMasterAndReplicaPools() {
		this.contextRunner.run((context) -> {
			Config config = new Config();
			config.useClusterServers().addNodeAddress("redis://127.0.0.1:7000");
			ClusterServersConfig servers = customized(context, config).useClusterServers();
			assertThat(servers.getMasterConnectionPoolSize()).isEqualTo(4);
			assertThat(servers.getMasterConnectionMinimumIdleSize()).isEqualTo(1);
			assertThat(servers.getSlaveConnectionPoolSize()).isEqualTo(4);
			assertThat(servers.getSlaveConnectionMinimumIdleSize()).isEqualTo(1);
		});
	}

	@Test
	void runWithSizingOffShouldKeepRedissonDefaults() {
		this.contextRunner.withPropertyValues("app.lock.client.size-for-locking=false").run((context) -> {
			Config config = customized(context, singleServer());
			Config defaults = singleServer();
			assertThat(config.getNettyThreads()).isEqualTo(defaults.getNettyThreads());
			assertThat(config.useSingleServer().getConnectionPoolSize())
				.isEqualTo(defaults.useSingleServer().getConnectionPoolSize());
			assertThat(config.useSingleServer().getConnectionMinimumIdleSize())
				.isEqualTo(defaults.useSingleServer().getConnectionMinimumIdleSize());
		});
	}

	@Test
	void runWithClientPropertiesShouldApplyThem() {
		this.contextRunner
			.withPropertyValues("app.lock.client.netty-threads=3", "app.lock.client.connection-pool-size=2",
					"app.lock.client.connection-minimum-idle-size=2")
			.run((context) -> {
				Config config = customized(context, singleServer());
				assertThat(config.getNettyThreads()).isEqualTo(3);
				assertThat(config.useSingleServer().getConnectionPoolSize()).isEqualTo(2);
				assertThat(config.useSingleServer().getConnectionMinimumIdleSize()).isEqualTo(2);
			});
	}

	@Test
	void runWithValuesFromRedissonConfigurationShouldKeepThem() {
		this.contextRunner.run((context) -> {
			// What spring.redis.redisson.config or .file gives Redisson's
			// auto-configuration.
			Config config = customized(context, Config.fromYAML("""
					nettyThreads: 8
					singleServerConfig:
					  address: "redis://127.0.0.1:6379"
					  connectionPoolSize: 10
					"""));
			assertThat(config.getNettyThreads()).isEqualTo(8);
			assertThat(config.useSingleServer().getConnectionPoolSize()).isEqualTo(10);
			// Left at Redisson's default in that configuration: sized.
			assertThat(config.useSingleServer().getConnectionMinimumIdleSize()).isEqualTo(1);
		});
	}

	@Test
	void runWithUserCustomizerShouldLetItWin() {
		this.contextRunner
			.withBean("userRedissonCustomizer", RedissonAutoConfigurationCustomizer.class,
					() -> (config) -> config.setNettyThreads(5).useSingleServer().setConnectionPoolSize(16))
			.run((context) -> {
				Config config = customized(context, singleServer());
				assertThat(config.getNettyThreads()).isEqualTo(5);
				assertThat(config.useSingleServer().getConnectionPoolSize()).isEqualTo(16);
			});
	}

	@Test
	void runWithIdleSizeAbovePoolSizeShouldFailNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("app.lock.client.connection-pool-size=2",
					"app.lock.client.connection-minimum-idle-size=3")
			.run((context) -> assertThatExceptionOfType(InvalidLockConfigurationException.class)
				.isThrownBy(() -> customized(context, singleServer()))
				.withMessageContaining("app.lock.client.connection-minimum-idle-size"));
	}

	private static Config singleServer() {
		Config config = new Config();
		config.useSingleServer().setAddress("redis://127.0.0.1:6379");
		return config;
	}

	private static Config customized(ApplicationContext context, Config config) {
		context.getBeanProvider(RedissonAutoConfigurationCustomizer.class)
			.orderedStream()
			.forEach((customizer) -> customizer.customize(config));
		return config;
	}

}
