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

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.observation.LockAcquireObservationConvention;
import com.oceanshop.lock.observation.LockHoldObservationConvention;
import com.oceanshop.lock.observation.ObservationLockListener;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for lock observations: an {@link ObservationLockListener} on the
 * application's {@link ObservationRegistry}, with the
 * {@link LockAcquireObservationConvention} and {@link LockHoldObservationConvention}
 * beans, if any, in place of the defaults. Turned off like every other observation:
 * {@code management.observations.enable.lock=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LockAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class LockObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationLockListener observationLockListener(ObservationRegistry registry,
			ObjectProvider<LockAcquireObservationConvention> acquireConvention,
			ObjectProvider<LockHoldObservationConvention> holdConvention) {
		ObservationLockListener listener = new ObservationLockListener(registry);
		listener.setAcquireObservationConvention(acquireConvention.getIfUnique());
		listener.setHoldObservationConvention(holdConvention.getIfUnique());
		return listener;
	}

}
