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

package com.oceanshop.lock.adaptive;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Where the instances of an application share their {@link TimeoutEstimate estimates}:
 * the store merges each instance's observations into the shared estimate atomically, so
 * that every instance learns from all of them and a new instance starts warm.
 * <p>
 * Merging follows one rule, whatever the store: an estimate rises to a larger observed
 * percentile at once (a lease that is too short loses locks), and falls toward a smaller
 * one by at most the decay weight per update, scaled down for an update with fewer than
 * {@link #FULL_UPDATE} observations (a lease that is too long only delays recovery from a
 * crashed holder).
 *
 * @since 0.1.0
 * @see com.oceanshop.lock.redisson.RedissonAdaptiveTimeoutStore
 */
public interface AdaptiveTimeoutStore {

	/**
	 * Number of observations of an update from which a smaller percentile moves the
	 * estimate by the full decay weight: the sample size at which a 99th percentile means
	 * something.
	 */
	int FULL_UPDATE = 100;

	/**
	 * Merge observations into the shared estimates and read them back.
	 * @param observations what this instance measured per lock name since its last update
	 * ({@link TimeoutObservations#NONE} to only read a name)
	 * @param decay weight, between 0 and 1, of a smaller percentile in the estimate
	 * @param retentionMillis how long an estimate is kept after its last update
	 * @return the estimates of the given names (a name without one is missing) and the
	 * names of every other estimate in the store
	 */
	CompletionStage<Exchange> exchange(Map<String, TimeoutObservations> observations, double decay,
			long retentionMillis);

	/**
	 * The result of an {@link #exchange}.
	 *
	 * @param estimates the estimates of the names asked about
	 * @param otherNames the names of the store's other estimates
	 */
	record Exchange(Map<String, TimeoutEstimate> estimates, Set<String> otherNames) {

		/**
		 * Create a result.
		 */
		public Exchange {
			estimates = Map.copyOf(estimates);
			otherNames = Set.copyOf(otherNames);
		}

	}

}
