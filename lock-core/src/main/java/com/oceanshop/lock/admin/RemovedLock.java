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

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A lock that the orphaned-lock cleanup removed.
 *
 * @param redisKey the Redis key that was deleted
 * @param reason {@value #NO_EXPIRY} (the key had no TTL) or {@value #OWNER_GONE} (the
 * instances of all its holders had been gone from the instance registry for longer than
 * the threshold, and nobody renewed the lock meanwhile)
 * @param ageSeconds for {@value #OWNER_GONE}, how long the cleanup had seen the holders'
 * instances gone; {@code null} for {@value #NO_EXPIRY} (Redis does not store when a lock
 * was taken)
 * @param holders the holders at removal, as {@code <clientId>:<id>}
 * @param removedAt when it was removed
 * @since 0.1.0
 */
public record RemovedLock(String redisKey, String reason, @Nullable Long ageSeconds, List<String> holders,
		Instant removedAt) {

	/**
	 * Reason for a lock key without expiry.
	 */
	public static final String NO_EXPIRY = "no-expiry";

	/**
	 * Reason that earlier versions gave for a lock held by the same holder for longer
	 * than the threshold. No longer reported: the cleanup removes a lock with an expiry
	 * only when its owners are gone ({@link #OWNER_GONE}), never for a long hold.
	 * @deprecated since 0.1.0 in favour of {@link #OWNER_GONE}
	 */
	@Deprecated(since = "0.1.0")
	public static final String HELD_TOO_LONG = "held-too-long";

	/**
	 * Reason for a lock whose holders' instances have all been gone from the instance
	 * registry for longer than the threshold.
	 */
	public static final String OWNER_GONE = "owner-gone";

	/**
	 * Create a record.
	 */
	public RemovedLock {
		holders = List.copyOf(holders);
	}

}
