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

package com.oceanshop.lock.autoconfigure.adaptive;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.oceanshop.lock.LearnedTimeouts;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.adaptive.AdaptiveTimeoutSettings;
import com.oceanshop.lock.adaptive.AdaptiveTimeouts;
import com.oceanshop.lock.autoconfigure.InvalidLockConfigurationException;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.metrics.AdaptiveTimeoutsMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LockAdaptiveTimeoutsAutoConfiguration}. A mocked
 * {@link RedissonClient} is enough here: these tests check conditions and binding; the
 * learning is tested against real Redis.
 */
class LockAdaptiveTimeoutsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LockAutoConfiguration.class, LockAdaptiveTimeoutsAutoConfiguration.class))
		.withUserConfiguration(RedissonConfiguration.class);

	@Test
	void runByDefaultShouldNotLearnAndKeepTheStaticDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(LockTemplate.class)
				.doesNotHaveBean(AdaptiveTimeouts.class)
				.doesNotHaveBean(AdaptiveTimeoutsScheduler.class);
			assertThat(context.getBean(LockTemplate.class).getDefaults().learned()).isSameAs(LearnedTimeouts.NONE);
		});
	}

	@Test
	void runWhenEnabledShouldHandTheLearnedValuesToTheTemplate() {
		this.contextRunner.withPropertyValues("app.lock.adaptive.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(AdaptiveTimeouts.class)
				.hasSingleBean(AdaptiveTimeoutsScheduler.class)
				.hasSingleBean(AdaptiveTimeoutsMetrics.class);
			AdaptiveTimeouts adaptive = context.getBean(AdaptiveTimeouts.class);
			assertThat(context.getBean(LockTemplate.class).getDefaults().learned()).isSameAs(adaptive);
			assertThat(adaptive.getSettings()).isEqualTo(AdaptiveTimeoutSettings.defaults());
		});
	}

	@Test
	void runWhenEnabledShouldBindEveryProperty() {
		this.contextRunner.withPropertyValues("app.lock.adaptive.enabled=true", "app.lock.adaptive.min-lease=2s",
				"app.lock.adaptive.max-lease=1m", "app.lock.adaptive.min-wait=100ms", "app.lock.adaptive.max-wait=10s",
				"app.lock.adaptive.factor=2.5", "app.lock.adaptive.warm-up-count=50",
				"app.lock.adaptive.update-interval=3s", "app.lock.adaptive.retention=1d")
			.run((context) -> {
				AdaptiveTimeoutSettings settings = context.getBean(AdaptiveTimeouts.class).getSettings();
				assertThat(settings.minLease()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.maxLease()).isEqualTo(Duration.ofMinutes(1));
				assertThat(settings.minWait()).isEqualTo(Duration.ofMillis(100));
				assertThat(settings.maxWait()).isEqualTo(Duration.ofSeconds(10));
				assertThat(settings.factor()).isEqualTo(2.5);
				assertThat(settings.warmUpCount()).isEqualTo(50);
				assertThat(settings.updateInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.retention()).isEqualTo(Duration.ofDays(1));
			});
	}

	@Test
	void runWithBoundsTheWrongWayRoundShouldFailNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("app.lock.adaptive.enabled=true", "app.lock.adaptive.min-lease=10s",
					"app.lock.adaptive.max-lease=5s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidLockConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("app.lock.adaptive.max-lease")));
		this.contextRunner.withPropertyValues("app.lock.adaptive.enabled=true", "app.lock.adaptive.factor=0.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidLockConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("app.lock.adaptive.factor")));
	}

	@Test
	void runWithoutMicrometerShouldStillLearn() {
		this.contextRunner.withPropertyValues("app.lock.adaptive.enabled=true")
			.withClassLoader(new FilteredClassLoader(io.micrometer.core.instrument.MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AdaptiveTimeouts.class)
				.doesNotHaveBean(AdaptiveTimeoutsMetrics.class));
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
