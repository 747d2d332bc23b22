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

import com.oceanshop.lock.DistributedLock;

/**
 * Bean whose method is locked through the {@code @DistributedLock} proxy.
 *
 * @since 0.1.0
 */
public class AnnotatedLockService {

	/**
	 * Run the action under an exclusive lock on {@code bench:ocean-annotated:<id>}.
	 * @param id the key id
	 * @param action the critical section
	 * @return {@code true}
	 */
	@DistributedLock(key = "bench:ocean-annotated:#{#id}", waitTime = "${bench.wait-time}", leaseTime = "10s")
	public boolean run(String id, Runnable action) {
		action.run();
		return true;
	}

}
