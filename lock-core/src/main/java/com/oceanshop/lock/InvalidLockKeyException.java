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

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a lock key breaks the key rules of {@link LockKey}. It is raised before any
 * call to Redis.
 *
 * @since 0.1.0
 * @see LockKey#parse(String)
 */
public class InvalidLockKeyException extends LockException {

	/**
	 * Create a new exception.
	 * @param key the offending key, possibly {@code null}
	 * @param message the detail message, naming the rule that was broken
	 */
	public InvalidLockKeyException(@Nullable String key, String message) {
		super(key, message);
	}

}
