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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockType;
import com.oceanshop.lock.history.HistoryReport.Finding;
import com.oceanshop.lock.history.LockHistory.Fault;
import com.oceanshop.lock.history.LockHistory.Hold;
import com.oceanshop.lock.history.LockHistory.Outcome;

import static com.oceanshop.lock.history.LockHistory.NONE;

/**
 * Checks a {@link LockHistory} against what the locks promise.
 * <p>
 * A holder <em>believes</em> it holds a lock from {@code acquire}'s return until the
 * earliest of: its release call, its loss report ({@code LockListener.onLost}), its fixed
 * lease deadline, and the SIGKILL of its process. The checker proves that, per key:
 * <ul>
 * <li>no two beliefs of {@code EXCLUSIVE}, {@code FAIR} or {@code WRITE} holders overlap,
 * and no {@code WRITE} belief overlaps a {@code READ} belief;</li>
 * <li>never more than {@code maxPermits} {@code SEMAPHORE} beliefs overlap;</li>
 * <li>every loss was reported: a release that found the lock gone had an {@code onLost}
 * report, and no release claims success when a conflicting holder took the key while it
 * was held;</li>
 * <li>fencing tokens grow in acquisition order: a token handed out after another one was
 * handed out (by a hold acquired after it) is larger.</li>
 * </ul>
 * Where docs/reliability.md says Redis cannot promise this, a finding is reported
 * separately as <em>known</em> rather than as a violation: after Redis lost data (a
 * restart without persistence, a failover with asynchronous replication) and when a
 * holder's process was paused (the fencing token protects the data then).
 */
final class HistoryChecker {

	private HistoryChecker() {
	}

	static HistoryReport check(LockHistory history) {
		List<Hold> holds = history.holds();
		List<Fault> faults = history.faults();
		Map<String, Long> killed = new HashMap<>();
		for (Fault fault : faults) {
			if (fault.kind() == Fault.Kind.KILL) {
				killed.merge(fault.target(), fault.start(), Math::min);
			}
		}
		long historyEnd = holds.stream().mapToLong(HistoryChecker::lastEvent).max().orElse(0);
		Map<Hold, Long> ends = new HashMap<>();
		for (Hold hold : holds) {
			ends.put(hold, beliefEnd(hold, killed.getOrDefault(hold.process, NONE), historyEnd));
		}
		HistoryReport report = new HistoryReport(holds, faults, history.unparsed());
		Map<String, List<Hold>> byKey = holds.stream()
			.sorted(Comparator.comparingLong((Hold hold) -> hold.acquiredAt))
			.collect(Collectors.groupingBy((hold) -> hold.key, TreeMap::new, Collectors.toList()));
		for (List<Hold> keyHolds : byKey.values()) {
			List<Hold> shared = keyHolds.stream().filter((h) -> h.type == LockType.SEMAPHORE).toList();
			List<Hold> locks = keyHolds.stream().filter((h) -> h.type != LockType.SEMAPHORE).toList();
			checkOverlaps(locks, ends, faults, report);
			checkPermits(shared, ends, faults, report);
			checkReleases(locks, ends, faults, report);
			checkTokens(keyHolds, faults, report);
		}
		for (Hold hold : holds) {
			if (hold.outcome == Outcome.LOST && hold.lostAt == NONE) {
				report.add(new Finding(Finding.Kind.UNREPORTED_LOSS, hold.key, null,
						hold + " found its lock gone on release but onLost was never called", hold.releaseCalledAt));
			}
		}
		return report;
	}

	static long beliefEnd(Hold hold, long killedAt, long historyEnd) {
		long end = Long.MAX_VALUE;
		for (long candidate : new long[] { hold.releaseCalledAt, hold.lostAt, hold.leaseDeadline, killedAt }) {
			if (candidate != NONE) {
				end = Math.min(end, candidate);
			}
		}
		return (end != Long.MAX_VALUE) ? end : historyEnd;
	}

	private static long lastEvent(Hold hold) {
		return Math.max(Math.max(hold.acquiredAt, hold.tokenAt), Math.max(hold.releaseCalledAt, hold.lostAt));
	}

	private static boolean conflict(Hold a, Hold b) {
		return a.type != LockType.READ || b.type != LockType.READ;
	}

	private static void checkOverlaps(List<Hold> holds, Map<Hold, Long> ends, List<Fault> faults,
			HistoryReport report) {
		for (int i = 0; i < holds.size(); i++) {
			Hold a = holds.get(i);
			long aEnd = ends.get(a);
			for (int j = i + 1; j < holds.size() && holds.get(j).acquiredAt < aEnd; j++) {
				Hold b = holds.get(j);
				if (conflict(a, b) && ends.get(b) > b.acquiredAt) {
					long overlap = Math.min(aEnd, ends.get(b)) - b.acquiredAt;
					report.add(new Finding(Finding.Kind.OVERLAP, a.key, knownCause(List.of(a, b), faults, b.acquiredAt),
							a + " and " + b + " both believed they held the lock for " + millis(overlap) + " ms",
							b.acquiredAt));
				}
			}
		}
	}

	private static void checkPermits(List<Hold> holds, Map<Hold, Long> ends, List<Fault> faults, HistoryReport report) {
		PriorityQueue<Hold> active = new PriorityQueue<>(Comparator.comparingLong(ends::get));
		for (Hold hold : holds) {
			while (!active.isEmpty() && ends.get(active.peek()) <= hold.acquiredAt) {
				active.poll();
			}
			if (ends.get(hold) <= hold.acquiredAt) {
				continue;
			}
			active.add(hold);
			if (active.size() > hold.maxPermits) {
				List<Hold> involved = new ArrayList<>(active);
				report.add(new Finding(Finding.Kind.TOO_MANY_PERMITS, hold.key,
						knownCause(involved, faults, hold.acquiredAt), active.size() + " holders believed they held "
								+ "one of " + hold.maxPermits + " permits: " + involved,
						hold.acquiredAt));
			}
		}
	}

