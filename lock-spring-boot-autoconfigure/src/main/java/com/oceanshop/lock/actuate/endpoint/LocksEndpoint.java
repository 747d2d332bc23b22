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

package com.oceanshop.lock.actuate.endpoint;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

import com.oceanshop.lock.InvalidLockKeyException;
import com.oceanshop.lock.adaptive.LearnedTimeout;
import com.oceanshop.lock.admin.ForceReleaseResult;
import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockCleanupReport;
import com.oceanshop.lock.admin.LockCleanupStatus;
import com.oceanshop.lock.admin.LockHolder;
import com.oceanshop.lock.admin.LockInspection;
import com.oceanshop.lock.admin.LockNameStatistics;
import com.oceanshop.lock.admin.LockStatisticsSnapshot;
import com.oceanshop.lock.admin.LockStatus;
import com.oceanshop.lock.admin.RedisTopologySummary;
import com.oceanshop.lock.admin.RemovedLock;
import com.oceanshop.lock.admin.WaitForEdge;

/**
 * {@link Endpoint @Endpoint} to expose distributed locks: statistics and state, one
 * lock's holders, force release and the orphaned-lock cleanup.
 * <p>
 * Reads are allowed by default and writes are not: the endpoint's default access is
 * {@link Access#READ_ONLY}, so {@code DELETE /actuator/locks/{key}} and
 * {@code POST /actuator/locks} answer only when
 * {@code management.endpoint.locks.access=unrestricted} is set, which should go with
 * securing the actuator (an authorised role for writes).
 *
 * @since 0.1.0
 */
@Endpoint(id = "locks", defaultAccess = Access.READ_ONLY)
public class LocksEndpoint {

	private final LockAdmin lockAdmin;

	/**
	 * Create an endpoint.
	 * @param lockAdmin the lock admin doing the work
	 */
	public LocksEndpoint(LockAdmin lockAdmin) {
		Assert.notNull(lockAdmin, "'lockAdmin' must not be null");
		this.lockAdmin = lockAdmin;
	}

	/**
	 * Return the state of distributed locking on this instance: enabled flag, circuit
	 * breaker, Redis topology, in-process statistics (counts, success rate, p95
	 * acquisition time, active locks, per lock name), the most contended lock names, the
	 * cleanup status and the timeouts learned per lock name (adaptive timeouts). and the
	 * current edges of the wait-for graph across instances (flows waiting for a lock
	 * while holding others): the only part read from Redis, one bounded read, empty when
	 * Redis cannot be read.
	 * @return the descriptor ({@code GET /actuator/locks})
	 */
	@ReadOperation
	public LocksDescriptor locks() {
		return LocksDescriptor.of(this.lockAdmin.status(), this.lockAdmin.waitForGraph());
	}

	/**
	 * Return what Redis holds for one lock: whether it is held, its type, its holders
	 * (with the holding instance) and its remaining TTL.
	 * @param key the lock key, for example {@code inventory:reserve:PROD-1}
	 * @return the descriptor ({@code GET /actuator/locks/{key}})
	 */
	@ReadOperation
	public LockDescriptor lock(@Selector String key) {
		return LockDescriptor.of(this.lockAdmin.inspect(validKey(key)));
	}

	/**
	 * Force release one lock, whoever holds it. Its Redis key is deleted (never its
	 * fencing counter) and the release is logged at WARN with the caller's principal.
	 * Requires {@code management.endpoint.locks.access=unrestricted}.
	 * @param key the lock key
	 * @param securityContext the caller's security context
	 * @return what was released ({@code DELETE /actuator/locks/{key}})
	 */
	@DeleteOperation
	public ReleaseDescriptor release(@Selector String key, SecurityContext securityContext) {
		Principal principal = securityContext.getPrincipal();
		return ReleaseDescriptor
			.of(this.lockAdmin.forceRelease(validKey(key), (principal != null) ? principal.getName() : null));
	}

	/**
	 * Run the orphaned-lock cleanup now, unless another instance is running it. Requires
	 * {@code management.endpoint.locks.access=unrestricted}.
	 * @return the report of the run ({@code POST /actuator/locks})
	 */
	@WriteOperation
	public CleanupDescriptor cleanup() {
		return CleanupDescriptor.of(this.lockAdmin.cleanup());
	}

