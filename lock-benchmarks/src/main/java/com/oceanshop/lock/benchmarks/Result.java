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

import java.util.Map;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What one contender did in one scenario.
 *
 * @param scenario the scenario
 * @param contender the contender
 * @param acquisitions successful acquire-and-release operations in the measured window
 * @param seconds length of the measured window
 * @param latency acquisition latency in microseconds, from the call to entering the
 * critical section
 * @param clientCpuNanos CPU time of the benchmark process in the window
 * @param redisCpuSeconds CPU time of the Redis server in the window
 * @param calls Redis commands in the window, including those run by scripts
 * @param sent commands the clients sent in the window (round trips)
 * @param timeouts attempts whose wait time ran out
 * @param errors attempts that failed with an exception
 * @param overrun by how much timed-out attempts overran their wait time, in microseconds
 * @param maxCallMicros the longest single call, successful or not
 * @param transfers acquisitions by a different caller than the previous holder
 * @param reacquisitions acquisitions by the previous holder again
 * @param lostUpdates increments lost in the read-modify-write critical section
 * @param violations times two callers were inside the critical section at once
 * @param sold units sold (stock scenario only), otherwise -1
 * @param inOrder acquisitions made while no caller that arrived earlier still waited
 * (hot-key loops only), otherwise -1
 * @param firstError the first error seen, if any
 * @since 0.1.0
 */
public record Result(Scenario scenario, Contender contender, long acquisitions, double seconds, Histogram latency,
		long clientCpuNanos, double redisCpuSeconds, Map<String, Long> calls, Map<String, Long> sent, long timeouts,
		long errors, Histogram overrun, long maxCallMicros, long transfers, long reacquisitions, long lostUpdates,
		long violations, long sold, long inOrder, @Nullable Throwable firstError) {

	/**
	 * Return the share of acquisitions made in arrival order (1.0 for a strictly first
	 * come first served lock), or -1 when not measured.
	 * @return the FIFO share
	 */
	public double fifoShare() {
		return (this.inOrder < 0 || this.acquisitions == 0) ? -1 : (double) this.inOrder / this.acquisitions;
	}

	/**
	 * Return the operations per second.
	 * @return acquisitions per second
	 */
	public double opsPerSecond() {
		return (this.seconds > 0) ? this.acquisitions / this.seconds : 0;
	}

	/**
	 * Return the commands sent (round trips) per acquire and release.
	 * @return the round trips per operation
	 */
	public double roundTripsPerOp() {
		return perOp(this.sent.values().stream().mapToLong(Long::longValue).sum());
	}

	/**
	 * Return the Redis commands per acquire and release.
	 * @return the commands per operation
	 */
	public double commandsPerOp() {
		long total = this.calls.values().stream().mapToLong(Long::longValue).sum();
		return perOp(total);
	}

	/**
	 * Divide by the number of operations.
	 * @param total the total
	 * @return the total per operation, 0 without operations
	 */
	public double perOp(double total) {
		return (this.acquisitions > 0) ? total / this.acquisitions : 0;
	}

}
