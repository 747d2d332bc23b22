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

package com.oceanshop.lock.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockType;
import com.oceanshop.lock.history.LockHistory.Fault;
import com.oceanshop.lock.history.LockHistory.Hold;
import com.oceanshop.lock.history.LockHistory.Outcome;

/**
 * What {@link HistoryChecker} found: violations, and findings in the cases that
 * docs/reliability.md says Redis cannot promise (reported with their rates, not failed).
 */
final class HistoryReport {

	/** Known cause: Redis lost data (restart without persistence, failover). */
	static final String REDIS_DATA_LOSS = "redis-data-loss";

	/** Known cause: a holder's process was paused (SIGSTOP) past its lease. */
	static final String PAUSED_HOLDER = "paused-holder";

	private final List<Hold> holds;

	private final List<Fault> faults;

	private final int unparsed;

	private final List<Finding> violations = new ArrayList<>();

	private final List<Finding> known = new ArrayList<>();

	private int tokensChecked;

	private int tokensBelowEarlierEpoch;

	HistoryReport(List<Hold> holds, List<Fault> faults, int unparsed) {
		this.holds = holds;
		this.faults = faults;
		this.unparsed = unparsed;
	}

	void add(Finding finding) {
		((finding.cause() != null) ? this.known : this.violations).add(finding);
	}

	void tokenChecked() {
		this.tokensChecked++;
	}

	void tokenBelowEarlierEpoch() {
		this.tokensBelowEarlierEpoch++;
	}

	List<Finding> violations() {
		return this.violations;
	}

	List<Finding> violations(Finding.Kind kind) {
		return this.violations.stream().filter((finding) -> finding.kind() == kind).toList();
	}

	List<Finding> known() {
		return this.known;
	}

	List<Finding> known(Finding.Kind kind, String cause) {
		return this.known.stream()
			.filter((finding) -> finding.kind() == kind && cause.equals(finding.cause()))
			.toList();
	}

	int tokensChecked() {
		return this.tokensChecked;
	}

	/**
	 * Return how many tokens were not larger than one handed out before Redis lost data
	 * (the counter restarted or went back, until it caught up).
	 * @return the count
	 */
	int tokensBelowEarlierEpoch() {
		return this.tokensBelowEarlierEpoch;
	}

	List<Hold> holds() {
		return this.holds;
	}

	long holds(LockType type) {
		return this.holds.stream().filter((hold) -> hold.type == type).count();
	}

	long outcomes(Outcome outcome) {
		return this.holds.stream().filter((hold) -> hold.outcome == outcome).count();
	}

	long faults(Fault.Kind kind) {
		return this.faults.stream().filter((fault) -> fault.kind() == kind).count();
	}

	/**
	 * One line with the figures: operations, faults, violations, and known cases with
	 * their rates (per 1000 holds, and per fault of the kind that explains them).
	 * @return the summary
	 */
	String summary() {
		Map<LockType, Long> perType = new EnumMap<>(LockType.class);
		this.holds.forEach((hold) -> perType.merge(hold.type, 1L, Long::sum));
		Map<Fault.Kind, Long> perFault = new EnumMap<>(Fault.Kind.class);
		this.faults.forEach((fault) -> perFault.merge(fault.kind(), 1L, Long::sum));
		long dataLossFaults = this.faults.stream().filter(Fault::losesRedisData).count();
		StringBuilder summary = new StringBuilder();
		summary.append(this.holds.size()).append(" holds ").append(perType);
		summary.append(", releases ").append(outcomes(Outcome.RELEASED)).append(" ok / ");
		summary.append(outcomes(Outcome.LOST)).append(" lost / ").append(outcomes(Outcome.FAILED)).append(" failed");
		summary.append(", losses reported ")
			.append(this.holds.stream().filter((h) -> h.lostAt != LockHistory.NONE).count());
		summary.append(", tokens checked ").append(this.tokensChecked);
		if (this.tokensBelowEarlierEpoch > 0) {
			summary.append(" (").append(this.tokensBelowEarlierEpoch).append(" below a token from before a data loss)");
		}
		summary.append(", faults ").append(perFault);
		summary.append("; VIOLATIONS ").append(this.violations.size()).append(' ').append(countByKind(this.violations));
		summary.append("; known cases: ");
		Map<String, List<Finding>> byCause = this.known.stream()
			.collect(Collectors.groupingBy((finding) -> String.valueOf(finding.cause()), TreeMap::new,
					Collectors.toList()));
		if (byCause.isEmpty()) {
			summary.append("none");
		}
		byCause.forEach((cause, findings) -> {
			long explaining = REDIS_DATA_LOSS.equals(cause) ? dataLossFaults
					: perFault.getOrDefault(Fault.Kind.PAUSE, 0L);
			summary.append(cause).append(' ').append(countByKind(findings));
			summary.append(String.format(" (%.2f per 1000 holds, %.1f per fault)",
					findings.size() * 1000.0 / Math.max(1, this.holds.size()),
					findings.size() / (double) Math.max(1, explaining)));
			summary.append("; ");
		});
		if (this.unparsed > 0) {
			summary.append("unparsed lines ").append(this.unparsed);
		}
		return summary.toString();
	}

	private static Map<Finding.Kind, Long> countByKind(List<Finding> findings) {
		return findings.stream()
			.collect(Collectors.groupingBy(Finding::kind, () -> new EnumMap<>(Finding.Kind.class),
					Collectors.counting()));
	}

	/**
	 * One finding.
	 *
	 * @param kind what was broken
	 * @param key the lock key
	 * @param cause the documented cause, or {@code null} for a violation
	 * @param detail the holds involved
	 * @param at when it happened ({@link System#nanoTime()})
	 */
	record Finding(Kind kind, String key, @Nullable String cause, String detail, long at) {

		enum Kind {

			/** Two conflicting holders believed they held the lock at once. */
			OVERLAP,

			/** More semaphore holders than permits. */
			TOO_MANY_PERMITS,

			/** A release found the lock gone, but no loss was reported. */
			UNREPORTED_LOSS,

			/** A release claimed success after a conflicting holder took the key. */
			RELEASED_WHILE_TAKEN,

			/** A fencing token not larger than one handed out before. */
			TOKEN_REGRESSION

		}

	}

}
