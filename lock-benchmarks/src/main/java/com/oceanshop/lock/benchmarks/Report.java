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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * Renders results as Markdown.
 *
 * @since 0.1.0
 */
public final class Report {

	private Report() {
	}

	/**
	 * Render the report.
	 * @param mode the mode the benchmark ran in
	 * @param results every result, in run order
	 * @param took how long the run took
	 * @param serverInfo Redis {@code INFO server}
	 * @return the Markdown
	 */
	public static String markdown(LockBenchmark.Mode mode, List<Result> results, Duration took, String serverInfo) {
		StringBuilder out = new StringBuilder();
		out.append("# Ocean Lock benchmark (").append(mode.name().toLowerCase(Locale.ROOT)).append(" mode)\n\n");
		out.append("- Run: ").append(Instant.now()).append(", took ").append(took.toSeconds()).append(" s\n");
		out.append("- Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" CPUs, ")
			.append(cpuModel())
			.append(", ")
			.append(memory())
			.append('\n');
		out.append("- JDK: ")
			.append(System.getProperty("java.vm.name"))
			.append(' ')
			.append(System.getProperty("java.runtime.version"))
			.append(", virtual threads: ")
			.append(Callers.virtualThreads() ? "yes" : "no (platform threads instead)")
			.append('\n');
		out.append("- Redis: ").append(field(serverInfo, "redis_version")).append(" on loopback\n");
		out.append("- Load average at the end: ").append(loadAverage()).append('\n');
		out.append("- Per scenario: warm-up ")
			.append(mode.warmup.toMillis())
			.append(" ms, measured ")
			.append(mode.measure.toMillis())
			.append(" ms, wait time ")
			.append(mode.waitTime.toMillis())
			.append(" ms, lease ")
			.append(Contenders.LEASE.toSeconds())
			.append(" s\n\n");
		out.append("Latency is acquisition latency (call to entering the critical section) in ms. CPU is per ")
			.append("acquire+release in µs. Round trips are the commands clients sent per acquire+release (from ")
			.append("the slow log, which logs every command in a short window after the measured one, since ")
			.append("logging them costs Redis CPU; in the stock scenario during the burst); Redis calls also count the ")
			.append("commands scripts ran inside Redis (from `INFO commandstats`). ")
			.append("`vs Redisson` is the throughput ratio to the raw Redisson lock of the same kind and the ")
			.append("p50 difference; `vs peer` is the ratio to the best `RedisLockRegistry` mode.\n");
		Map<Scenario, List<Result>> byScenario = new LinkedHashMap<>();
		for (Result result : results) {
			byScenario.computeIfAbsent(result.scenario(), (scenario) -> new ArrayList<>()).add(result);
		}
		byScenario.forEach((scenario, list) -> table(out, scenario, list));
		List<Result> failed = results.stream().filter((result) -> result.firstError() != null).toList();
		if (!failed.isEmpty()) {
			out.append("\n## Errors\n\n");
			for (Result result : failed) {
				out.append("- ")
					.append(result.scenario().id())
					.append(' ')
					.append(result.contender().name())
					.append(": ")
					.append(result.errors())
					.append(" errors, first: ")
					.append(String.valueOf(result.firstError()).replace('\n', ' '))
					.append('\n');
			}
		}
		return out.toString();
	}

	private static void table(StringBuilder out, Scenario scenario, List<Result> results) {
		out.append("\n## ").append(scenario.title()).append("\n\n");
		Optional<Result> bestPeer = results.stream()
			.filter((result) -> result.contender().group().equals("peer"))
			.max((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
		out.append(
				"| Implementation | ops/s | p50 | p95 | p99 | p99.9 | client CPU | Redis CPU | round trips | sent | Redis calls ")
			.append("| vs Redisson | vs peer |");
		boolean hot = scenario.sharedKey();
		if (hot) {
			out.append(
					scenario.isStock() ? " sold | took s |" : " transfers/s | re-acq/s | FIFO share | lost updates |");
			out.append(" timeouts | overrun p99 | longest call |");
		}
		out.append(" errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|");
		if (hot) {
			out.append(scenario.isStock() ? "---:|---:|---:|---:|---:|---:|" : "---:|---:|---:|---:|---:|---:|---:|");
		}
		out.append("---:|\n");
		for (Result result : results) {
			Histogram latency = result.latency();
			out.append("| ").append(result.contender().name());
			cell(out, "%.0f", result.opsPerSecond());
			cell(out, "%.3f", latency.getValueAtPercentile(50) / 1000.0);
			cell(out, "%.3f", latency.getValueAtPercentile(95) / 1000.0);
			cell(out, "%.3f", latency.getValueAtPercentile(99) / 1000.0);
			cell(out, "%.3f", latency.getValueAtPercentile(99.9) / 1000.0);
			cell(out, "%.0f", result.perOp(result.clientCpuNanos() / 1000.0));
			cell(out, "%.0f", result.perOp(result.redisCpuSeconds() * 1e6));
			cell(out, "%.2f", result.roundTripsPerOp());
			out.append(" | ").append(commands(result, result.sent()));
			cell(out, "%.1f", result.commandsPerOp());
			out.append(" | ").append(versusRedisson(result, results));
			out.append(" | ")
				.append(bestPeer.map((peer) -> ratio(result.opsPerSecond(), peer.opsPerSecond())).orElse("-"));
			if (hot) {
				if (scenario.isStock()) {
					out.append(" | ").append(result.sold()).append((result.sold() == scenario.stock()) ? "" : " (!)");
					cell(out, "%.2f", result.seconds());
				}
				else {
					cell(out, "%.0f", result.transfers() / result.seconds());
					cell(out, "%.0f", result.reacquisitions() / result.seconds());
					cell(out, "%.3f", result.fifoShare());
					out.append(" | ").append(result.lostUpdates() + result.violations());
				}
				out.append(" | ").append(result.timeouts());
				cell(out, "%.1f ms", result.overrun().getValueAtPercentile(99) / 1000.0);
				cell(out, "%.1f ms", result.maxCallMicros() / 1000.0);
			}
			out.append(" | ").append(result.errors());
			if (result.firstError() != null) {
				out.append(" (").append(result.firstError().getClass().getSimpleName()).append(')');
			}
			out.append(" |\n");
		}
	}

	private static String commands(Result result, Map<String, Long> calls) {
		return calls.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(4)
			.map((entry) -> entry.getKey() + " " + String.format(Locale.ROOT, "%.2f", result.perOp(entry.getValue())))
			.collect(Collectors.joining(", "));
	}

	private static String versusRedisson(Result result, List<Result> results) {
		String baseline = result.contender().baseline();
		if (baseline.equals(result.contender().name())) {
			return "-";
		}
		return results.stream()
			.filter((other) -> other.contender().name().equals(baseline))
			.findFirst()
			.map((other) -> ratio(result.opsPerSecond(), other.opsPerSecond())
					+ String.format(Locale.ROOT, ", p50 %+d µs",
							result.latency().getValueAtPercentile(50) - other.latency().getValueAtPercentile(50)))
			.orElse("-");
	}

	private static String ratio(double value, double base) {
		return (base > 0) ? String.format(Locale.ROOT, "x%.2f", value / base) : "-";
	}

	private static void cell(StringBuilder out, String format, double value) {
		out.append(" | ").append(String.format(Locale.ROOT, format, value));
	}

	private static String field(String info, String name) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(name + ":")) {
				return line.substring(name.length() + 1).trim();
			}
		}
		return "?";
	}

	private static String cpuModel() {
		return read("/proc/cpuinfo").lines()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse(System.getProperty("os.arch"));
	}

	private static String memory() {
		return read("/proc/meminfo").lines()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB RAM")
			.findFirst()
			.orElse("? RAM");
	}

	private static String loadAverage() {
		String load = read("/proc/loadavg").trim();
		return load.isEmpty() ? "?" : String.join(" ", List.of(load.split(" ")).subList(0, 3));
	}

	private static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

}
