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

/**
 * Names of the meters that {@link MicrometerLockListener} and
 * {@link RedisReachabilityMonitor} register, and of their tags. Names use Micrometer's
 * dot notation; the Prometheus registry turns {@code lock.acquisitions} into
 * {@code lock_acquisitions_total}, {@code lock.hold.duration} into
 * {@code lock_hold_duration_seconds} and the {@code lock.key} tag into the
 * {@code lock_key} label. Operators' dashboards and alerts depend on these names, so they
 * never change within a major version.
 *
 * @since 0.1.0
 */
public final class LockMetricNames {

	/**
	 * Counter of acquired locks ({@code lock_acquisitions_total}).
	 */
	public static final String ACQUISITIONS = "lock.acquisitions";

	/**
	 * Counter of acquisitions that did not succeed, tagged with {@link #TAG_REASON}
	 * ({@code lock_failures_total}).
	 */
	public static final String FAILURES = "lock.failures";

	/**
	 * Counter of acquisitions whose wait time ran out ({@code lock_timeouts_total}).
	 */
	public static final String TIMEOUTS = "lock.timeouts";

	/**
	 * Timer, published as a histogram, of the time from a request to its outcome
	 * ({@code lock_acquisition_time_seconds}).
	 */
	public static final String ACQUISITION_TIME = "lock.acquisition.time";

	/**
	 * Timer, published as a histogram, of the time from acquisition to release
	 * ({@code lock_hold_duration_seconds}).
	 */
	public static final String HOLD_DURATION = "lock.hold.duration";

	/**
	 * Gauge of locks held by this instance now ({@code lock_active_count}).
	 */
	public static final String ACTIVE_COUNT = "lock.active.count";

	/**
	 * Counter of acquisitions that found the lock held and had to wait
	 * ({@code lock_contended_total}).
	 */
	public static final String CONTENDED = "lock.contended";

	/**
	 * Counter of held locks that were lost ({@code lock_lost_total}).
	 */
	public static final String LOST = "lock.lost";

	/**
	 * Counter of acquisitions that gave up as the victim of a deadlock (Prometheus
	 * {@code lock_deadlocks_total}).
	 */
	public static final String DEADLOCKS = "lock.deadlocks";

	/**
	 * Gauge that is 1 while this instance reaches Redis and 0 while it does not
	 * ({@code lock_redis_up}).
	 */
	public static final String REDIS_UP = "lock.redis.up";

	/**
	 * Gauge of the lock circuit breaker's state, one series per {@link #TAG_STATE} value:
	 * 1 for the current state, 0 for the others ({@code lock_circuit_breaker_state}).
	 */
	public static final String CIRCUIT_BREAKER_STATE = "lock.circuit.breaker.state";

	/**
	 * Gauge of the lease learned for a lock name, in seconds, tagged with
	 * {@link #TAG_KEY} ({@code lock_adaptive_lease_seconds}).
	 */
	public static final String ADAPTIVE_LEASE = "lock.adaptive.lease";

	/**
	 * Gauge of the wait time learned for a lock name, in seconds, tagged with
	 * {@link #TAG_KEY} ({@code lock_adaptive_wait_seconds}).
	 */
	public static final String ADAPTIVE_WAIT = "lock.adaptive.wait";

	/**
	 * Tag on {@link #CIRCUIT_BREAKER_STATE}: {@code closed}, {@code open} or
	 * {@code half_open} ({@code state}).
	 */
	public static final String TAG_STATE = "state";

	/**
	 * Tag with the logical lock name, the key's {@code context:operation} part
	 * ({@code lock_key}). Never the full key: its id part is unbounded.
	 */
	public static final String TAG_KEY = "lock.key";

	/**
	 * Tag with the lock type, for example {@code exclusive} ({@code lock_type}).
	 */
	public static final String TAG_TYPE = "lock.type";

	/**
	 * Tag on {@link #FAILURES} telling why: {@link #REASON_TIMEOUT} or
	 * {@link #REASON_ERROR}.
	 */
	public static final String TAG_REASON = "reason";

	/**
	 * Tag on {@link #ACQUISITION_TIME} with the attempt's outcome:
	 * {@link #OUTCOME_ACQUIRED} or {@link #OUTCOME_TIMEOUT}.
	 */
	public static final String TAG_OUTCOME = "outcome";

	/**
	 * {@link #TAG_REASON} value for a wait time that ran out.
	 */
	public static final String REASON_TIMEOUT = "timeout";

	/**
	 * {@link #TAG_REASON} value for an error: Redis unreachable, interrupted, a failed
	 * release.
	 */
	public static final String REASON_ERROR = "error";

	/**
	 * {@link #TAG_REASON} value of an acquisition that gave up as a deadlock's victim.
	 */
	public static final String REASON_DEADLOCK = "deadlock";

	/**
	 * {@link #TAG_OUTCOME} value for an acquired lock.
	 */
	public static final String OUTCOME_ACQUIRED = "acquired";

	/**
	 * {@link #TAG_OUTCOME} value for a wait time that ran out.
	 */
	public static final String OUTCOME_TIMEOUT = "timeout";

	private LockMetricNames() {
	}

}
