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

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Snapshot of the in-process lock statistics of this instance: totals over every lock
 * name, and one {@link LockNameStatistics} per name and type.
 *
 * @param since when counting started
 * @param acquisitions successful acquisitions
 * @param timeouts acquisitions that ran out of wait time
 * @param failures acquisitions or releases that failed with an error
 * @param contended acquisitions whose first attempt found the lock held
 * @param lost locks found lost while held
 * @param active locks held by this instance now
 * @param successRatePercent acquisitions as a percentage of acquisitions, timeouts and
 * failures; 100 when there was no attempt
 * @param p95AcquisitionMillis 95th percentile of the acquisition time over every name
 * @param locks statistics per name and type, by name
 * @since 0.1.0
 */
public record LockStatisticsSnapshot(Instant since, long acquisitions, long timeouts, long failures, long contended,
		long lost, long active, double successRatePercent, double p95AcquisitionMillis,
		List<LockNameStatistics> locks) {

	/**
	 * Create a snapshot.
	 */
	public LockStatisticsSnapshot {
		locks = List.copyOf(locks);
	}

	/**
	 * Return the most contended lock names: those with the most contended acquisitions,
	 * then the most timeouts. Names that were never contended and never timed out are
	 * left out.
	 * @param limit the maximum number of entries
	 * @return the most contended names, most contended first
	 */
	public List<LockNameStatistics> mostContended(int limit) {
		return this.locks.stream()
			.filter((lock) -> lock.contended() > 0 || lock.timeouts() > 0)
			.sorted(Comparator.comparingLong(LockNameStatistics::contended)
				.thenComparingLong(LockNameStatistics::timeouts)
				.reversed()
				.thenComparing(LockNameStatistics::name))
			.limit(limit)
			.toList();
	}

}
