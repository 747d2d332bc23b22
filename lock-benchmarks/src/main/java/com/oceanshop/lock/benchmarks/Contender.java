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

package com.oceanshop.lock.benchmarks;

/**
 * One lock implementation under test: runs an action while holding the lock on a key.
 *
 * @param name the name in the report, also the operation segment of its keys
 * @param group who provides it: {@code redisson}, {@code peer}, {@code floor} or
 * {@code ocean}
 * @param baseline the raw Redisson contender this one is compared with, or the
 * contender's own name
 * @param mutex whether it is an exclusive lock that can run the hot-key scenarios
 * @param runner the code that takes the lock
 * @since 0.1.0
 */
public record Contender(String name, String group, String baseline, boolean mutex, Runner runner) {

	/**
	 * Run the action under the lock on the key.
	 * @param key the key, {@code bench:<name>:<id>}
	 * @param waitMillis how long to wait for the lock
	 * @param action the critical section
	 * @return {@code false} if the wait time ran out
	 * @throws Exception if the implementation failed
	 */
	public boolean run(String key, long waitMillis, Runnable action) throws Exception {
		return this.runner.run(key, waitMillis, action);
	}

	/**
	 * Return the key this contender uses for the given id.
	 * @param id the id within a scenario
	 * @return the key
	 */
	public String key(String id) {
		return "bench:" + this.name + ":" + id;
	}

	/**
	 * The code that takes a lock, runs an action and releases the lock.
	 */
	@FunctionalInterface
	public interface Runner {

		/**
		 * Run the action under the lock on the key.
		 * @param key the key
		 * @param waitMillis how long to wait for the lock
		 * @param action the critical section
		 * @return {@code false} if the wait time ran out
		 * @throws Exception if the implementation failed
		 */
		boolean run(String key, long waitMillis, Runnable action) throws Exception;

	}

}
