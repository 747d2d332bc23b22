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

package com.oceanshop.lock;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The rules for the wait and lease times of a lock, in one place. Redis counts in
 * milliseconds: a lease under one millisecond would become zero, which Redisson takes as
 * "renew for ever", and a wait under one millisecond would silently become no wait.
 * {@link LockRequest}, {@link LockDefaults} and the {@code @DistributedLock} annotation
 * support all apply these rules; the admin and the auto-configuration check their
 * positive settings with {@link #requirePositive}.
 *
 * @since 0.1.0
 */
public final class LockDurations {

	private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

	private LockDurations() {
	}

	/**
	 * Check a wait time: zero (a single attempt) or at least one millisecond.
	 * @param subject what the wait time is for, for the message, e.g.
	 * {@code "lock 'inventory:reserve:P-1'"}
	 * @param waitTime the wait time, or {@code null} for unset
	 * @return the wait time
	 * @throws IllegalArgumentException if the wait time breaks the rule
	 */
	public static @Nullable Duration checkWaitTime(String subject, @Nullable Duration waitTime) {
		if (waitTime != null
				&& (waitTime.isNegative() || (!waitTime.isZero() && waitTime.compareTo(ONE_MILLISECOND) < 0))) {
			throw new IllegalArgumentException(
					"Wait time for " + subject + " must be zero or at least 1 ms, but was " + waitTime);
		}
		return waitTime;
	}

	/**
	 * Check a lease time: at least one millisecond.
	 * @param subject what the lease is for, for the message
	 * @param leaseTime the lease, or {@code null} for unset
	 * @return the lease
	 * @throws IllegalArgumentException if the lease breaks the rule
	 */
	public static @Nullable Duration checkLeaseTime(String subject, @Nullable Duration leaseTime) {
		if (leaseTime != null && leaseTime.compareTo(ONE_MILLISECOND) < 0) {
			throw new IllegalArgumentException(
					"Lease time for " + subject + " must be at least 1 ms, but was " + leaseTime);
		}
		return leaseTime;
	}

	/**
	 * Return whether a duration is longer than zero.
	 * @param value the duration
	 * @return {@code true} if it is positive
	 */
	public static boolean isPositive(Duration value) {
		return !value.isNegative() && !value.isZero();
	}

	/**
	 * Check that a duration is set and longer than zero.
	 * @param name the name of the value, for the message
	 * @param value the duration
	 * @return the duration
	 * @throws NullPointerException if it is {@code null}
	 * @throws IllegalArgumentException if it is zero or negative
	 */
	public static Duration requirePositive(String name, Duration value) {
		Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
		if (!isPositive(value)) {
			throw new IllegalArgumentException("'" + name + "' must be positive, but was " + value);
		}
		return value;
	}

}
