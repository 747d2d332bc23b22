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

package com.oceanshop.shop.admin;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockCleanupReport;
import com.oceanshop.lock.admin.LockCleanupStatus;
import com.oceanshop.lock.admin.LockHealth;
import com.oceanshop.lock.admin.LockInspection;
import com.oceanshop.lock.admin.LockStatisticsSnapshot;
import com.oceanshop.lock.admin.LockStatus;

/**
 * The operators' lock admin API, at the paths their runbook uses. Everything but
 * {@code /health} requires the admin bearer token (see
 * {@link AdminSecurityConfiguration}). Each operation delegates to the auto-configured
 * {@link LockAdmin}.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/api/admin/locks")
public class LockAdminController {

	private final LockAdmin lockAdmin;

	LockAdminController(LockAdmin lockAdmin) {
		this.lockAdmin = lockAdmin;
	}

	/**
	 * Load balancer check: a lock round trip through Redis. Open to anyone, so it tells
	 * only {@code UP} (200) or {@code DOWN} (503), nothing about the topology.
	 * @return the status
	 */
	@GetMapping("/health")
	ResponseEntity<Map<String, String>> health() {
		LockHealth health = this.lockAdmin.health();
		return ResponseEntity.status(health.isUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("status", health.status()));
	}

	/**
	 * Overall state: enabled flag, circuit breaker, topology, statistics, the most
	 * contended lock names and the cleanup state.
	 * @return the status
	 */
	@GetMapping("/status")
	LockStatus status() {
		return this.lockAdmin.status();
	}

	/**
	 * Lock statistics of this instance since it started.
	 * @return the statistics
	 */
	@GetMapping("/statistics")
	LockStatisticsSnapshot statistics() {
		return this.lockAdmin.statistics();
	}

	/**
	 * One lock as Redis has it, whichever instance holds it: type, holders, TTL, waiters.
	 * @param key the lock key, for example {@code inventory:reserve:PROD-1}
	 * @return the inspection
	 */
	@GetMapping("/check/{key}")
	LockInspection check(@PathVariable String key) {
		return this.lockAdmin.inspect(key);
	}

	/**
	 * State of the orphaned-lock cleanup on this instance.
	 * @return the cleanup status
	 */
	@GetMapping("/cleanup-status")
	LockCleanupStatus cleanupStatus() {
		return this.lockAdmin.cleanupStatus();
	}

	/**
	 * Run the orphaned-lock cleanup now (it runs on one instance at a time).
	 * @return the report of the run
	 */
	@PostMapping("/cleanup/force")
	LockCleanupReport forceCleanup() {
		return this.lockAdmin.cleanup();
	}

}
