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
 * One benchmark scenario.
 *
 * @param id the id, also used in keys
 * @param title the heading in the report
 * @param callers how many concurrent callers
 * @param virtual whether callers are virtual threads (when available)
 * @param sharedKey whether all callers use one key
 * @param hotOnly whether only the hot-key contenders run it
 * @param stock units of stock for a one-shot buying scenario, or 0 for a timed loop
 * @param thinkMillis mean pause of a caller between two operations (uniformly random
 * between 0 and twice this), 0 for a closed loop without pauses
 * @since 0.1.0
 */
public record Scenario(String id, String title, int callers, boolean virtual, boolean sharedKey, boolean hotOnly,
		int stock, int thinkMillis) {

	/**
	 * Return this scenario with fewer callers (and less stock), for the smoke run.
	 * @param divisor how much smaller
	 * @return the scaled scenario
	 */
	public Scenario scaled(int divisor) {
		if (divisor == 1 || this.callers < 1000) {
			return this;
		}
		return new Scenario(this.id, this.title + " (scaled down 1/" + divisor + ")", this.callers / divisor,
				this.virtual, this.sharedKey, this.hotOnly, this.stock / divisor, this.thinkMillis);
	}

	/**
	 * Return whether this is a one-shot buying scenario.
	 * @return whether there is stock to sell
	 */
	public boolean isStock() {
		return this.stock > 0;
	}

}
