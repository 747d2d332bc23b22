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

import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import com.oceanshop.lock.LockDurations;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.adaptive.AdaptiveTimeouts;
import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockStatistics;
import com.oceanshop.lock.admin.LockStatisticsSource;
import com.oceanshop.lock.admin.LockStore;
import com.oceanshop.lock.autoconfigure.InvalidLockConfigurationException;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.LockProperties;
import com.oceanshop.lock.autoconfigure.LockScheduler;
import com.oceanshop.lock.autoconfigure.LockSchedulerConfiguration;
import com.oceanshop.lock.redisson.RedissonLockStore;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link LockAdmin}, the
 * {@link LockStore} it works on, the statistics it reports (Micrometer's lock meters when
 * the metrics auto-configuration provides them, otherwise a {@link LockStatistics}
 * listener), and the scheduled orphaned-lock cleanup ({@code app.lock.cleanup.*}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LockAutoConfiguration.class,
		afterName = "com.oceanshop.lock.autoconfigure.metrics.LockMetricsAutoConfiguration")
@ConditionalOnClass(RedissonClient.class)
@ConditionalOnBean({ LockTemplate.class, RedissonClient.class })
@Import(LockSchedulerConfiguration.class)
public final class LockAdminAutoConfiguration {

	// A LockListener bean: LockAutoConfiguration composes every listener into the
	// template's, so the statistics see each event.
	@Bean
	@ConditionalOnMissingBean(LockStatisticsSource.class)
	LockStatistics lockStatistics() {
		return new LockStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	LockStore lockStore(RedissonClient redisson, ObjectProvider<LockProvider> lockProvider, LockTemplate lockTemplate,
			LockProperties properties) {
		// A user-defined template may come without a provider bean.
		return new RedissonLockStore(redisson, properties.getKeyPrefix(),
				lockProvider.getIfAvailable(lockTemplate::getProvider));
	}

	@Bean
	@ConditionalOnMissingBean
	LockAdmin lockAdmin(LockTemplate lockTemplate, LockStore lockStore, LockStatisticsSource lockStatistics,
			LockProperties properties, Environment environment, ObjectProvider<AdaptiveTimeouts> adaptiveTimeouts) {
		LockProperties.Cleanup cleanup = properties.getCleanup();
		Duration interval = cleanup.getInterval();
		if (!LockDurations.isPositive(interval)) {
			throw new InvalidLockConfigurationException("app.lock.cleanup.interval", interval, "it must be positive");
		}
		if (cleanup.getOrphanedThresholdMinutes() <= 0) {
			throw new InvalidLockConfigurationException("app.lock.cleanup.orphaned-threshold-minutes",
					cleanup.getOrphanedThresholdMinutes(), "the threshold must be at least 1 minute");
		}
		LockAdmin.Builder builder = LockAdmin.builder(lockTemplate, lockStore)
			.statistics(lockStatistics)
			.cleanupEnabled(cleanup.isEnabled())
			.cleanupInterval(interval)
			.orphanedThreshold(Duration.ofMinutes(cleanup.getOrphanedThresholdMinutes()))
			.applicationName(environment.getProperty("spring.application.name"));
		adaptiveTimeouts.ifAvailable((adaptive) -> builder.learnedTimeouts(adaptive::learnedTimeouts));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	LockAdminScheduler lockAdminScheduler(LockAdmin lockAdmin, LockScheduler lockScheduler, LockProperties properties) {
		return new LockAdminScheduler(lockAdmin, lockScheduler.getExecutor(), properties.getCleanup().isEnabled(),
				properties.getCleanup().getInterval());
	}

}
