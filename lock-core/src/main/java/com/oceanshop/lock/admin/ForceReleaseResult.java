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
 * Outcome of {@link LockAdmin#forceRelease(String)}.
 *
 * @param key the lock key
 * @param released whether a lock was found and removed
 * @param type the lock type that was removed, {@code null} if nothing was
 * @param holders who held it just before
 * @param deletedKeys the Redis keys that were deleted (never the fencing counter)
 * @since 0.1.0
 */
public record ForceReleaseResult(String key, boolean released, @Nullable String type, List<LockHolder> holders,
		List<String> deletedKeys) {

	/**
	 * Create a result.
	 */
	public ForceReleaseResult {
		holders = List.copyOf(holders);
		deletedKeys = List.copyOf(deletedKeys);
	}

}
