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

import com.oceanshop.lock.observation.LockObservationDocumentation.HighCardinalityKeyNames;

/**
 * Default {@link LockHoldObservationConvention}: the observation is named {@value #NAME},
 * its spans {@code hold lock <context:operation>}; low-cardinality {@code lock.key},
 * {@code lock.type} and {@code outcome}, high-cardinality {@code lock.id} and, if the
 * holder asked for one, {@code lock.fencing.token}.
 *
 * @since 0.1.0
 */
public class DefaultLockHoldObservationConvention implements LockHoldObservationConvention {

	/**
	 * Name of the observation (and of the timers the default meter handler records).
	 */
	public static final String NAME = "lock.hold";

	/**
	 * Shared instance.
	 */
	public static final DefaultLockHoldObservationConvention INSTANCE = new DefaultLockHoldObservationConvention();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LockObservationContext context) {
		return "hold lock " + context.getRequest().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LockObservationContext context) {
		return LockKeyValues.lowCardinality(context);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(LockObservationContext context) {
		KeyValues keyValues = LockKeyValues.highCardinality(context);
		Long token = context.getFencingToken();
		return (token != null) ? keyValues.and(HighCardinalityKeyNames.FENCING_TOKEN.withValue(token.toString()))
				: keyValues;
	}

}
