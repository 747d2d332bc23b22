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

/**
 * One edge of the wait-for graph that deadlock detection keeps in Redis: a waiting flow
 * (the lock scopes open on one thread of one instance) that holds locks and waits for
 * another one. Flows that wait while holding nothing are not in the graph: they cannot be
 * part of a deadlock.
 *
 * @param flow the waiting flow, {@code thread '<name>'}
 * @param instance the instance it runs on, {@code <clientId> (pid n)}
 * @param waitsFor the lock key it waits for
 * @param type the lock type it waits for, as in metric tags
 * @param holds the lock keys its open scopes hold
 * @param waitingMillis how long it has waited
 * @param victim whether it was chosen as the victim of a deadlock and is giving up
 * @since 0.1.0
 */
public record WaitForEdge(String flow, String instance, String waitsFor, String type, List<String> holds,
		long waitingMillis, boolean victim) {

	/**
	 * Create an edge.
	 * @param flow the waiting flow
	 * @param instance the instance it runs on
	 * @param waitsFor the lock key it waits for
	 * @param type the lock type it waits for
	 * @param holds the lock keys it holds
	 * @param waitingMillis how long it has waited
	 * @param victim whether it is a deadlock's victim
	 */
	public WaitForEdge {
		holds = List.copyOf(holds);
	}

}
