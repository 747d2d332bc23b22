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
 * Thrown when a lock that was acquired is no longer held by its owner: its lease ran out,
 * its renewal failed, or an operator released it. Whatever the owner wrote after that
 * moment may have raced with another holder; use fencing tokens to reject such writes.
 *
 * @since 0.1.0
 * @see LockHandle#fencingToken()
 */
public class LockLostException extends LockException {

	/**
	 * Create a new exception.
	 * @param key the lock key
	 * @param message the detail message
	 */
	public LockLostException(String key, String message) {
		super(key, message);
	}

	/**
	 * Create a new exception.
	 * @param key the lock key
	 * @param message the detail message
	 * @param cause the cause, if any
	 */
	public LockLostException(String key, String message, @Nullable Throwable cause) {
		super(key, message, cause);
	}

}
