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
 * Report of one orphaned-lock cleanup run.
 *
 * @param startedAt when the run started
 * @param durationMillis how long it took
 * @param executed whether this instance ran the scan; {@code false} when another instance
 * held the cleanup lock, locking is disabled, or Redis failed
 * @param skippedReason why it did not run, {@code null} if it ran
 * @param scannedKeys keys under the prefix that the scan returned
 * @param removed the locks removed
 * @param error the error that stopped the run, {@code null} if none
 * @since 0.1.0
 */
public record LockCleanupReport(Instant startedAt, long durationMillis, boolean executed,
		@Nullable String skippedReason, long scannedKeys, List<RemovedLock> removed, @Nullable String error) {

	/**
	 * Create a report.
	 */
	public LockCleanupReport {
		removed = List.copyOf(removed);
	}

}
