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

import org.jspecify.annotations.Nullable;

/**
 * The timeouts learned for one lock name, as the admin API and the {@code locks} endpoint
 * report them. The lease and wait time are {@code null} while fewer observations than the
 * warm-up count were made (the static defaults apply then); they are used only for
 * requests where neither the request, nor the name's nor the type's configuration sets a
 * value.
 *
 * @param name the lock name, {@code context:operation}
 * @param leaseTimeMillis the learned lease in milliseconds, {@code null} while warming up
 * @param waitTimeMillis the learned wait time in milliseconds, {@code null} while warming
 * up
 * @param holdTimeMillis the shared, smoothed 99th percentile of hold times, -1 if none
 * was observed
 * @param acquisitionTimeMillis the shared, smoothed 99th percentile of acquisition times,
 * -1 if none was observed
 * @param holds hold times observed by all instances
 * @param acquisitions acquisition times observed by all instances
 * @param updatedAt when any instance last updated the estimate (ISO-8601)
 * @since 0.1.0
 */
public record LearnedTimeout(String name, @Nullable Long leaseTimeMillis, @Nullable Long waitTimeMillis,
		long holdTimeMillis, long acquisitionTimeMillis, long holds, long acquisitions, String updatedAt) {

}
