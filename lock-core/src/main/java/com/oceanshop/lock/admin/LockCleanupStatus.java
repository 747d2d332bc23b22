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

import org.jspecify.annotations.Nullable;

/**
 * State of the orphaned-lock cleanup on this instance.
 *
 * @param enabled whether the scheduled cleanup is enabled
 * @param intervalSeconds time between scheduled runs
 * @param orphanedThresholdMinutes how long the instances of a lock's holders must have
 * been gone before the lock is removed
 * @param lastRun the last run on this instance, {@code null} before the first
 * @param runs runs on this instance (including skipped ones)
 * @param totalRemoved locks removed by this instance since it started
 * @param recentlyRemoved the latest locks removed by this instance, newest first (at most
 * {@value LockAdmin#RECENTLY_REMOVED_LIMIT})
 * @since 0.1.0
 */
public record LockCleanupStatus(boolean enabled, long intervalSeconds, long orphanedThresholdMinutes,
		@Nullable LockCleanupReport lastRun, long runs, long totalRemoved, List<RemovedLock> recentlyRemoved) {

	/**
	 * Create a status.
	 */
	public LockCleanupStatus {
		recentlyRemoved = List.copyOf(recentlyRemoved);
	}

}
