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

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import com.oceanshop.lock.test.RedisNode;

/**
 * Snapshot of the Redis server's CPU time and per-command call counts, from
 * {@code INFO cpu} and {@code INFO commandstats}. {@code commandstats} also counts the
 * commands that scripts run inside Redis, so the commands a client sent (its round trips)
 * are counted separately with the slow log, which tells them apart: see
 * {@link #startCountingRoundTrips(RedisNode)}. Logging every command costs Redis CPU for
 * each one, those of scripts included, so the benchmark counts them in a window of its
 * own, not while it measures throughput and CPU.
 *
 * @param cpuSeconds user plus system CPU seconds of the server process
 * @param calls calls per command name, including commands run by scripts
 * @since 0.1.0
 */
public record RedisStats(double cpuSeconds, Map<String, Long> calls) {

	private static final int SAMPLE = 4000;

	/**
	 * Log every command a client sends to the slow log, from now on.
	 * @param node the server
	 */
	public static void startCountingRoundTrips(RedisNode node) {
		node.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
		node.call("CONFIG", "SET", "slowlog-max-len", "3000000");
		node.call("SLOWLOG", "RESET");
	}

	// Stop logging commands, keeping the log for roundTrips.
	private static void pauseCountingRoundTrips(RedisNode node) {
		node.call("CONFIG", "SET", "slowlog-log-slower-than", "-1");
	}

	/**
	 * Stop logging every command: back to Redis's default threshold, with the log
	 * emptied.
	 * @param node the server
	 */
	public static void stopCountingRoundTrips(RedisNode node) {
		node.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
		node.call("SLOWLOG", "RESET");
	}

	/**
	 * Return the commands clients sent since {@link #startCountingRoundTrips}, by name:
	 * the slow log's length, split by its latest entries. Entries of commands that
	 * scripts ran carry no client address and are left out.
	 * @param node the server
	 * @return sent commands per command name, leaving out the benchmark's own
	 */
	public static Map<String, Long> roundTrips(RedisNode node) {
		long total = (Long) node.call("SLOWLOG", "LEN");
		List<?> entries = (List<?>) node.call("SLOWLOG", "GET", Integer.toString(SAMPLE));
		Map<String, Long> sample = new TreeMap<>();
		for (Object entry : (entries != null) ? entries : List.of()) {
			List<?> fields = (List<?>) entry;
			if (String.valueOf(fields.get(4)).startsWith("?")) {
				// Run by a script inside Redis (its fake client has no address), not
				// sent.
				continue;
			}
			List<?> args = (List<?>) fields.get(3);
			String command = String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
			// A PING is connection housekeeping, except the lock command pipeline's write
			// markers (PING ocean-lock:<n>), which are part of the locking.
			boolean marker = command.equals("ping") && args.size() > 1
					&& String.valueOf(args.get(1)).startsWith("ocean-lock:");
			if (!command.equals("info") && !command.equals("slowlog") && !command.equals("config")
					&& (!command.equals("ping") || marker)) {
				sample.merge(command, 1L, Long::sum);
			}
		}
		int sampled = (entries != null) ? entries.size() : 0;
		Map<String, Long> result = new TreeMap<>();
		if (sampled == 0) {
			return result;
		}
		double scale = (double) total / sampled;
		sample.forEach((command, count) -> result.put(command, Math.round(count * scale)));
		return result;
	}

	/**
	 * Count the commands the clients send, in a window of their own right after the
	 * measured one (a sixth of its length) while they go on: the slow log that counts
	 * them logs the commands scripts run inside Redis too, which costs Redis CPU per
	 * command and per argument and would slow the measured window down, the more so the
	 * more commands a contender's scripts run.
	 * @param node the server
	 * @param operations the operations done so far, still counting
	 * @param measuredOperations the operations of the measured window
	 * @param measure the measured window's length
	 * @return the commands sent per command name, scaled to the measured window's
	 * operations
	 * @throws InterruptedException if interrupted while counting
	 */
	public static Map<String, Long> roundTripsAfterWindow(RedisNode node, LongSupplier operations,
			long measuredOperations, Duration measure) throws InterruptedException {
		startCountingRoundTrips(node);
		long from = operations.getAsLong();
		Thread.sleep(Math.max(100, measure.toMillis() / 6));
		pauseCountingRoundTrips(node);
		long during = operations.getAsLong() - from;
		Map<String, Long> counted = roundTrips(node);
		stopCountingRoundTrips(node);
		Map<String, Long> sent = new TreeMap<>();
		if (during > 0) {
			counted.forEach(
					(command, count) -> sent.put(command, Math.round((double) count * measuredOperations / during)));
		}
		return sent;
	}

	/**
	 * Take a snapshot.
	 * @param node the server
	 * @return the snapshot
	 */
	public static RedisStats of(RedisNode node) {
		String cpu = String.valueOf(node.call("INFO", "cpu"));
		double seconds = 0;
		for (String line : cpu.split("\r?\n")) {
			if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
				seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		String stats = String.valueOf(node.call("INFO", "commandstats"));
		Map<String, Long> calls = new TreeMap<>();
		for (String line : stats.split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String command = line.substring("cmdstat_".length(), line.indexOf(':'));
				int start = line.indexOf("calls=") + "calls=".length();
				int end = line.indexOf(',', start);
				calls.put(command, Long.parseLong(line.substring(start, end)));
			}
		}
		return new RedisStats(seconds, calls);
	}

	/**
	 * Return the calls made since an earlier snapshot, leaving out the benchmark's own
	 * {@code INFO} and connection housekeeping ({@code PING}).
	 * @param before the earlier snapshot
	 * @return calls per command, only those that were called
	 */
	public Map<String, Long> callsSince(RedisStats before) {
		Map<String, Long> delta = new TreeMap<>();
		this.calls.forEach((command, count) -> {
			long diff = count - before.calls.getOrDefault(command, 0L);
			if (diff > 0 && !command.equals("info") && !command.equals("ping")) {
				delta.put(command, diff);
			}
		});
		return delta;
	}

}
