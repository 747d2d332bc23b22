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
package com.oceanshop.lock.autoconfigure.observation;

import java.time.Duration;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.observation.DefaultLockAcquireObservationConvention;
import com.oceanshop.lock.observation.LockAcquireObservationConvention;
import com.oceanshop.lock.observation.LockObservationContext;
import com.oceanshop.lock.observation.ObservationLockListener;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LockObservationAutoConfiguration}.
 */
class LockObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LockObservationAutoConfiguration.class));

	@Test
	void runWithoutObservationRegistryShouldBackOff() {
		this.contextRunner
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ObservationLockListener.class));
	}

	@Test
	void runWithoutMicrometerObservationShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ObservationLockListener.class));
	}

	@Test
	void runWithObservationRegistryShouldCreateListener() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			assertThat(context).hasSingleBean(ObservationLockListener.class);
			observeOneAcquisition(context.getBean(ObservationLockListener.class));
			assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo(DefaultLockAcquireObservationConvention.NAME);
		});
	}

	@Test
	void runWithUserListenerShouldBackOff() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withBean("userListener", ObservationLockListener.class,
					() -> new ObservationLockListener(ObservationRegistry.NOOP))
			.run((context) -> assertThat(context).hasSingleBean(ObservationLockListener.class).hasBean("userListener"));
	}

	@Test
	void runWithConventionBeanShouldUseIt() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withBean(LockAcquireObservationConvention.class, TenantAcquireConvention::new)
			.run((context) -> {
				observeOneAcquisition(context.getBean(ObservationLockListener.class));
				assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo(DefaultLockAcquireObservationConvention.NAME)
					.that()
					.hasLowCardinalityKeyValue("tenant", "shop")
					.hasLowCardinalityKeyValue("lock.key", "inventory:reserve");
			});
	}

	private static void observeOneAcquisition(LockListener listener) {
		LockRequest request = LockRequest.of("inventory:reserve:PROD-1");
		listener.onStarted(request).onTimeout(request, Duration.ofMillis(1));
	}

	static class TenantAcquireConvention extends DefaultLockAcquireObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(LockObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "shop");
		}

	}

}
