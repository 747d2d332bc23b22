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

package com.oceanshop.lock.autoconfigure.metrics;

import java.util.Collections;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition that matches unless Boot's {@code management.metrics.enable.*} switches turn
 * off every {@code lock.*} meter. It reads them as Boot's own meter filter does (the
 * longest matching prefix wins, {@code all} is the fallback), so that switching the
 * meters off also drops the listener and the Redis check rather than leaving them to feed
 * no-op meters.
 */
class OnLockMetricsEnabledCondition extends SpringBootCondition {

	private static final String PROPERTY = "management.metrics.enable";

	private static final String PREFIX = "lock";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Boolean> enable = Binder.get(context.getEnvironment())
			.bind(PROPERTY, Bindable.mapOf(String.class, Boolean.class))
			.orElse(Collections.emptyMap());
		for (Map.Entry<String, Boolean> entry : enable.entrySet()) {
			if (entry.getKey().startsWith(PREFIX + ".") && Boolean.TRUE.equals(entry.getValue())) {
				return ConditionOutcome.match(PROPERTY + "." + entry.getKey() + " is true");
			}
		}
		Boolean enabled = enable.get(PREFIX);
		String source = PROPERTY + "." + PREFIX;
		if (enabled == null) {
			enabled = enable.get("all");
			source = PROPERTY + ".all";
		}
		if (enabled == null || enabled) {
			return ConditionOutcome.match("lock metrics are enabled");
		}
		return ConditionOutcome.noMatch(source + " is false");
	}

}
