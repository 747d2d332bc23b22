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

/**
 * In-process statistics of one lock name ({@code context:operation}) and type, counted
 * since the application started.
 *
 * @param name the lock's logical name, for example {@code inventory:reserve}
 * @param type the lock type's tag value, for example {@code exclusive}
 * @param acquisitions successful acquisitions
 * @param timeouts acquisitions that ran out of wait time
 * @param failures acquisitions or releases that failed with an error (Redis unreachable,
 * interrupted)
 * @param contended acquisitions whose first attempt found the lock held
 * @param lost locks found lost while held (lease ran out or renewal failed)
 * @param active locks of this name held by this instance now
 * @param successRatePercent acquisitions as a percentage of acquisitions, timeouts and
 * failures; 100 when there was no attempt
 * @param p95AcquisitionMillis 95th percentile of the time to acquire (successful or not),
 * as the upper bound of its histogram bucket; 0 when there was no attempt
 * @since 0.1.0
 */
public record LockNameStatistics(String name, String type, long acquisitions, long timeouts, long failures,
		long contended, long lost, long active, double successRatePercent, double p95AcquisitionMillis) {

}
