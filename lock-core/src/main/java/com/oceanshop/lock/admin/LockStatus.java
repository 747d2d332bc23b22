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

import java.util.List;

import com.oceanshop.lock.adaptive.LearnedTimeout;

/**
 * Overall state of distributed locking on this instance.
 *
 * @param enabled whether distributed locking is enabled ({@code false} in rollback mode)
 * @param keyPrefix prefix of every lock's Redis key
 * @param instance description of this instance, {@code app@host (pid n)}
 * @param circuitBreaker state of the lock circuit breaker
 * @param consecutiveFailures acquisitions in a row that failed because Redis was
 * unavailable
 * @param topology the Redis topology
 * @param statistics in-process statistics
 * @param mostContended the most contended lock names (at most
 * {@value LockAdmin#MOST_CONTENDED_LIMIT})
 * @param cleanup the orphaned-lock cleanup state
 * @param learnedTimeouts the lease and wait times learned per lock name (empty unless
 * adaptive timeouts are on)
 * @since 0.1.0
 */
public record LockStatus(boolean enabled, String keyPrefix, String instance, String circuitBreaker,
		int consecutiveFailures, RedisTopologySummary topology, LockStatisticsSnapshot statistics,
		List<LockNameStatistics> mostContended, LockCleanupStatus cleanup, List<LearnedTimeout> learnedTimeouts) {

	/**
	 * Create a status.
	 */
	public LockStatus {
		mostContended = List.copyOf(mostContended);
		learnedTimeouts = List.copyOf(learnedTimeouts);
	}

	/**
	 * Create a status without learned timeouts.
	 * @param enabled whether distributed locking is enabled
	 * @param keyPrefix prefix of every lock's Redis key
	 * @param instance description of this instance
	 * @param circuitBreaker state of the lock circuit breaker
	 * @param consecutiveFailures acquisitions in a row that failed because Redis was
	 * unavailable
	 * @param topology the Redis topology
	 * @param statistics in-process statistics
	 * @param mostContended the most contended lock names
	 * @param cleanup the orphaned-lock cleanup state
	 */
	public LockStatus(boolean enabled, String keyPrefix, String instance, String circuitBreaker,
			int consecutiveFailures, RedisTopologySummary topology, LockStatisticsSnapshot statistics,
			List<LockNameStatistics> mostContended, LockCleanupStatus cleanup) {
		this(enabled, keyPrefix, instance, circuitBreaker, consecutiveFailures, topology, statistics, mostContended,
				cleanup, List.of());
	}

}
