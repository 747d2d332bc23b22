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

import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.observation.LockObservationDocumentation.HighCardinalityKeyNames;
import com.oceanshop.lock.observation.LockObservationDocumentation.LowCardinalityKeyNames;

/**
 * Key values that both default conventions give.
 */
final class LockKeyValues {

	private LockKeyValues() {
	}

	static KeyValues lowCardinality(LockObservationContext context) {
		LockRequest request = context.getRequest();
		return KeyValues.of(LowCardinalityKeyNames.LOCK_KEY.withValue(request.name()),
				LowCardinalityKeyNames.LOCK_TYPE.withValue(request.type().tagValue()),
				LowCardinalityKeyNames.OUTCOME.withValue(context.getOutcome()));
	}

	static KeyValues highCardinality(LockObservationContext context) {
		return KeyValues.of(HighCardinalityKeyNames.LOCK_ID.withValue(context.getRequest().lockKey().id()));
	}

}
