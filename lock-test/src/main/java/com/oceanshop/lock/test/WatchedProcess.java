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

package com.oceanshop.lock.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A process started under a small {@code sh} watchdog so that it never outlives the JVM
 * that started it.
 * <p>
 * The watchdog runs the command in the background with its output appended to a file and
 * prints the command's PID, so {@link #pid()} is the PID of the command itself and
 * signals reach it directly. Two monitors then delete the command's temporary directory
 * and kill the command with {@code SIGKILL}:
 * <ul>
 * <li>one reads the watchdog's standard input, a pipe whose only writer is this JVM. The
 * kernel closes that pipe when the JVM exits for any reason, including {@code SIGKILL}
 * and a crash, so the monitor sees end-of-file at once;</li>
 * <li>one polls the JVM's PID with {@code kill -0} every second, as a fallback should
 * anything else keep the pipe open.</li>
 * </ul>
 * The watchdog waits for the command and exits with its status, so the watchdog process
 * ends exactly when the command has ended and been reaped. A JVM shutdown hook also kills
 * every process that is still running when the JVM exits normally, and deletes its
 * directory.
 */
final class WatchedProcess {

	private static final String SCRIPT = """
			parent=$1
			output=$2
			directory=$3
			shift 3
			"$@" </dev/null >>"$output" 2>&1 &
			child=$!
			echo "$child"
			exec 3<&0 0</dev/null
			(while read -r ignored; do :; done <&3; rm -rf "$directory"; kill -9 "$child") >/dev/null 2>&1 &
			eof=$!
			exec 3<&-
			(while kill -0 "$parent"; do sleep 1; done; rm -rf "$directory"; kill -9 "$child") >/dev/null 2>&1 &
			poll=$!
			wait "$child"
			status=$?
			kill "$eof" "$poll" 2>/dev/null
			exit "$status"
			""";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

	private static final Set<WatchedProcess> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(WatchedProcess::killAll, "ocean-lock-test-cleanup"));
	}

	private final Process watchdog;

	private final long pid;

	private final ProcessHandle handle;

	private final Path directory;

	private WatchedProcess(Process watchdog, long pid, Path directory) {
		this.watchdog = watchdog;
		this.pid = pid;
		this.directory = directory;
		this.handle = ProcessHandle.of(pid).orElse(watchdog.toHandle());
	}

	/**
	 * Start the given command under a watchdog.
	 * @param command the command and its arguments
	 * @param output the file that receives the command's standard output and error
	 * @param directory the temporary directory of the command, deleted if the JVM dies
	 * while the command runs
	 * @return the started process
	 */
	static WatchedProcess start(List<String> command, Path output, Path directory) {
		List<String> watchdogCommand = new ArrayList<>();
		watchdogCommand.add("/bin/sh");
		watchdogCommand.add("-c");
		watchdogCommand.add(SCRIPT);
		watchdogCommand.add("ocean-lock-watchdog");
		watchdogCommand.add(Long.toString(ProcessHandle.current().pid()));
		watchdogCommand.add(output.toAbsolutePath().toString());
		watchdogCommand.add(directory.toAbsolutePath().toString());
		watchdogCommand.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(watchdogCommand).redirectErrorStream(true);
		Process watchdog;
		try {
			watchdog = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start " + command, ex);
		}
		long pid;
		try {
			pid = Long.parseLong(readFirstLine(watchdog.getInputStream(), START_TIMEOUT).trim());
		}
		catch (RuntimeException ex) {
			watchdog.destroyForcibly();
			throw new IllegalStateException("Watchdog did not report the PID of " + command, ex);
		}
		WatchedProcess process = new WatchedProcess(watchdog, pid, directory);
		running.add(process);
		watchdog.onExit().thenRun(() -> running.remove(process));
		return process;
	}

	private static String readFirstLine(InputStream input, Duration timeout) {
		StringBuilder line = new StringBuilder();
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (System.nanoTime() < deadline) {
				if (input.available() > 0) {
					int next = input.read();
					if (next == -1 || next == '\n') {
						return line.toString();
					}
					line.append((char) next);
				}
				else {
					sleep(5);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("No line within " + timeout + ", got '" + line + "'");
	}

	long pid() {
		return this.pid;
	}

	/**
	 * Return whether the command is still running. The watchdog reaps the command as soon
	 * as it ends, so a killed command is never reported as alive.
	 * @return whether the command is running
	 */
	boolean isAlive() {
		return this.watchdog.isAlive() && this.handle.isAlive();
	}

	/**
	 * Send the given signal to the command.
	 * @param signal the signal name, such as {@code STOP}
	 */
	void signal(String signal) {
		if (!isAlive()) {
			throw new IllegalStateException("Process " + this.pid + " is not running");
		}
		int status = run(List.of("/bin/sh", "-c", "kill -s \"$1\" \"$2\"", "sh", signal, Long.toString(this.pid)));
		if (status != 0) {
			throw new IllegalStateException("Failed to send SIG" + signal + " to process " + this.pid);
		}
	}

	/**
	 * Kill the command with {@code SIGKILL} and wait until it has been reaped.
	 */
	void kill() {
		this.handle.destroyForcibly();
		awaitExit(EXIT_TIMEOUT);
	}

	/**
	 * Wait for the command to end and return its exit status ({@code 128 + signal} when a
	 * signal ended it).
	 * @param timeout how long to wait
	 * @return the exit status
	 * @throws IllegalStateException if the command is still running after the timeout
	 */
	int awaitExit(Duration timeout) {
		try {
			if (!this.watchdog.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Process " + this.pid + " still running after " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for process " + this.pid, ex);
		}
		return this.watchdog.exitValue();
	}

	private static int run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out running " + command);
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted running " + command, ex);
		}
	}

	private static void killAll() {
		for (WatchedProcess process : running) {
			process.handle.destroyForcibly();
		}
		for (WatchedProcess process : running) {
			process.watchdog.destroyForcibly();
			deleteRecursively(process.directory);
		}
	}

	static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// A leftover temporary directory is harmless.
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	@Override
	public String toString() {
		return "pid " + this.pid;
	}

}
