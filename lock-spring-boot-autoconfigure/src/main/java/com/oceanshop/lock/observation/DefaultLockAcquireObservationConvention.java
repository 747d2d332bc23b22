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

import io.micrometer.common.KeyValues;

/**
 * Default {@link LockAcquireObservationConvention}: the observation is named
 * {@value #NAME}, its spans {@code acquire lock <context:operation>}; low-cardinality
 * {@code lock.key}, {@code lock.type} and {@code outcome}, high-cardinality
 * {@code lock.id}.
 *
 * @since 0.1.0
 */
public class DefaultLockAcquireObservationConvention implements LockAcquireObservationConvention {

	/**
	 * Name of the observation (and of the timers the default meter handler records).
	 */
	public static final String NAME = "lock.acquire";

	/**
	 * Shared instance.
	 */
	public static final DefaultLockAcquireObservationConvention INSTANCE = new DefaultLockAcquireObservationConvention();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LockObservationContext context) {
		return "acquire lock " + context.getRequest().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LockObservationContext context) {
		return LockKeyValues.lowCardinality(context);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(LockObservationContext context) {
		return LockKeyValues.highCardinality(context);
	}

}
