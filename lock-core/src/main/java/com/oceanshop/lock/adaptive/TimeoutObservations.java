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
 * What one instance measured for one lock name since its last update: the 99th percentile
 * and number of hold times (acquisition to release) and of acquisition times (request to
 * acquisition or timeout).
 *
 * @param holdMillis 99th percentile of the hold times in milliseconds, -1 without any
 * @param holds number of hold times
 * @param waitMillis 99th percentile of the acquisition times in milliseconds, -1 without
 * any
 * @param waits number of acquisition times
 * @since 0.1.0
 */
public record TimeoutObservations(long holdMillis, long holds, long waitMillis, long waits) {

	/**
	 * Nothing measured: the update only reads the shared estimate.
	 */
	public static final TimeoutObservations NONE = new TimeoutObservations(-1, 0, -1, 0);

}