	private static String validKey(String key) {
		try {
			com.oceanshop.lock.LockKey.parse(key);
			return key;
		}
		catch (InvalidLockKeyException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), "Invalid lock key");
		}
	}

	/**
	 * Description of distributed locking on this instance.
	 *
	 * @param enabled whether locking is enabled ({@code false} in rollback mode)
	 * @param keyPrefix prefix of every lock's Redis key
	 * @param instance this instance, {@code app@host (pid n)}
	 * @param circuitBreaker circuit breaker state
	 * @param consecutiveFailures acquisitions in a row that found Redis unavailable
	 * @param topology Redis topology
	 * @param statistics in-process statistics
	 * @param mostContended most contended lock names
	 * @param cleanup orphaned-lock cleanup status
	 * @param learnedTimeouts lease and wait times learned per lock name (empty unless
	 * {@code app.lock.adaptive.enabled=true})
	 * @param waitFor edges of the wait-for graph: flows waiting for a lock while holding
	 * others, on every instance
	 */
	public record LocksDescriptor(boolean enabled, String keyPrefix, String instance, String circuitBreaker,
			int consecutiveFailures, RedisTopologySummary topology, LockStatisticsSnapshot statistics,
			List<LockNameStatistics> mostContended, LockCleanupStatus cleanup, List<LearnedTimeout> learnedTimeouts,
			List<WaitForEdge> waitFor) implements OperationResponseBody {

		/**
		 * Describe the given status, without wait-for edges.
		 * @param status the status
		 * @return the descriptor
		 */
		public static LocksDescriptor of(LockStatus status) {
			return of(status, List.of());
		}

		/**
		 * Describe the given status and wait-for graph.
		 * @param status the status
		 * @param waitFor the edges of the wait-for graph
		 * @return the descriptor
		 */
		public static LocksDescriptor of(LockStatus status, List<WaitForEdge> waitFor) {
			return new LocksDescriptor(status.enabled(), status.keyPrefix(), status.instance(), status.circuitBreaker(),
					status.consecutiveFailures(), status.topology(), status.statistics(), status.mostContended(),
					status.cleanup(), status.learnedTimeouts(), waitFor);
		}

	}

	/**
	 * Description of one lock in Redis.
	 *
	 * @param key the lock key
	 * @param redisKey the Redis key
	 * @param held whether it is held
	 * @param type the lock type as stored, {@code null} if no lock is stored
	 * @param redisType the Redis data type
	 * @param holders the holders
	 * @param ttlMillis remaining TTL, {@code -1} without expiry, {@code -2} if absent
	 * @param waiters threads queued for a fair lock
	 * @param availablePermits free permits of a semaphore
	 */
	public record LockDescriptor(String key, String redisKey, boolean held, @Nullable String type, String redisType,
			List<LockHolder> holders, long ttlMillis, long waiters,
			@Nullable Long availablePermits) implements OperationResponseBody {

		/**
		 * Describe the given inspection.
		 * @param inspection the inspection
		 * @return the descriptor
		 */
		public static LockDescriptor of(LockInspection inspection) {
			return new LockDescriptor(inspection.key(), inspection.redisKey(), inspection.held(), inspection.type(),
					inspection.redisType(), inspection.holders(), inspection.ttlMillis(), inspection.waiters(),
					inspection.availablePermits());
		}

	}

	/**
	 * Description of a force release.
	 *
	 * @param key the lock key
	 * @param released whether a lock was removed
	 * @param type the removed lock's type
	 * @param holders who held it
	 * @param deletedKeys the deleted Redis keys
	 */
	public record ReleaseDescriptor(String key, boolean released, @Nullable String type, List<LockHolder> holders,
			List<String> deletedKeys) implements OperationResponseBody {

		/**
		 * Describe the given force release.
		 * @param result the result
		 * @return the descriptor
		 */
		public static ReleaseDescriptor of(ForceReleaseResult result) {
			return new ReleaseDescriptor(result.key(), result.released(), result.type(), result.holders(),
					result.deletedKeys());
		}

	}

	/**
	 * Description of a cleanup run.
	 *
	 * @param startedAt when it started (ISO-8601)
	 * @param durationMillis how long it took
	 * @param executed whether this instance ran the scan
	 * @param skippedReason why it did not, if so
	 * @param scannedKeys keys scanned
	 * @param removed locks removed
	 * @param error the error that stopped it, if any
	 */
	public record CleanupDescriptor(String startedAt, long durationMillis, boolean executed,
			@Nullable String skippedReason, long scannedKeys, List<RemovedLock> removed,
			@Nullable String error) implements OperationResponseBody {

		/**
		 * Describe the given cleanup report.
		 * @param report the report
		 * @return the descriptor
		 */
		public static CleanupDescriptor of(LockCleanupReport report) {
			return new CleanupDescriptor(report.startedAt().toString(), report.durationMillis(), report.executed(),
					report.skippedReason(), report.scannedKeys(), report.removed(), report.error());
		}

	}

}
