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

package com.oceanshop.lock.autoconfigure.admin;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockStatistics;
import com.oceanshop.lock.admin.LockStatisticsSource;
import com.oceanshop.lock.admin.LockStore;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.LockScheduler;
import com.oceanshop.lock.autoconfigure.metrics.LockMetricsAutoConfiguration;
import com.oceanshop.lock.metrics.MeterRegistryLockStatistics;
import com.oceanshop.lock.metrics.MicrometerLockListener;
import com.oceanshop.lock.metrics.RedisReachabilityMonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LockAdminAutoConfiguration}. A mocked {@link RedissonClient} is
 * enough: these tests check conditions and binding, not lock behaviour.
 */
class LockAdminAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LockAutoConfiguration.class, LockAdminAutoConfiguration.class));

	@Test
	void runWithoutRedissonClientShouldBackOff() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(LockAdmin.class)
			.doesNotHaveBean(LockStatistics.class));
	}

	@Test
	void runWithRedissonClientShouldCreateAdminStatisticsAndScheduler() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LockAdmin.class)
				.hasSingleBean(LockStatistics.class)
				.hasSingleBean(LockAdminScheduler.class);
			// LockAutoConfiguration composes every LockListener bean into the template's.
			assertThat(context.getBeansOfType(LockListener.class)).containsValue(context.getBean(LockStatistics.class));
			LockAdmin admin = context.getBean(LockAdmin.class);
			assertThat(admin.cleanupStatus().enabled()).isTrue();
			assertThat(admin.cleanupStatus().intervalSeconds()).isEqualTo(60);
			assertThat(admin.cleanupStatus().orphanedThresholdMinutes()).isEqualTo(5);
			assertThat(admin.status().keyPrefix()).isEqualTo("lock:");
			assertThat(context.getBean(LockAdminScheduler.class).isRunning()).isTrue();
		});
	}

	@Test
	void runWithCleanupPropertiesShouldBindThem() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.cleanup.enabled=false", "app.lock.cleanup.interval=30s",
					"app.lock.cleanup.orphaned-threshold-minutes=3", "app.lock.key-prefix=shop-lock:")
			.run((context) -> {
				LockAdmin admin = context.getBean(LockAdmin.class);
				assertThat(admin.cleanupStatus().enabled()).isFalse();
				assertThat(admin.cleanupStatus().intervalSeconds()).isEqualTo(30);
				assertThat(admin.cleanupStatus().orphanedThresholdMinutes()).isEqualTo(3);
				assertThat(admin.status().keyPrefix()).isEqualTo("shop-lock:");
			});
	}

	@Test
	void runWithNonPositiveIntervalShouldFail() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.cleanup.interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("app.lock.cleanup.interval"));
	}

	@Test
	void runWithUserLockAdminShouldBackOff() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class, UserLockAdminConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(LockAdmin.class).hasBean("myLockAdmin"));
	}

	@Test
	void runWithMeterRegistryShouldReadStatisticsFromTheLockMeters() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LockMetricsAutoConfiguration.class))
			.withUserConfiguration(RedissonConfiguration.class)
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LockStatistics.class)
					.getBean(LockStatisticsSource.class)
					.isInstanceOf(MeterRegistryLockStatistics.class);
				context.getBean(MicrometerLockListener.class)
					.onAcquired(LockRequest.of("inventory:reserve:P-1"), Duration.ofMillis(1), false);
				assertThat(context.getBean(LockAdmin.class).statistics().acquisitions()).isOne();
			});
	}

	@Test
	void runWithMetricsShouldShareOneSchedulerWithTheRedisMonitor() {
		AtomicReference<LockScheduler> scheduler = new AtomicReference<>();
		this.contextRunner.withConfiguration(AutoConfigurations.of(LockMetricsAutoConfiguration.class))
			.withUserConfiguration(RedissonConfiguration.class)
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(LockScheduler.class)
					.hasSingleBean(RedisReachabilityMonitor.class)
					.hasSingleBean(LockAdminScheduler.class);
				assertThat(context.getBean(RedisReachabilityMonitor.class).isRunning()).isTrue();
				assertThat(context.getBean(LockAdminScheduler.class).isRunning()).isTrue();
				scheduler.set(context.getBean(LockScheduler.class));
			});
		assertThat(scheduler.get().getExecutor().isShutdown()).isTrue();
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

	@Configuration(proxyBeanMethods = false)
	static class UserLockAdminConfiguration {

		@Bean
		LockAdmin myLockAdmin(LockTemplate template, LockStore store) {
			return LockAdmin.builder(template, store).build();
		}

	}

}
