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

package com.oceanshop.lock.autoconfigure.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.metrics.LockMetricNames;
import com.oceanshop.lock.metrics.MicrometerLockListener;
import com.oceanshop.lock.metrics.RedisReachabilityMonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LockMetricsAutoConfiguration}. A mocked {@link RedissonClient} is
 * enough here: these tests check conditions, not lock behaviour.
 */
class LockMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LockMetricsAutoConfiguration.class));

	@Test
	void runWithoutMeterRegistryShouldBackOff() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(MicrometerLockListener.class)
			.doesNotHaveBean(RedisReachabilityMonitor.class));
	}

	@Test
	void runWithMeterRegistryShouldCreateListener() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerLockListener.class)
				.doesNotHaveBean(RedisReachabilityMonitor.class);
			context.getBean(MicrometerLockListener.class)
				.onAcquired(LockRequest.of("inventory:reserve:P-1"), Duration.ofMillis(1), false);
			assertThat(context.getBean(MeterRegistry.class)
				.get(LockMetricNames.ACQUISITIONS)
				.tag(LockMetricNames.TAG_KEY, "inventory:reserve")
				.counter()
				.count()).isOne();
		});
	}

	@Test
	void runWithRedissonClientShouldCreateRedisMonitorThatStopsWithTheContext() {
		AtomicReference<RedisReachabilityMonitor> monitor = new AtomicReference<>();
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withBean(RedissonClient.class, LockMetricsAutoConfigurationTests::redisson)
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisReachabilityMonitor.class)
					.hasSingleBean(MicrometerLockListener.class);
				monitor.set(context.getBean(RedisReachabilityMonitor.class));
				assertThat(monitor.get().isRunning()).isTrue();
				assertThat(context.getBean(MeterRegistry.class).find(LockMetricNames.REDIS_UP).gauge()).isNotNull();
			});
		assertThat(monitor.get().isRunning()).isFalse();
	}

	@Test
	void runWithBootMetricsAutoConfigurationShouldCreateListener() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(MicrometerLockListener.class));
	}

	@Test
	void runWithLockAutoConfigurationShouldHandListenerToTheTemplate() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LockAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withBean(RedissonClient.class, LockMetricsAutoConfigurationTests::redisson)
			.run((context) -> {
				assertThat(context).hasSingleBean(LockTemplate.class).hasSingleBean(MicrometerLockListener.class);
				assertThat(context.getBeanProvider(LockListener.class).orderedStream())
					.containsExactly(context.getBean(MicrometerLockListener.class));
			});
	}

	@Test
	void runWithUserListenerShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserListenerConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerLockListener.class)
				.hasBean("customLockListener"));
	}

	@Test
	void runWhenMicrometerIsAbsentShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withBean(RedissonClient.class, LockMetricsAutoConfigurationTests::redisson)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MicrometerLockListener.class)
				.doesNotHaveBean(RedisReachabilityMonitor.class));
	}

	@Test
	void runWhenLockMetricsAreDisabledShouldBackOff() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withBean(RedissonClient.class, LockMetricsAutoConfigurationTests::redisson)
			.withPropertyValues("management.metrics.enable.lock=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MicrometerLockListener.class)
				.doesNotHaveBean(RedisReachabilityMonitor.class));
	}

	@Test
	void runWhenAllMetricsAreDisabledShouldBackOff() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("management.metrics.enable.all=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MicrometerLockListener.class));
	}

	@Test
	void runWhenAllMetricsAreDisabledButLockMetricsAreEnabledShouldCreateListener() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("management.metrics.enable.all=false", "management.metrics.enable.lock=true")
			.run((context) -> assertThat(context).hasSingleBean(MicrometerLockListener.class));
	}

	@Test
	void runWhenLockMetricsAreDisabledButOneLockMeterIsEnabledShouldCreateListener() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("management.metrics.enable.lock=false",
					"management.metrics.enable.lock.acquisitions=true")
			.run((context) -> assertThat(context).hasSingleBean(MicrometerLockListener.class));
	}

	@Test
	void runWhenLockMetricsAreDisabledWithBootMetricsShouldRegisterNoLockMeter() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues("management.metrics.enable.lock=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MicrometerLockListener.class);
				assertThat(context.getBean(MeterRegistry.class).find(LockMetricNames.ACQUISITIONS).meters()).isEmpty();
			});
	}

	private static RedissonClient redisson() {
		RedissonClient redisson = mock(RedissonClient.class);
		given(redisson.getConfig()).willReturn(new Config());
		return redisson;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserListenerConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		MicrometerLockListener customLockListener(MeterRegistry registry) {
			return new MicrometerLockListener(registry);
		}

	}

}
