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

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.adaptive.AdaptiveTimeouts;
import com.oceanshop.lock.adaptive.LearnedTimeout;

/**
 * {@link MeterBinder} for {@link AdaptiveTimeouts}: the gauges
 * {@value LockMetricNames#ADAPTIVE_LEASE} [{@code lock_adaptive_lease_seconds}] and
 * {@value LockMetricNames#ADAPTIVE_WAIT} [{@code lock_adaptive_wait_seconds}], one series
 * per lock name ({@code lock_key}) from the moment its learned value is in use (after the
 * warm-up), with the value new acquisitions get. A name whose estimate expired reports
 * NaN.
 *
 * @since 0.1.0
 */
public class AdaptiveTimeoutsMetrics implements MeterBinder {

	private final AdaptiveTimeouts adaptiveTimeouts;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	/**
	 * Create a binder.
	 * @param adaptiveTimeouts the adaptive timeouts to report
	 */
	public AdaptiveTimeoutsMetrics(AdaptiveTimeouts adaptiveTimeouts) {
		this.adaptiveTimeouts = Objects.requireNonNull(adaptiveTimeouts, "'adaptiveTimeouts' must not be null");
		adaptiveTimeouts.addUpdateListener(this::registerNewNames);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		for (String name : this.registered) {
			register(registry, name);
		}
		registerNewNames();
	}

	private void registerNewNames() {
		for (LearnedTimeout learned : this.adaptiveTimeouts.learnedTimeouts()) {
			if (learned.leaseTimeMillis() != null || learned.waitTimeMillis() != null) {
				if (this.registered.add(learned.name())) {
					this.registries.forEach((registry) -> register(registry, learned.name()));
				}
			}
		}
	}

	private void register(MeterRegistry registry, String name) {
		gauge(registry, LockMetricNames.ADAPTIVE_LEASE, name, "Lease learned for new acquisitions of the lock",
				this.adaptiveTimeouts::leaseTime);
		gauge(registry, LockMetricNames.ADAPTIVE_WAIT, name, "Wait time learned for acquisitions of the lock",
				this.adaptiveTimeouts::waitTime);
	}

	private void gauge(MeterRegistry registry, String meter, String name, String description,
			Function<String, @Nullable Duration> value) {
		Gauge.builder(meter, this.adaptiveTimeouts, (adaptive) -> seconds(value.apply(name)))
			.tag(LockMetricNames.TAG_KEY, name)
			.baseUnit("seconds")
			.description(description)
			.register(registry);
	}

	private static double seconds(@Nullable Duration duration) {
		return (duration != null) ? duration.toNanos() / 1e9 : Double.NaN;
	}

}
