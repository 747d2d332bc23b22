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

/**
 * The estimate all instances share for one lock name: the smoothed 99th percentiles of
 * hold and acquisition times, how many of each were observed, and when it was last
 * updated.
 *
 * @param holdMillis smoothed 99th percentile of hold times in milliseconds, -1 before the
 * first
 * @param holds number of hold times observed by all instances
 * @param waitMillis smoothed 99th percentile of acquisition times in milliseconds, -1
 * before the first
 * @param waits number of acquisition times observed by all instances
 * @param updatedAtMillis time of the last update, in epoch milliseconds
 * @since 0.1.0
 */
public record TimeoutEstimate(double holdMillis, long holds, double waitMillis, long waits, long updatedAtMillis) {

}
