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
import java.util.List;

/**
 * Thrown to the victim of a deadlock: its flow (the lock scopes open on one thread) held
 * locks that other flows were waiting for, while it waited for a lock that one of them
 * held, so none of them could proceed until their wait times ran out. One member of the
 * cycle, the youngest waiter, is chosen and fails at once with this exception; the others
 * proceed once its caller releases what it holds.
 * <p>
 * A subclass of {@link LockAcquisitionException}, because the lock was not acquired and
 * the same handling applies: give up, release what the flow holds (leaving the scope
 * does), and retry later if the work must be done.
 *
 * @since 0.1.0
 */
public class LockDeadlockException extends LockAcquisitionException {

	private final List<String> cycle;

	/**
	 * Create a new exception.
	 * @param key the lock key the victim waited for
	 * @param type the lock type requested
	 * @param waited how long the victim waited
	 * @param cycle the members of the cycle, each described as its flow, its instance,
	 * what it holds and what it waits for, starting with the victim
	 */
	public LockDeadlockException(String key, LockType type, Duration waited, List<String> cycle) {
		super(key, type, waited,
				"Deadlock: gave up waiting for " + type.tagValue() + " lock '" + key + "' after " + waited.toMillis()
						+ " ms to break a cycle of " + cycle.size() + " waiting flows, this one chosen as the victim "
						+ "(the youngest waiter): " + String.join(" -> ", cycle));
		this.cycle = List.copyOf(cycle);
	}

	/**
	 * Return the members of the cycle, starting with the victim: each is described as its
	 * flow (thread), instance, the keys it holds and the key it waits for, and waits for
	 * a key the next one holds; the last waits for a key the victim holds.
	 * @return the cycle's members
	 */
	public List<String> getCycle() {
		return this.cycle;
	}

}
