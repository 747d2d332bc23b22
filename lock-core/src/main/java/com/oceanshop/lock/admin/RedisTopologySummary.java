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

import org.jspecify.annotations.Nullable;

/**
 * Summary of the Redis deployment the locks live on, read from the Redisson client's
 * configuration.
 *
 * @param mode {@code standalone}, {@code sentinel}, {@code cluster}, {@code replicated}
 * or {@code master-slave}
 * @param nodes configured node addresses (the sentinels for {@code sentinel}, the seed
 * nodes or, when known, the current masters for {@code cluster})
 * @param masterName the Sentinel master name, {@code null} for other modes
 * @param clientId this instance's Redisson client id, the first part of its lock holder
 * ids
 * @since 0.1.0
 */
public record RedisTopologySummary(String mode, List<String> nodes, @Nullable String masterName, String clientId) {

	/**
	 * Create a summary.
	 */
	public RedisTopologySummary {
		nodes = List.copyOf(nodes);
	}

}
