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
package com.oceanshop.lock.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.observation.LockObservationAutoConfiguration;
import com.oceanshop.lock.metrics.MicrometerLockListener;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link ObservationLockListener}: the observations a Spring Boot
 * application records for real lock operations on a real Redis.
 */
class ObservationLockListenerIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class, DataRedisAutoConfiguration.class,
				LockAutoConfiguration.class, ObservationAutoConfiguration.class,
				LockObservationAutoConfiguration.class))
		.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
		.withPropertyValues(redisProperties());

	private static String[] redisProperties() {
		RedisNode node = redis.standaloneTopology().node();
		return new String[] { "spring.data.redis.host=" + node.host(), "spring.data.redis.port=" + node.port(),
				"app.lock.max-retries=0" };
	}

	@Test
	void acquisitionAndHoldAreObservedAsChildrenOfTheCallersObservation() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			LockTemplate locks = context.getBean(LockTemplate.class);
			Observation request = Observation.start("http.server.requests", registry);
			long token;
			try (Observation.Scope scope = request.openScope()) {
				token = locks.execute(LockRequest.of("inventory:reserve:PROD-123"), LockHandle::fencingToken);
			}
			request.stop();
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("lock.acquire", 1)
				.hasObservationWithNameEqualTo("lock.acquire")
				.that()
				.hasContextualNameEqualTo("acquire lock inventory:reserve")
				.hasLowCardinalityKeyValue("lock.key", "inventory:reserve")
				.hasLowCardinalityKeyValue("lock.type", "exclusive")
				.hasLowCardinalityKeyValue("outcome", "acquired")
				.hasHighCardinalityKeyValue("lock.id", "PROD-123")
				.doesNotHaveLowCardinalityKeyValueWithKey("lock.id")
				.doesNotHaveHighCardinalityKeyValueWithKey("lock.fencing.token")
				.doesNotHaveError()
				.hasBeenStopped()
				.hasParentObservationEqualTo(request);
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("lock.hold", 1)
				.hasObservationWithNameEqualTo("lock.hold")
				.that()
				.hasContextualNameEqualTo("hold lock inventory:reserve")
				.hasLowCardinalityKeyValue("lock.key", "inventory:reserve")
				.hasLowCardinalityKeyValue("outcome", "released")
				.hasHighCardinalityKeyValue("lock.id", "PROD-123")
				.hasHighCardinalityKeyValue("lock.fencing.token", Long.toString(token))
				.doesNotHaveError()
				.hasBeenStopped()
				.hasParentObservationEqualTo(request);
		});
	}

	@Test
	void asynchronousAcquisitionAndHoldAreObservedToo() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			LockTemplate locks = context.getBean(LockTemplate.class);
			long token = locks
				.executeAsync(LockRequest.of("inventory:reserve:PROD-9"),
						(lock) -> CompletableFuture.completedFuture(lock.fencingToken()))
				.get(10, TimeUnit.SECONDS);
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("lock.acquire", 1)
				.hasObservationWithNameEqualTo("lock.acquire")
				.that()
				.hasLowCardinalityKeyValue("lock.key", "inventory:reserve")
				.hasLowCardinalityKeyValue("outcome", "acquired")
				.hasHighCardinalityKeyValue("lock.id", "PROD-9")
				.hasBeenStopped();
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("lock.hold", 1)
				.hasObservationWithNameEqualTo("lock.hold")
				.that()
				.hasLowCardinalityKeyValue("outcome", "released")
				.hasHighCardinalityKeyValue("lock.fencing.token", Long.toString(token))
				.hasBeenStopped();
		});
	}

	@Test
	void holdWithoutFencingTokenHasNoTokenAndTokenIsNeverFetchedForTracing() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			LockTemplate locks = context.getBean(LockTemplate.class);
			locks.execute(LockRequest.builder("order:process:O-1").type(LockType.FAIR).build(), (lock) -> null);
			locks.execute(LockRequest.of("order:token:O-1"), LockHandle::fencingToken);
			assertThat(registry).hasHandledContextsThatSatisfy((contexts) -> {
				LockObservationContext fair = holdOf(contexts, "order:process");
				assertThat(fair.getRequest().type()).isEqualTo(LockType.FAIR);
				assertThat(fair.getFencingToken()).isNull();
				assertThat(fair.getHighCardinalityKeyValue("lock.fencing.token")).isNull();
				assertThat(holdOf(contexts, "order:token").getFencingToken()).isNotNull();
			});
		});
	}

	@Test
	void timeoutEndsTheAcquisitionWithAnError() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			LockTemplate locks = context.getBean(LockTemplate.class);
			String key = "payment:process:P-9";
			ExecutorService holder = Executors.newSingleThreadExecutor();
			CountDownLatch held = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			try {
				Future<?> holding = holder.submit(() -> {
					try (LockHandle lock = locks.acquire(LockRequest.of(key))) {
						held.countDown();
						return release.await(30, TimeUnit.SECONDS);
					}
				});
				assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
				assertThatExceptionOfType(LockAcquisitionException.class).isThrownBy(
						() -> locks.acquire(LockRequest.builder(key).waitTime(Duration.ofMillis(100)).build()).close());
				release.countDown();
				holding.get(30, TimeUnit.SECONDS);
			}
			finally {
				release.countDown();
				holder.shutdownNow();
			}
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("lock.acquire", 2)
				.hasNumberOfObservationsWithNameEqualTo("lock.hold", 1)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("lock.acquire")
					.hasLowCardinalityKeyValue("outcome", "timeout")
					.hasLowCardinalityKeyValue("lock.key", "payment:process")
					.hasHighCardinalityKeyValue("lock.id", "P-9")
					.assertThatError()
					.isInstanceOf(LockAcquisitionException.class)
					.hasMessageContaining(key));
		});
	}

	@Test
	void lockLostBeforeReleaseEndsTheHoldWithAnError() {
		this.contextRunner.run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			LockTemplate locks = context.getBean(LockTemplate.class);
			LockHandle handle = locks
				.acquire(LockRequest.builder("cache:update:C-1").leaseTime(Duration.ofMillis(100)).build());
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (locks.isLocked("cache:update:C-1") && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close);
			assertThat(registry).hasObservationWithNameEqualTo("lock.hold")
				.that()
				.hasLowCardinalityKeyValue("outcome", "lost")
				.hasBeenStopped()
				.assertThatError()
				.isInstanceOf(LockLostException.class);
		});
	}

	@Test
	void observationsAreOffWithBootsSwitchAndLockingGoesOn() {
		this.contextRunner.withPropertyValues("management.observations.enable.lock=false").run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			LockTemplate locks = context.getBean(LockTemplate.class);
			boolean held = locks.execute(LockRequest.of("inventory:reserve:PROD-7"), LockHandle::isHeld);
			assertThat(held).isTrue();
			assertThat(registry).doesNotHaveAnyObservation();
		});
	}

	@Test
	void observationTimersCoexistWithTheLockMetersInPrometheus() {
		PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		meters.throwExceptionOnRegistrationFailure();
		this.contextRunner.withBean(MicrometerLockListener.class, () -> new MicrometerLockListener(meters))
			.withBean(DefaultMeterObservationHandler.class, () -> new DefaultMeterObservationHandler(meters))
			.run((context) -> {
				LockTemplate locks = context.getBean(LockTemplate.class);
				locks.execute(LockRequest.of("inventory:reserve:PROD-1"), (lock) -> null);
				String scrape = meters.scrape();
				String tags = "lock_key=\"inventory:reserve\",lock_type=\"exclusive\"";
				assertThat(scrape).contains("lock_acquisitions_total{" + tags + "} 1.0",
						"lock_hold_duration_seconds_count{" + tags + "} 1",
						"lock_acquire_seconds_count{error=\"none\"," + tags + ",outcome=\"acquired\"} 1",
						"lock_hold_seconds_count{error=\"none\"," + tags + ",outcome=\"released\"} 1");
				assertThat(scrape).doesNotContain("PROD-1");
			});
	}

	private static LockObservationContext holdOf(List<? extends Observation.Context> contexts, String name) {
		return contexts.stream()
			.filter((context) -> "lock.hold".equals(context.getName()))
			.map(LockObservationContext.class::cast)
			.filter((context) -> context.getRequest().name().equals(name))
			.findFirst()
			.orElseThrow();
	}

}
