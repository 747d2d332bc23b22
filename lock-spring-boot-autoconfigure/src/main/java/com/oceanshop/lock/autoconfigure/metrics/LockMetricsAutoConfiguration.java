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

import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.admin.LockStatisticsSource;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.LockScheduler;
import com.oceanshop.lock.autoconfigure.LockSchedulerConfiguration;
import com.oceanshop.lock.metrics.LockCircuitBreakerMetrics;
import com.oceanshop.lock.metrics.MeterRegistryLockStatistics;
import com.oceanshop.lock.metrics.MicrometerLockListener;
import com.oceanshop.lock.metrics.RedisReachabilityMonitor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for distributed lock metrics: a {@link MicrometerLockListener},
 * which {@link LockAutoConfiguration} hands to the lock template with every other
 * {@link com.oceanshop.lock.LockListener} bean, a {@link RedisReachabilityMonitor}, and
 * the {@link MeterRegistryLockStatistics} the lock admin reports from those meters.
 * Turned off, like any Micrometer meter group, with
 * {@code management.metrics.enable.lock=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LockAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@Conditional(OnLockMetricsEnabledCondition.class)
@Import(LockSchedulerConfiguration.class)
public final class LockMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RedissonClient.class)
	RedisReachabilityMonitor lockRedisReachabilityMonitor(RedissonClient redisson, MeterRegistry registry,
			LockScheduler lockScheduler) {
		return new RedisReachabilityMonitor(redisson, registry, lockScheduler.getExecutor());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LockTemplate.class)
	LockCircuitBreakerMetrics lockCircuitBreakerMetrics(ObjectProvider<LockTemplate> lockTemplate) {
		return new LockCircuitBreakerMetrics(() -> lockTemplate.getObject().getCircuitBreaker());
	}

	@Bean
	@ConditionalOnMissingBean
	MicrometerLockListener micrometerLockListener(MeterRegistry registry,
			ObjectProvider<RedisReachabilityMonitor> redisMonitor) {
		return new MicrometerLockListener(registry, redisMonitor.getIfAvailable());
	}

	// The admin reads the listener's meters instead of keeping a second count.
	@Bean
	@ConditionalOnMissingBean(LockStatisticsSource.class)
	MeterRegistryLockStatistics meterRegistryLockStatistics(MeterRegistry registry) {
		return new MeterRegistryLockStatistics(registry);
	}

}