	private static void checkReleases(List<Hold> holds, Map<Hold, Long> ends, List<Fault> faults,
			HistoryReport report) {
		for (int i = 0; i < holds.size(); i++) {
			Hold a = holds.get(i);
			if (a.outcome != Outcome.RELEASED) {
				continue;
			}
			for (int j = i + 1; j < holds.size() && holds.get(j).acquiredAt < a.releaseCalledAt; j++) {
				Hold b = holds.get(j);
				// An acquisition that returned already expired (its process was paused
				// between the grant and the return) took nothing from the holder.
				if (conflict(a, b) && ends.get(b) > b.acquiredAt) {
					report.add(new Finding(Finding.Kind.RELEASED_WHILE_TAKEN, a.key,
							knownCause(List.of(a, b), faults, b.acquiredAt),
							a + " released successfully although " + b + " acquired the key while it was held",
							a.releaseCalledAt));
				}
			}
		}
	}

	/**
	 * Tokens per key: a hold acquired after another hold's token was handed out must get
	 * a larger token. Redis events that lose data start a new epoch: a token lower than
	 * one from an earlier epoch is a known case, lower than one of its own epoch a
	 * violation.
	 */
	private static void checkTokens(List<Hold> holds, List<Fault> faults, HistoryReport report) {
		List<Long> epochStarts = faults.stream().filter(Fault::losesRedisData).map(Fault::start).sorted().toList();
		List<Hold> byTokenTime = holds.stream()
			.filter((hold) -> hold.token != NONE)
			.sorted(Comparator.comparingLong((Hold hold) -> hold.tokenAt))
			.toList();
		Map<Integer, Hold> maxPerEpoch = new HashMap<>();
		Set<Integer> reportedEpochs = new HashSet<>();
		int next = 0;
		for (Hold b : holds) {
			if (b.token == NONE) {
				continue;
			}
			for (; next < byTokenTime.size() && byTokenTime.get(next).tokenAt < b.acquiredAt; next++) {
				Hold a = byTokenTime.get(next);
				maxPerEpoch.merge(epoch(a.tokenAt, epochStarts), a, (x, y) -> (x.token >= y.token) ? x : y);
			}
			report.tokenChecked();
			int epoch = epoch(b.tokenAt, epochStarts);
			Hold same = maxPerEpoch.get(epoch);
			if (same != null && b.token <= same.token) {
				if (seenWhileDataWasLost(same, faults)) {
					// Its token came back while Redis was losing data: the moment a
					// child logs a reply can be well after the server issued it, so the
					// token may still be from the data that was lost.
					report.tokenBelowEarlierEpoch();
					if (reportedEpochs.add(epoch)) {
						report.add(new Finding(Finding.Kind.TOKEN_REGRESSION, b.key, HistoryReport.REDIS_DATA_LOSS, b
								+ " got a token not larger than " + same + "'s, which came back while Redis lost data",
								b.tokenAt));
					}
					continue;
				}
				report.add(new Finding(Finding.Kind.TOKEN_REGRESSION, b.key, null,
						b + " was acquired after " + same + " got its token, but its token is not larger", b.tokenAt));
				continue;
			}
			Hold earlier = maxPerEpoch.entrySet()
				.stream()
				.filter((entry) -> entry.getKey() < epoch)
				.map(Map.Entry::getValue)
				.max(Comparator.comparingLong((Hold hold) -> hold.token))
				.orElse(null);
			if (earlier != null && b.token <= earlier.token) {
				// One finding per key and data loss; the tokens below the old maximum are
				// counted.
				report.tokenBelowEarlierEpoch();
				if (reportedEpochs.add(epoch)) {
					report.add(new Finding(Finding.Kind.TOKEN_REGRESSION, b.key, HistoryReport.REDIS_DATA_LOSS,
							b + " got a token not larger than " + earlier + "'s from before Redis lost data",
							b.tokenAt));
				}
			}
		}
	}

	private static boolean seenWhileDataWasLost(Hold hold, List<Fault> faults) {
		return faults.stream()
			.anyMatch((fault) -> fault.losesRedisData() && fault.overlaps(hold.tokenAt, hold.tokenAt));
	}

	private static int epoch(long at, List<Long> epochStarts) {
		int epoch = 0;
		while (epoch < epochStarts.size() && epochStarts.get(epoch) <= at) {
			epoch++;
		}
		return epoch;
	}

	/**
	 * The documented cause of a finding whose holds were acquired between the earliest
	 * acquisition among them and {@code at}, or {@code null} if there is none.
	 */
	private static @Nullable String knownCause(List<Hold> involved, List<Fault> faults, long at) {
		long from = involved.stream().mapToLong((hold) -> hold.acquiredAt).min().orElse(at);
		for (Fault fault : faults) {
			if (fault.losesRedisData() && fault.overlaps(from, at)) {
				return HistoryReport.REDIS_DATA_LOSS;
			}
		}
		for (Fault fault : faults) {
			if (fault.kind() == Fault.Kind.PAUSE && fault.overlaps(from, at)
					&& involved.stream().anyMatch((hold) -> hold.process.equals(fault.target()))) {
				return HistoryReport.PAUSED_HOLDER;
			}
		}
		return null;
	}

	private static String millis(long nanos) {
		return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
	}

}
