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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockDefaults;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockCircuitBreaker;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.aop.LockTransactionGuard;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.aop.DistributedLockAnnotationBeanPostProcessor;
import com.oceanshop.lock.aop.LockKeyResolver;
import com.oceanshop.lock.redisson.RedissonLockProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LockAutoConfiguration}. A mocked {@link RedissonClient} is enough
 * here: these tests check conditions and binding, not lock behaviour.
 */
class LockAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LockAutoConfiguration.class));

	@Test
	void runWithoutRedissonClientShouldBackOff() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(LockTemplate.class)
			.doesNotHaveBean(DistributedLockAnnotationBeanPostProcessor.class));
	}

	@Test
	void runWithRedissonClientShouldCreateDefaults() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LockTemplate.class)
				.hasSingleBean(LockProvider.class)
				.hasSingleBean(LockKeyResolver.class)
				.hasSingleBean(DistributedLockAnnotationBeanPostProcessor.class)
				.hasBean("lockRenewalTimeoutRedissonCustomizer")
				.hasBean("lockClientSizingRedissonCustomizer");
			LockTemplate template = context.getBean(LockTemplate.class);
			assertThat(template.isEnabled()).isTrue();
			LockDefaults defaults = template.getDefaults();
			LockRequest request = LockRequest.of("inventory:reserve:P-1");
			assertThat(defaults.waitTime(request)).isEqualTo(Duration.ofSeconds(5));
			assertThat(defaults.leaseTime(request)).isEqualTo(Duration.ofSeconds(30));
			assertThat(template.getProvider()).isInstanceOfSatisfying(RedissonLockProvider.class,
					(provider) -> assertThat(provider.getKeyPrefix()).isEqualTo("lock:"));
			LockProperties properties = context.getBean(LockProperties.class);
			assertThat(properties.getMaxRetries()).isEqualTo(3);
			assertThat(properties.getCleanup().isEnabled()).isTrue();
			assertThat(properties.getCleanup().getOrphanedThresholdMinutes()).isEqualTo(5);
		});
	}

	@Test
	void runWithUserLockTemplateShouldBackOff() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class, UserLockTemplateConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(LockTemplate.class)
				.getBean(LockTemplate.class)
				.isSameAs(context.getBean(UserLockTemplateConfiguration.class).template));
	}

	@Test
	void runWithUserKeyResolverShouldBackOff() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withBean("myResolver", LockKeyResolver.class,
					() -> (method, targetClass, templates) -> (args) -> templates)
			.run((context) -> assertThat(context).hasSingleBean(LockKeyResolver.class).hasBean("myResolver"));
	}

	@Test
	void localQueueIsOnByDefaultAndCanBeTurnedOff() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.run((context) -> assertThat(context.getBean(RedissonLockProvider.class).isLocalQueueing()).isTrue());
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.local-queue=false")
			.run((context) -> assertThat(context.getBean(RedissonLockProvider.class).isLocalQueueing()).isFalse());
	}

	@Test
	void commandPipeliningIsOnByDefaultAndCanBeTurnedOff() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.run((context) -> assertThat(context.getBean(RedissonLockProvider.class).isCommandPipelining()).isTrue());
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.client.command-pipelining=false")
			.run((context) -> assertThat(context.getBean(RedissonLockProvider.class).isCommandPipelining()).isFalse());
	}

	@Test
	void priorityOrderingIsOnByDefaultAndItsPropertiesAreApplied() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class).run((context) -> {
			RedissonLockProvider provider = context.getBean(RedissonLockProvider.class);
			assertThat(provider.isPriorityOrdering()).isTrue();
			assertThat(provider.getPriorityAgingInterval()).isEqualTo(Duration.ofMillis(100));
			assertThat(provider.getLocalHandOffs()).isEqualTo(16);
		});
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.priority.enabled=false", "app.lock.priority.aging-interval=250ms",
					"app.lock.priority.local-hand-offs=0")
			.run((context) -> {
				RedissonLockProvider provider = context.getBean(RedissonLockProvider.class);
				assertThat(provider.isPriorityOrdering()).isFalse();
				assertThat(provider.getPriorityAgingInterval()).isEqualTo(Duration.ofMillis(250));
				assertThat(provider.getLocalHandOffs()).isZero();
			});
	}

	@Test
	void runWithNegativePriorityAgingIntervalShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.priority.aging-interval=-1s", "app.lock.priority.aging-interval",
				"between 0 and 1 hour");
	}

	@Test
	void runWithNegativeLocalHandOffsShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.priority.local-hand-offs=-1", "app.lock.priority.local-hand-offs",
				"between 0 and 1000");
	}

	@Test
	void circuitBreakerPropertiesAreApplied() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.circuit-breaker.failure-threshold=3",
					"app.lock.circuit-breaker.open-duration=2s")
			.run((context) -> {
				LockCircuitBreaker breaker = context.getBean(LockTemplate.class).getCircuitBreaker();
				assertThat(breaker.getFailureThreshold()).isEqualTo(3);
				assertThat(breaker.getOpenDuration()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void circuitBreakerCanBeDisabled() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.circuit-breaker.enabled=false")
			.run((context) -> assertThat(context.getBean(LockTemplate.class).getCircuitBreaker().getFailureThreshold())
				.isEqualTo(Integer.MAX_VALUE));
	}

	@Test
	void runWithBadCircuitBreakerThresholdShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.circuit-breaker.failure-threshold=0",
				"app.lock.circuit-breaker.failure-threshold", "at least 1");
	}

	@Test
	void transactionGuardIsRegistered() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(LockTransactionGuard.class));
	}

	@Test
	void runWithUserRedissonClientShouldUseIt() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.key-prefix=shop:")
			.run((context) -> assertThat(context.getBean(LockTemplate.class).getProvider()).isInstanceOfSatisfying(
					RedissonLockProvider.class, (provider) -> assertThat(provider.getKeyPrefix()).isEqualTo("shop:")));
	}

	@Test
	void runWithAdrTimeoutTableShouldResolvePerName() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withInitializer(properties("app.lock.default-ttl-seconds=10", "app.lock.wait-time=2s",
					"app.lock.names[inventory:reserve].lease-time=30s", "app.lock.names[order:process].lease-time=60s",
					"app.lock.names[payment:process].lease-time=30s", "app.lock.names[cache:update].lease-time=10s",
					"app.lock.names[batch:process].lease-time=300s", "app.lock.names[batch:process].wait-time=0s",
					"app.lock.types.fair.wait-time=15s", "app.lock.types.semaphore.auto-renew=true"))
			.run((context) -> {
				LockDefaults defaults = context.getBean(LockTemplate.class).getDefaults();
				assertThat(lease(defaults, "inventory:reserve:P-1")).isEqualTo(Duration.ofSeconds(30));
				assertThat(lease(defaults, "order:process:O-1")).isEqualTo(Duration.ofSeconds(60));
				assertThat(lease(defaults, "payment:process:O-1")).isEqualTo(Duration.ofSeconds(30));
				assertThat(lease(defaults, "cache:update:customer:C-1")).isEqualTo(Duration.ofSeconds(10));
				assertThat(lease(defaults, "batch:process:nightly")).isEqualTo(Duration.ofMinutes(5));
				assertThat(lease(defaults, "other:thing:1")).isEqualTo(Duration.ofSeconds(10));
				assertThat(defaults.waitTime(LockRequest.of("batch:process:nightly"))).isZero();
				assertThat(defaults.waitTime(LockRequest.of("other:thing:1"))).isEqualTo(Duration.ofSeconds(2));
				assertThat(defaults.waitTime(LockRequest.builder("order:process:O-1").type(LockType.FAIR).build()))
					.isEqualTo(Duration.ofSeconds(15));
				assertThat(defaults
					.leaseTime(LockRequest.builder("rate:limit:api").type(LockType.SEMAPHORE).maxPermits(5).build()))
					.isNull();
			});
	}

	@Test
	void runWithAutoRenewShouldMakeAutoRenewalTheDefault() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.auto-renew=true")
			.run((context) -> assertThat(
					context.getBean(LockTemplate.class).getDefaults().leaseTime(LockRequest.of("order:process:1")))
				.isNull());
	}

	@Test
	void runWithRenewalTimeoutShouldCustomizeRedissonConfig() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.renewal-timeout=12s")
			.run((context) -> {
				Config config = new Config();
				context.getBean("lockRenewalTimeoutRedissonCustomizer", RedissonAutoConfigurationCustomizer.class)
					.customize(config);
				assertThat(config.getLockWatchdogTimeout()).isEqualTo(12_000);
			});
	}

	@Test
	void runWithLockTemplateCustomizerShouldApplyIt() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withBean(LockTemplateCustomizer.class, () -> (builder) -> builder.enabled(false))
			.run((context) -> assertThat(context.getBean(LockTemplate.class).isEnabled()).isFalse());
	}

	@Test
	void runWhenDisabledShouldRunWithoutLocking() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.enabled=false")
			.run((context) -> {
				LockTemplate template = context.getBean(LockTemplate.class);
				assertThat(template.isEnabled()).isFalse();
				try (LockHandle handle = template.acquire(LockRequest.of("inventory:reserve:P-1"))) {
					assertThat(handle.isHeld()).isFalse();
				}
			});
	}

	@Test
	void runWithNegativeWaitTimeShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.wait-time=-1s", "app.lock.wait-time", "must not be negative");
	}

	@Test
	void runWithNegativeTtlShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.default-ttl-seconds=-5", "app.lock.default-ttl-seconds", "at least 1 second");
	}

	@Test
	void runWithNegativeMaxRetriesShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.max-retries=-1", "app.lock.max-retries", "must not be negative");
	}

	@Test
	void runWithZeroNamedLeaseShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.names[order:process].lease-time=0s", "app.lock.names[order:process].lease-time",
				"must be positive");
	}

	@Test
	void runWithMalformedLockNameShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.names[Order].lease-time=10s", "app.lock.names[Order]", "<context>:<operation>");
	}

	@Test
	void runWithBadKeyPrefixShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.key-prefix=lock*", "app.lock.key-prefix", "glob");
	}

	@Test
	void runWithUnparseableDurationShouldFailWithAnalysis() {
		assertFailureAnalysis("app.lock.wait-time=soon", "app.lock.wait-time", "soon");
	}

	@Test
	void runWithUnparseableKeyTemplateShouldFailWithAnalysis() {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withBean(BadKeyService.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(BadKeyService.class.getName() + ".reserve()")
					.contains("does not parse");
				assertThat(analysis.getAction()).contains("@DistributedLock");
			});
	}

	private void assertFailureAnalysis(String property, String name, String reason) {
		this.contextRunner.withUserConfiguration(RedissonConfiguration.class)
			.withInitializer(properties(property))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(name).contains(reason);
				assertThat(analysis.getAction()).isNotBlank();
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(LockAutoConfigurationTests.class.getClassLoader())
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			}));
		return analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No failure analysis for " + failure));
	}

	/**
	 * Lock names contain ':', which {@code withPropertyValues} would take for a
	 * separator, as a properties file does unless it is escaped.
	 */
	private static ApplicationContextInitializer<ConfigurableApplicationContext> properties(String... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (String pair : pairs) {
			int separator = pair.lastIndexOf('=');
			map.put(pair.substring(0, separator), pair.substring(separator + 1));
		}
		return (context) -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", map));
	}

	private static Duration lease(LockDefaults defaults, String key) {
		return defaults.leaseTime(LockRequest.of(key));
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
	static class UserLockTemplateConfiguration {

		final LockTemplate template = LockTemplate.builder(mock(LockProvider.class)).build();

		@Bean
		LockTemplate myLockTemplate() {
			return this.template;
		}

	}

	static class BadKeyService {

		@DistributedLock(key = "inventory:reserve:#{#productId +}")
		public void reserve(String productId) {
		}

	}

}
