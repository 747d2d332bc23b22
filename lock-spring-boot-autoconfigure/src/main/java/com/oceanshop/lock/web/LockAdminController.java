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

package com.oceanshop.lock.web;

import java.security.Principal;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.oceanshop.lock.InvalidLockKeyException;
import com.oceanshop.lock.LockUnavailableException;
import com.oceanshop.lock.admin.ForceReleaseResult;
import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockCleanupReport;
import com.oceanshop.lock.admin.LockCleanupStatus;
import com.oceanshop.lock.admin.LockHealth;
import com.oceanshop.lock.admin.LockInspection;
import com.oceanshop.lock.admin.LockStatisticsSnapshot;
import com.oceanshop.lock.admin.LockStatus;

/**
 * The operators' lock admin API, at the paths and with the answers their runbook uses.
 * The paths here are relative: the auto-configuration puts them under
 * {@code app.lock.admin-api.base-path} ({@value #DEFAULT_BASE_PATH} by default) and
 * guards every one but {@code /health} with {@link LockAdminTokenInterceptor}. Each
 * operation delegates to {@link LockAdmin}.
 *
 * <table>
 * <caption>Endpoints</caption>
 * <tr>
 * <th>Request</th>
 * <th>Answer</th>
 * </tr>
 * <tr>
 * <td>{@code GET /health}</td>
 * <td>{@code {"status":"UP"}} (200) or {@code {"status":"DOWN"}} (503); open to
 * anyone</td>
 * </tr>
 * <tr>
 * <td>{@code GET /status}</td>
 * <td>{@link LockStatus}</td>
 * </tr>
 * <tr>
 * <td>{@code GET /statistics}</td>
 * <td>{@link LockStatisticsSnapshot}</td>
 * </tr>
 * <tr>
 * <td>{@code GET /check/{key}}</td>
 * <td>{@link LockInspection}</td>
 * </tr>
 * <tr>
 * <td>{@code GET /cleanup-status}</td>
 * <td>{@link LockCleanupStatus}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /cleanup/force}</td>
 * <td>{@link LockCleanupReport}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /force-release/{key}}</td>
 * <td>{@link ForceReleaseResult}</td>
 * </tr>
 * </table>
 * A key that breaks the key rules gets 400, an unreachable Redis 503, both as RFC 9457
 * problem details.
 *
 * @since 0.1.0
 */
@RestController
public class LockAdminController {

	/**
	 * The base path the runbook uses.
	 */
	public static final String DEFAULT_BASE_PATH = "/api/admin/locks";

	/**
	 * Path of the open health check, relative to the base path.
	 */
	public static final String HEALTH_PATH = "/health";

	private final LockAdmin lockAdmin;

	/**
	 * Create a controller.
	 * @param lockAdmin the lock admin doing the work
	 */
	public LockAdminController(LockAdmin lockAdmin) {
		Assert.notNull(lockAdmin, "'lockAdmin' must not be null");
		this.lockAdmin = lockAdmin;
	}

	/**
	 * Load balancer check: a lock round trip through Redis. Open to anyone, so it tells
	 * only {@code UP} (200) or {@code DOWN} (503), nothing about the topology.
	 * @return the status
	 */
	@GetMapping(HEALTH_PATH)
	public ResponseEntity<Map<String, String>> health() {
		LockHealth health = this.lockAdmin.health();
		return ResponseEntity.status(health.isUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("status", health.status()));
	}

	/**
	 * Overall state: enabled flag, circuit breaker, topology, statistics, the most
	 * contended lock names and the cleanup state. Makes no Redis call.
	 * @return the status
	 */
	@GetMapping("/status")
	public LockStatus status() {
		return this.lockAdmin.status();
	}

	/**
	 * Lock statistics of this instance since it started.
	 * @return the statistics
	 */
	@GetMapping("/statistics")
	public LockStatisticsSnapshot statistics() {
		return this.lockAdmin.statistics();
	}

	/**
	 * One lock as Redis has it, whichever instance holds it: type, holders, TTL, waiters.
	 * @param key the lock key, for example {@code inventory:reserve:PROD-1}
	 * @return the inspection
	 */
	@GetMapping("/check/{key}")
	public LockInspection check(@PathVariable String key) {
		return this.lockAdmin.inspect(key);
	}

	/**
	 * State of the orphaned-lock cleanup on this instance.
	 * @return the cleanup status
	 */
	@GetMapping("/cleanup-status")
	public LockCleanupStatus cleanupStatus() {
		return this.lockAdmin.cleanupStatus();
	}

	/**
	 * Run the orphaned-lock cleanup now (it runs on one instance at a time).
	 * @return the report of the run
	 */
	@PostMapping("/cleanup/force")
	public LockCleanupReport forceCleanup() {
		return this.lockAdmin.cleanup();
	}

	/**
	 * Force release one lock, whoever holds it: its waiters are woken, its fencing
	 * counter is kept, and a holder that still runs gets
	 * {@link com.oceanshop.lock.LockLostException} at its next fencing token or release.
	 * Logged at WARN with the caller.
	 * @param key the lock key
	 * @param request the request, to name the caller in the log
	 * @return what was released
	 */
	@PostMapping("/force-release/{key}")
	public ForceReleaseResult forceRelease(@PathVariable String key, HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		String caller = (principal != null) ? principal.getName() : "admin API token";
		return this.lockAdmin.forceRelease(key, caller + " from " + request.getRemoteAddr());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleInvalidKey(InvalidLockKeyException ex) {
		return ResponseEntity.badRequest()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleUnavailable(LockUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
	}

}
