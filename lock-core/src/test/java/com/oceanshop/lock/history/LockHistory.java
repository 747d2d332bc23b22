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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockType;

/**
 * A recorded history of lock holds and injected faults, built from the lines that
 * {@link LockHistoryMain} child processes print and from the faults the driving test
 * injects.
 * <p>
 * Every timestamp is a {@link System#nanoTime()} value. On Linux the JVM reads
 * {@code System.nanoTime()} from {@code CLOCK_MONOTONIC}, one clock for the whole host
 * that does not jump with the wall clock, so values taken in different processes on the
 * same host can be compared. That is what lets the checker order events from several
 * JVMs; it would not hold across hosts (or on an OS whose {@code nanoTime} has a
 * per-process origin).
 * <p>
 * Line formats, one event per line, fields separated by one space: <pre>
 * ACQ   &lt;hold&gt; &lt;key&gt; &lt;type&gt; &lt;maxPermits&gt; &lt;acquiredAt&gt; &lt;leaseDeadline or -1&gt;
 * TOKEN &lt;hold&gt; &lt;token or -&gt; &lt;at&gt;
 * REL   &lt;hold&gt; &lt;calledAt&gt; &lt;RELEASED|LOST|FAILED&gt;
 * LOSS  &lt;hold&gt; &lt;at&gt;
 * </pre> A hold id is {@code <process>/<thread>/<n>}. Lines that do not parse (a process
 * killed mid-line) are counted and otherwise ignored.
 */
final class LockHistory {

	/** An absent timestamp or token. */
	static final long NONE = Long.MIN_VALUE;

	private final Map<String, Hold> holds = new LinkedHashMap<>();

	private final List<Fault> faults = new ArrayList<>();

	private final List<String> lines = new ArrayList<>();

	private int unparsed;

	static String acquired(String hold, String key, LockType type, int maxPermits, long at, long leaseDeadline) {
		return "ACQ " + hold + " " + key + " " + type + " " + maxPermits + " " + at + " "
				+ ((leaseDeadline != NONE) ? leaseDeadline : -1);
	}

	static String token(String hold, long token, long at) {
		return "TOKEN " + hold + " " + ((token != NONE) ? Long.toString(token) : "-") + " " + at;
	}

	static String released(String hold, long calledAt, Outcome outcome) {
		return "REL " + hold + " " + calledAt + " " + outcome;
	}

	static String lost(String hold, long at) {
		return "LOSS " + hold + " " + at;
	}

	/**
	 * Add the event lines of one process; other lines are skipped.
	 * @param lines the output lines
	 * @return this history
	 */
	LockHistory addLines(Collection<String> lines) {
		// A loss report can be printed by another thread just before the ACQ line.
		lines.stream().filter((line) -> line.startsWith("ACQ ")).forEach(this::add);
		lines.stream().filter((line) -> !line.startsWith("ACQ ")).forEach(this::add);
		return this;
	}

	LockHistory add(String line) {
		this.lines.add(line);
		String[] f = line.trim().split(" ");
		try {
			switch (f[0]) {
				case "ACQ" -> {
					long deadline = Long.parseLong(f[6]);
					this.holds.put(f[1], new Hold(f[1], f[2], LockType.valueOf(f[3]), Integer.parseInt(f[4]),
							Long.parseLong(f[5]), (deadline != -1) ? deadline : NONE));
				}
				case "TOKEN" -> {
					Hold hold = hold(f[1]);
					hold.token = "-".equals(f[2]) ? NONE : Long.parseLong(f[2]);
					hold.tokenAt = Long.parseLong(f[3]);
				}
				case "REL" -> {
					Hold hold = hold(f[1]);
					hold.releaseCalledAt = Long.parseLong(f[2]);
					hold.outcome = Outcome.valueOf(f[3]);
				}
				case "LOSS" -> hold(f[1]).lostAt = Long.parseLong(f[2]);
				default -> {
					// not an event line
				}
			}
		}
		catch (RuntimeException ex) {
			this.unparsed++;
		}
		return this;
	}

	private Hold hold(String id) {
		Hold hold = this.holds.get(id);
		if (hold == null) {
			throw new IllegalArgumentException("No ACQ line for " + id);
		}
		return hold;
	}

	synchronized LockHistory fault(Fault.Kind kind, String target, long start, long end) {
		this.faults.add(new Fault(kind, target, start, end));
		return this;
	}

	List<Hold> holds() {
		return List.copyOf(this.holds.values());
	}

	synchronized List<Fault> faults() {
		return List.copyOf(this.faults);
	}

	int unparsed() {
		return this.unparsed;
	}

	/**
	 * Write the faults and every line added, for a look at a failed run.
	 * @param file where to write
	 * @param more lines to append (the Redis nodes' logs)
	 * @throws IOException if the file cannot be written
	 */
	void write(Path file, List<String> more) throws IOException {
		List<String> out = new ArrayList<>();
		faults().forEach((fault) -> out
			.add("FAULT " + fault.kind() + " " + fault.target() + " " + fault.start() + " " + fault.end()));
		out.addAll(this.lines);
		out.addAll(more);
		Files.createDirectories(file.getParent());
		Files.write(file, out, StandardCharsets.UTF_8);
	}

	/**
	 * How a release call ended.
	 */
	enum Outcome {

		/** {@code close()} returned: the lock was still held and is now free. */
		RELEASED,

		/** {@code close()} threw {@code LockLostException}: the lock was already gone. */
		LOST,

		/** {@code close()} threw something else (Redis unreachable): unknown. */
		FAILED

	}

	/**
	 * One acquisition, from {@code acquire}'s return to its release.
	 */
	static final class Hold {

		final String id;

		final String process;

		final String key;

		final LockType type;

		final int maxPermits;

		final long acquiredAt;

		final long leaseDeadline;

		long token = NONE;

		long tokenAt = NONE;

		long releaseCalledAt = NONE;

		@Nullable Outcome outcome;

		long lostAt = NONE;

		Hold(String id, String key, LockType type, int maxPermits, long acquiredAt, long leaseDeadline) {
			this.id = id;
			this.process = id.substring(0, Math.max(0, id.indexOf('/')));
			this.key = key;
			this.type = type;
			this.maxPermits = maxPermits;
			this.acquiredAt = acquiredAt;
			this.leaseDeadline = leaseDeadline;
		}

		@Override
		public String toString() {
			return this.id + "[" + this.type + " " + this.key + ", token " + ((this.token != NONE) ? this.token : "-")
					+ "]";
		}

	}

	/**
	 * A fault injected by the driving test, over {@code [start, end]}.
	 *
	 * @param kind what was done
	 * @param target the process label for process faults, else a description
	 * @param start when it began
	 * @param end when it ended (equal to start for an instant fault)
	 */
	record Fault(Kind kind, String target, long start, long end) {

		boolean losesRedisData() {
			return this.kind == Kind.REDIS_RESTART || this.kind == Kind.FAILOVER;
		}

		boolean overlaps(long from, long to) {
			return this.start <= to && this.end >= from;
		}

		enum Kind {

			/** Holder JVM stopped with SIGSTOP, then resumed. */
			PAUSE,

			/** Holder JVM killed with SIGKILL. */
			KILL,

			/** Latency added by a TCP proxy. */
			LATENCY,

			/** Connections through a TCP proxy dropped and traffic swallowed. */
			PARTITION,

			/**
			 * Standalone Redis (no persistence) killed and restarted: its data is gone.
			 */
			REDIS_RESTART,

			/**
			 * Master killed, replica promoted (Sentinel or Cluster): recent writes may be
			 * gone.
			 */
			FAILOVER

		}

	}

}
