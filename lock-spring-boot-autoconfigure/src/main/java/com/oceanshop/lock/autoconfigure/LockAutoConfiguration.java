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

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.util.function.SingletonSupplier;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.InvalidLockKeyException;
import com.oceanshop.lock.LearnedTimeouts;
import com.oceanshop.lock.LockCircuitBreaker;
import com.oceanshop.lock.LockDefaults;
import com.oceanshop.lock.LockDurations;
import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockReleaseDeferral;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.aop.DistributedLockAnnotationBeanPostProcessor;
import com.oceanshop.lock.aop.LockKeyResolver;
import com.oceanshop.lock.aop.LockTransactionGuard;
import com.oceanshop.lock.aop.TransactionBoundLockRelease;
import com.oceanshop.lock.redisson.RedissonLockProvider;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Ocean Lock: a {@link LockTemplate} over the application's
 * {@link RedissonClient}, configured from {@link LockProperties app.lock.*}, and the
 * post-processor that applies {@link DistributedLock @DistributedLock}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.redisson.spring.starter.RedissonAutoConfigurationV4")
@ConditionalOnClass(RedissonClient.class)
@Conditional(OnLockStoreCondition.class)
@EnableConfigurationProperties(LockProperties.class)
@Import(LockSchedulerConfiguration.class)
public final class LockAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LockAutoConfiguration.class);

	private static final String PREFIX = "app.lock.";

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static DistributedLockAnnotationBeanPostProcessor distributedLockAnnotationBeanPostProcessor(
			ObjectProvider<LockTemplate> lockTemplate, ObjectProvider<LockKeyResolver> keyResolver,
			ObjectProvider<LockReleaseDeferral> releaseDeferral, Environment environment) {
		DistributedLockAnnotationBeanPostProcessor postProcessor = new DistributedLockAnnotationBeanPostProcessor(
				lockTemplate::getObject, () -> keyResolver.getIfAvailable(LockKeyResolver::standard));
		postProcessor.setReleaseDeferral(
				SingletonSupplier.of(() -> releaseDeferral.getIfAvailable(() -> LockReleaseDeferral.NONE)));
		postProcessor
			.setProxyTargetClass(environment.getProperty("spring.aop.proxy-target-class", Boolean.class, Boolean.TRUE));
		return postProcessor;
	}

	@Bean
	@ConditionalOnMissingBean
	LockKeyResolver lockKeyResolver() {
		return LockKeyResolver.standard();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RedissonClient.class)
	LockProvider lockProvider(RedissonClient redisson, LockProperties properties, LockScheduler lockScheduler) {
		RedissonLockProvider provider;
		try {
			// Renewals run on the one scheduler of Ocean Lock's background work.
			provider = new RedissonLockProvider(redisson, properties.getKeyPrefix(), lockScheduler.getExecutor());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLockConfigurationException(PREFIX + "key-prefix", properties.getKeyPrefix(),
					ex.getMessage());
		}
		provider.setLocalQueueing(properties.isLocalQueue());
		provider.setDeadlockDetection(properties.getDeadlockDetection().isEnabled());
		provider.setPriorityOrdering(properties.getPriority().isEnabled());
		provider.setCommandPipelining(properties.getClient().isCommandPipelining());
		try {
			provider.setPriorityAgingInterval(properties.getPriority().getAgingInterval());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLockConfigurationException(PREFIX + "priority.aging-interval",
					properties.getPriority().getAgingInterval(), ex.getMessage());
		}
		try {
			provider.setLocalHandOffs(properties.getPriority().getLocalHandOffs());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLockConfigurationException(PREFIX + "priority.local-hand-offs",
					properties.getPriority().getLocalHandOffs(), ex.getMessage());
		}
		Duration renewalTimeout = properties.getRenewalTimeout();
		if (renewalTimeout != null && !renewalTimeout.equals(provider.getRenewalTimeout())) {
			logger.warn("app.lock.renewal-timeout=" + renewalTimeout + " is not applied: the RedissonClient in use "
					+ "was not created by Redisson's auto-configuration and has lockWatchdogTimeout="
					+ provider.getRenewalTimeout() + "; set it on that client's Config");
		}
		return provider;
	}

	@Bean
	@ConditionalOnMissingBean
	LockTemplate lockTemplate(LockProvider lockProvider, LockProperties properties,
			ObjectProvider<LockListener> listener, ObjectProvider<LockReleaseDeferral> releaseDeferral,
			ObjectProvider<LockTemplateCustomizer> customizers, ObjectProvider<LearnedTimeouts> learnedTimeouts) {
		LockTemplate.Builder builder = LockTemplate.builder(lockProvider)
			.defaults(lockDefaults(properties).withLearned(learnedTimeouts.getIfAvailable(() -> LearnedTimeouts.NONE)))
			.enabled(properties.isEnabled())
			.maxRetries(nonNegative("max-retries", properties.getMaxRetries()))
			.retryBackoff(nonNegative("retry-backoff", properties.getRetryBackoff()))
			.circuitBreaker(circuitBreaker(properties.getCircuitBreaker()));
		builder.listener(LockListener.composite(listener.orderedStream().toList()));
		releaseDeferral.ifAvailable(builder::releaseDeferral);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		LockTemplate template = builder.build();
		if (!template.isEnabled()) {
			logger.warn(PREFIX + "enabled=false: distributed locking is disabled, protected code runs without a "
					+ "distributed lock; set " + PREFIX + "enabled=true to lock again");
		}
		return template;
	}

	private static LockCircuitBreaker circuitBreaker(LockProperties.CircuitBreaker properties) {
		if (!properties.isEnabled()) {
			return LockCircuitBreaker.disabled();
		}
		if (properties.getFailureThreshold() < 1) {
			throw new InvalidLockConfigurationException(PREFIX + "circuit-breaker.failure-threshold",
					properties.getFailureThreshold(), "it must be at least 1");
		}
		return new LockCircuitBreaker(properties.getFailureThreshold(),
				positive("circuit-breaker.open-duration", properties.getOpenDuration()));
	}

	/**
	 * Map and check the timeout properties.
	 * @param properties the properties
	 * @return the lock defaults
	 * @throws InvalidLockConfigurationException if a value makes no sense
	 */
	static LockDefaults lockDefaults(LockProperties properties) {
		if (properties.getDefaultTtlSeconds() <= 0) {
			throw new InvalidLockConfigurationException(PREFIX + "default-ttl-seconds",
					properties.getDefaultTtlSeconds(), "the default lease must be at least 1 second");
		}
		if (properties.getCleanup().getOrphanedThresholdMinutes() <= 0) {
			throw new InvalidLockConfigurationException(PREFIX + "cleanup.orphaned-threshold-minutes",
					properties.getCleanup().getOrphanedThresholdMinutes(), "the threshold must be at least 1 minute");
		}
		if (properties.getRenewalTimeout() != null) {
			positive("renewal-timeout", properties.getRenewalTimeout());
		}
		LockDefaults.Builder builder = LockDefaults.builder()
			.global(nonNegative("wait-time", properties.getWaitTime()),
					Duration.ofSeconds(properties.getDefaultTtlSeconds()), properties.isAutoRenew());
		for (Map.Entry<LockType, LockProperties.Timeouts> entry : properties.getTypes().entrySet()) {
			builder.type(entry.getKey(), timeouts("types." + entry.getKey().tagValue(), entry.getValue()));
		}
		for (Map.Entry<String, LockProperties.Timeouts> entry : properties.getNames().entrySet()) {
			String name = entry.getKey();
			LockDefaults.Timeouts timeouts = timeouts("names[" + name + "]", entry.getValue());
			try {
				builder.name(name, timeouts);
			}
			catch (InvalidLockKeyException ex) {
				throw new InvalidLockConfigurationException(PREFIX + "names[" + name + "]", name,
						"a lock name must have the form <context>:<operation>, both matching [a-z][a-z0-9-]*, "
								+ "for example 'inventory:reserve'");
			}
		}
		return builder.build();
	}

	private static LockDefaults.Timeouts timeouts(String path, LockProperties.Timeouts timeouts) {
		@Nullable Duration waitTime = timeouts.getWaitTime();
		@Nullable Duration leaseTime = timeouts.getLeaseTime();
		return new LockDefaults.Timeouts((waitTime != null) ? nonNegative(path + ".wait-time", waitTime) : null,
				(leaseTime != null) ? positive(path + ".lease-time", leaseTime) : null, timeouts.getAutoRenew());
	}

	private static Duration nonNegative(String property, Duration value) {
		if (value.isNegative()) {
			throw new InvalidLockConfigurationException(PREFIX + property, value, "it must not be negative");
		}
		return value;
	}

	private static Duration positive(String property, Duration value) {
		if (!LockDurations.isPositive(value)) {
			throw new InvalidLockConfigurationException(PREFIX + property, value, "it must be positive");
		}
		return value;
	}

	private static int nonNegative(String property, int value) {
		if (value < 0) {
			throw new InvalidLockConfigurationException(PREFIX + property, value, "it must not be negative");
		}
		return value;
	}

	/**
	 * Applies {@code app.lock.renewal-timeout} and {@code app.lock.client.*} to the
	 * client built by Redisson's auto-configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedissonAutoConfigurationCustomizer.class)
	static class RedissonRenewalTimeoutConfiguration {

		@Bean
		RedissonAutoConfigurationCustomizer lockRenewalTimeoutRedissonCustomizer(LockProperties properties) {
			return (config) -> {
				Duration renewalTimeout = properties.getRenewalTimeout();
				if (renewalTimeout != null) {
					// Redisson's watchdog renews every third of this timeout, and a lock
					// whose holder died expires within it.
					config.setLockWatchdogTimeout(positive("renewal-timeout", renewalTimeout).toMillis());
				}
			};
		}

		@Bean
		RedissonAutoConfigurationCustomizer lockClientSizingRedissonCustomizer(LockProperties properties) {
			return new LockClientSizing(properties.getClient(), Runtime.getRuntime().availableProcessors());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TransactionExecutionListener.class)
	static class LockTransactionGuardConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LockTransactionGuard lockTransactionGuard() {
			return new LockTransactionGuard();
		}

		@Bean
		@ConditionalOnMissingBean(LockReleaseDeferral.class)
		TransactionBoundLockRelease transactionBoundLockRelease() {
			return new TransactionBoundLockRelease();
		}

	}

}
