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
 * Base class of every exception thrown by Ocean Lock. Unchecked, as in Spring's
 * {@code DataAccessException} hierarchy.
 *
 * @since 0.1.0
 */
public class LockException extends RuntimeException {

	private final @Nullable String key;

	/**
	 * Create a new exception.
	 * @param key the lock key concerned, if known
	 * @param message the detail message
	 * @param cause the cause, if any
	 */
	public LockException(@Nullable String key, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.key = key;
	}

	/**
	 * Create a new exception.
	 * @param key the lock key concerned, if known
	 * @param message the detail message
	 */
	public LockException(@Nullable String key, String message) {
		this(key, message, null);
	}

	/**
	 * Return the lock key this exception concerns.
	 * @return the key ({@code context:operation:id}) or {@code null} when unknown
	 */
	public @Nullable String getKey() {
		return this.key;
	}

}
