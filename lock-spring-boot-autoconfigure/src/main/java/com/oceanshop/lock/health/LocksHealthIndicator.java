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

package com.oceanshop.lock.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockHealth;
import com.oceanshop.lock.admin.RedisTopologySummary;

/**
 * {@link org.springframework.boot.health.contributor.HealthIndicator HealthIndicator} for
 * distributed locks: {@code UP} when Redis answers and a lock on a health key can be
 * acquired and released, {@code DOWN} with an {@code error} detail otherwise. Details:
 * round-trip latency, Redis topology, whether locking is enabled (rollback mode shows
 * {@code enabled: false}) and the circuit breaker state. It never scans keys.
 *
 * @since 0.1.0
 * @see LockAdmin#health()
 */
public class LocksHealthIndicator extends AbstractHealthIndicator {

	static final String LATENCY = "latencyMillis";

	static final String MODE = "mode";

	static final String NODES = "nodes";

	static final String MASTER_NAME = "masterName";

	static final String ENABLED = "enabled";

	static final String CIRCUIT_BREAKER = "circuitBreaker";

	static final String ERROR = "error";

	private final LockAdmin lockAdmin;

	/**
	 * Create an indicator.
	 * @param lockAdmin the lock admin that runs the check
	 */
	public LocksHealthIndicator(LockAdmin lockAdmin) {
		super("Lock health check failed");
		Assert.notNull(lockAdmin, "'lockAdmin' must not be null");
		this.lockAdmin = lockAdmin;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		LockHealth health = this.lockAdmin.health();
		builder.status(health.isUp() ? "UP" : "DOWN");
		RedisTopologySummary topology = health.topology();
		builder.withDetail(LATENCY, health.latencyMillis())
			.withDetail(MODE, topology.mode())
			.withDetail(NODES, topology.nodes());
		if (topology.masterName() != null) {
			builder.withDetail(MASTER_NAME, topology.masterName());
		}
		builder.withDetail(ENABLED, health.enabled()).withDetail(CIRCUIT_BREAKER, health.circuitBreaker());
		if (health.error() != null) {
			builder.withDetail(ERROR, health.error());
		}
	}

}
