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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.oceanshop.lock.history.LockHistory.Fault;
import com.oceanshop.lock.test.JvmProcess;

/**
 * One run of the history check: starts {@link LockHistoryMain} child JVMs, injects faults
 * and records them with their {@link System#nanoTime()} window, then collects the
 * children's event lines into a {@link LockHistory}. Every child stops by itself at the
 * end of the run; {@link #close()} kills whatever is left.
 */
final class HistoryRun implements AutoCloseable {

	/** Run time of a long run: {@code -Dhistory.duration=300s}; 20 s by default. */
	static final Duration DURATION = parse(System.getProperty("history.duration", "20s"));

	/**
	 * Whether the children send lock commands through the command pipeline:
	 * {@code -Dhistory.pipelining=true|false}; the provider's default when not set.
	 */
	static final String PIPELINING = System.getProperty("history.pipelining", "default");

	private final long end;

	private final List<JvmProcess> processes = new ArrayList<>();

	private final List<String> labels = new ArrayList<>();

	private final LockHistory history = new LockHistory();

	HistoryRun(Duration duration) {
		this.end = System.nanoTime() + duration.toNanos();
	}

	static Duration parse(String duration) {
		String value = duration.trim().toLowerCase(Locale.ROOT);
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		if (value.endsWith("m")) {
			return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
		}
		return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
	}

	/**
	 * Start a child that runs until the end of the run; it starts taking locks once it
	 * has printed {@code READY}.
	 * @param topology the topology argument of {@link LockHistoryMain}
	 * @return the child
	 */
	JvmProcess start(String topology) {
		String label = "p" + (this.processes.size() + 1);
		JvmProcess process = JvmProcess.start(LockHistoryMain.class, label, Long.toString(remaining().toMillis()),
				topology, PIPELINING);
		this.processes.add(process);
		this.labels.add(label);
		return process;
	}

	void awaitReady() {
		this.processes.forEach((process) -> process.awaitOutputLine("READY", Duration.ofSeconds(30)));
	}

	String label(JvmProcess process) {
		return this.labels.get(this.processes.indexOf(process));
	}

	Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.end - System.nanoTime()));
	}

	/**
	 * Run a fault and record it.
	 * @param kind the kind
	 * @param target the process label or a description
	 * @param fault injects the fault and returns when it is over
	 * @throws Exception if the fault fails
	 */
	void fault(Fault.Kind kind, String target, FaultAction fault) throws Exception {
		long start = System.nanoTime();
		fault.run();
		this.history.fault(kind, target, start, System.nanoTime());
	}

	/**
	 * Run a fault that loses Redis data. Its window, which starts a new fencing epoch,
	 * opens once the data is gone (the node is dead), not before: a token whose reply
	 * arrives between the start of the fault and the node's death was still issued by the
	 * old data, and must be compared with the tokens before it.
	 */
	void dataLoss(Fault.Kind kind, String target, FaultAction loss, FaultAction recovery) throws Exception {
		loss.run();
		long start = System.nanoTime();
		recovery.run();
		this.history.fault(kind, target, start, System.nanoTime());
	}

	/**
	 * Record a fault that happened by itself (not injected by the test), such as a
	 * failover Sentinel started on its own.
	 * @param kind the kind
	 * @param target a description
	 * @param start when it began, in {@link System#nanoTime()}
	 * @param end when it was over
	 */
	void record(Fault.Kind kind, String target, long start, long end) {
		this.history.fault(kind, target, start, end);
	}

	void pause(JvmProcess process, Duration duration) throws Exception {
		fault(Fault.Kind.PAUSE, label(process), () -> {
			process.pause();
			try {
				Thread.sleep(duration.toMillis());
			}
			finally {
				process.resume();
			}
		});
	}

	void kill(JvmProcess process) throws Exception {
		fault(Fault.Kind.KILL, label(process), process::kill);
	}

	static void sleep(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	/**
	 * Wait for every child to finish (bounded), and return the history of the run.
	 * @return the history
	 */
	LockHistory finish() {
		for (JvmProcess process : this.processes) {
			if (process.isAlive()) {
				int exit = process.waitFor(remaining().plusSeconds(40));
				if (exit != 0) {
					throw new IllegalStateException(process + " exited with " + exit + ":\n" + process.output());
				}
			}
			this.history.addLines(process.outputLines());
		}
		return this.history;
	}

	@Override
	public void close() {
		this.processes.forEach(JvmProcess::close);
	}

	@FunctionalInterface
	interface FaultAction {

		void run() throws Exception;

	}

}
