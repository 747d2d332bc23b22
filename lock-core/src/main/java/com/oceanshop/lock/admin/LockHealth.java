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

package com.oceanshop.lock.admin;

import org.jspecify.annotations.Nullable;

/**
 * Result of a lock health check: whether Redis answered and a lock could be acquired and
 * released.
 *
 * @param status {@code UP} or {@code DOWN}
 * @param latencyMillis time the check took
 * @param enabled whether distributed locking is enabled ({@code false} in rollback mode)
 * @param circuitBreaker state of the lock circuit breaker ({@code CLOSED}, {@code OPEN},
 * {@code HALF_OPEN})
 * @param topology the Redis topology
 * @param error why the check failed, {@code null} when {@code UP}
 * @since 0.1.0
 */
public record LockHealth(String status, long latencyMillis, boolean enabled, String circuitBreaker,
		RedisTopologySummary topology, @Nullable String error) {

	/**
	 * Status of a passing check.
	 */
	public static final String UP = "UP";

	/**
	 * Status of a failing check.
	 */
	public static final String DOWN = "DOWN";

	/**
	 * Return whether the check passed.
	 * @return {@code true} if the status is {@code UP}
	 */
	public boolean isUp() {
		return UP.equals(this.status);
	}

}
