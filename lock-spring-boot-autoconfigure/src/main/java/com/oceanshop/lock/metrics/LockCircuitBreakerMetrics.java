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

package com.oceanshop.lock.metrics;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import com.oceanshop.lock.LockCircuitBreaker;

/**
 * {@link MeterBinder} for the {@link LockCircuitBreaker} of the lock template: the gauge
 * {@value LockMetricNames#CIRCUIT_BREAKER_STATE} [{@code lock_circuit_breaker_state}],
 * one series per state ({@code state="closed"}, {@code "open"}, {@code "half_open"}), 1
 * for the current state and 0 for the others, as resilience4j exports its breakers. An
 * alert on {@code lock_circuit_breaker_state{state="open"} == 1} tells that this instance
 * fails lock acquisitions fast because Redis was unreachable.
 *
 * @since 0.1.0
 */
public class LockCircuitBreakerMetrics implements MeterBinder {

	private final Supplier<LockCircuitBreaker> circuitBreaker;

	/**
	 * Create a binder.
	 * @param circuitBreaker supplier of the breaker, called when the gauges are read
	 */
	public LockCircuitBreakerMetrics(Supplier<LockCircuitBreaker> circuitBreaker) {
		this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "'circuitBreaker' must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (LockCircuitBreaker.State state : LockCircuitBreaker.State.values()) {
			Gauge
				.builder(LockMetricNames.CIRCUIT_BREAKER_STATE, this.circuitBreaker,
						(breaker) -> (breaker.get().getState() == state) ? 1 : 0)
				.tag(LockMetricNames.TAG_STATE, state.name().toLowerCase(Locale.ROOT))
				.description("Whether the lock circuit breaker is in this state (1) or not (0)")
				.register(registry);
		}
	}

}
