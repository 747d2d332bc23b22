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

package com.oceanshop.lock.autoconfigure.health;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.admin.LockAdminAutoConfiguration;
import com.oceanshop.lock.health.LocksHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LockHealthContributorAutoConfiguration}.
 */
class LockHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LockAutoConfiguration.class, LockAdminAutoConfiguration.class,
				LockHealthContributorAutoConfiguration.class))
		.withUserConfiguration(RedissonConfiguration.class);

	@Test
	void runShouldCreateIndicatorNamedLocks() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LocksHealthIndicator.class)
			.hasBean("locksHealthIndicator"));
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.locks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LocksHealthIndicator.class));
	}

	@Test
	void runWhenDefaultsDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LocksHealthIndicator.class));
	}

	@Test
	void runWithoutHealthLibraryShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocksHealthIndicator.class));
	}

	@Test
	void runWithUserIndicatorShouldBackOff() {
		this.contextRunner.withBean("locksHealthIndicator", HealthIndicator.class, () -> () -> null)
			.run((context) -> assertThat(context).doesNotHaveBean(LocksHealthIndicator.class)
				.hasBean("locksHealthIndicator"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RedissonConfiguration {

		@Bean
		RedissonClient redissonClient() {
			RedissonClient redisson = mock(RedissonClient.class);
			given(redisson.getConfig()).willReturn(new Config());
			return redisson;
		}

	}

}
