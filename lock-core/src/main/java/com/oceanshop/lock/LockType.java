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

import java.util.Locale;

/**
 * Kinds of distributed lock that Ocean Lock offers, each backed by a Redisson primitive.
 *
 * @since 0.1.0
 */
public enum LockType {

	/**
	 * Reentrant mutual exclusion: one holder (thread) at a time. Redisson {@code RLock}.
	 */
	EXCLUSIVE,

	/**
	 * Reentrant mutual exclusion granted in request (FIFO) order. Redisson
	 * {@code RFairLock}.
	 */
	FAIR,

	/**
	 * Shared side of a read-write lock: any number of readers while no writer holds the
	 * key. Redisson {@code RReadWriteLock.readLock()}.
	 */
	READ,

	/**
	 * Exclusive side of a read-write lock: one writer and no readers. Redisson
	 * {@code RReadWriteLock.writeLock()}.
	 */
	WRITE,

	/**
	 * Counting semaphore of {@code maxPermits} permits whose permits expire with their
	 * lease, so a crashed holder never leaks capacity. Redisson
	 * {@code RPermitExpirableSemaphore}.
	 */
	SEMAPHORE;

	/**
	 * Return the lower-case name used in logs and as the {@code lock.type} metric tag.
	 * @return the tag value, for example {@code "exclusive"}
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
