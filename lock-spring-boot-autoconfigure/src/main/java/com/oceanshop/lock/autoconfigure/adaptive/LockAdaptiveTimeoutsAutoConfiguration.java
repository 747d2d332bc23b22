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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.adaptive.AdaptiveTimeoutSettings;
import com.oceanshop.lock.adaptive.AdaptiveTimeouts;
import com.oceanshop.lock.autoconfigure.InvalidLockConfigurationException;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.LockProperties;
import com.oceanshop.lock.autoconfigure.LockScheduler;
import com.oceanshop.lock.autoconfigure.LockSchedulerConfiguration;
import com.oceanshop.lock.metrics.AdaptiveTimeoutsMetrics;
import com.oceanshop.lock.redisson.RedissonAdaptiveTimeoutStore;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for adaptive lock timeouts, when
 * {@code app.lock.adaptive.enabled=true}: an {@link AdaptiveTimeouts} bean, which
 * {@link LockAutoConfiguration} hands to the lock template both as a listener (it
 * measures) and as the learned values of its defaults, its estimates shared in Redis
 * under the key prefix, the {@link AdaptiveTimeoutsScheduler} on the
 * {@link LockScheduler}, and the {@code lock.adaptive.*} gauges.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LockAutoConfiguration.class)
@ConditionalOnClass(RedissonClient.class)
@ConditionalOnBean(RedissonClient.class)
@ConditionalOnBooleanProperty("app.lock.adaptive.enabled")
@Import(LockSchedulerConfiguration.class)
public final class LockAdaptiveTimeoutsAutoConfiguration {

	private static final String PREFIX = "app.lock.adaptive.";

	private static final Pattern SETTING = Pattern.compile("'(\\w+)'");

	@Bean
	@ConditionalOnMissingBean
	AdaptiveTimeouts adaptiveLockTimeouts(RedissonClient redisson, LockProperties properties) {
		return new AdaptiveTimeouts(settings(properties.getAdaptive()),
				new RedissonAdaptiveTimeoutStore(redisson, properties.getKeyPrefix()));
	}

	@Bean
	@ConditionalOnMissingBean
	AdaptiveTimeoutsScheduler adaptiveLockTimeoutsScheduler(AdaptiveTimeouts adaptiveTimeouts,
			LockScheduler lockScheduler, ObjectProvider<LockTemplate> lockTemplate) {
		LockTemplate template = lockTemplate.getIfAvailable();
		return new AdaptiveTimeoutsScheduler(adaptiveTimeouts, lockScheduler.getExecutor(),
				template == null || template.isEnabled());
	}

	/**
	 * Map and check the {@code app.lock.adaptive.*} properties.
	 * @param adaptive the properties
	 * @return the settings
	 * @throws InvalidLockConfigurationException naming the property whose value makes no
	 * sense
	 */
	static AdaptiveTimeoutSettings settings(LockProperties.Adaptive adaptive) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("minLease", adaptive.getMinLease());
		values.put("maxLease", adaptive.getMaxLease());
		values.put("minWait", adaptive.getMinWait());
		values.put("maxWait", adaptive.getMaxWait());
		values.put("factor", adaptive.getFactor());
		values.put("warmUpCount", adaptive.getWarmUpCount());
		values.put("updateInterval", adaptive.getUpdateInterval());
		values.put("retention", adaptive.getRetention());
		try {
			return AdaptiveTimeoutSettings.builder()
				.lease(adaptive.getMinLease(), adaptive.getMaxLease())
				.wait(adaptive.getMinWait(), adaptive.getMaxWait())
				.factor(adaptive.getFactor())
				.warmUpCount(adaptive.getWarmUpCount())
				.updateInterval(adaptive.getUpdateInterval())
				.retention(adaptive.getRetention())
				.build();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			String message = String.valueOf(ex.getMessage());
			Matcher matcher = SETTING.matcher(message);
			String setting = matcher.find() ? matcher.group(1) : "enabled";
			String property = PREFIX + setting.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
			throw new InvalidLockConfigurationException(property, String.valueOf(values.get(setting)), message);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class AdaptiveTimeoutsMetricsConfiguration {

		// Bound to every registry by Boot's metrics auto-configuration; turned off with
		// the other lock meters by management.metrics.enable.lock=false.
		@Bean
		@ConditionalOnMissingBean
		AdaptiveTimeoutsMetrics adaptiveLockTimeoutsMetrics(AdaptiveTimeouts adaptiveTimeouts) {
			return new AdaptiveTimeoutsMetrics(adaptiveTimeouts);
		}

	}

}
