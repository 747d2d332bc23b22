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

/**
 * Thrown when a lock was not acquired within its wait time because another holder kept
 * it.
 *
 * @since 0.1.0
 */
public class LockAcquisitionException extends LockException {

	private final LockType type;

	private final Duration waited;

	/**
	 * Create a new exception.
	 * @param key the lock key
	 * @param type the lock type requested
	 * @param waited how long the caller waited before giving up
	 */
	public LockAcquisitionException(String key, LockType type, Duration waited) {
		super(key, "Could not acquire " + type.tagValue() + " lock '" + key + "' within " + waited.toMillis()
				+ " ms: it is held by another owner");
		this.type = type;
		this.waited = waited;
	}

	/**
	 * Create a new exception with a message of its own, for subclasses that tell why the
	 * lock was not acquired.
	 * @param key the lock key
	 * @param type the lock type requested
	 * @param waited how long the caller waited before giving up
	 * @param message the message
	 */
	protected LockAcquisitionException(String key, LockType type, Duration waited, String message) {
		super(key, message);
		this.type = type;
		this.waited = waited;
	}

	/**
	 * Return the lock type that was requested.
	 * @return the lock type
	 */
	public LockType getType() {
		return this.type;
	}

	/**
	 * Return how long the caller waited.
	 * @return the time waited
	 */
	public Duration getWaited() {
		return this.waited;
	}

}
