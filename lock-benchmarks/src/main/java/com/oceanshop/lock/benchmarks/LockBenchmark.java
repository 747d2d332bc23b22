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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

import com.oceanshop.lock.test.RedisNode;
import com.oceanshop.lock.test.RedisStandalone;

/**
 * Runs every scenario against every contender on one Redis started from
 * {@code lock-test}, and prints a Markdown report. Arguments:
 * <ul>
 * <li>{@code --full} (default, about 8 minutes), {@code --quick} (about a minute) or
 * {@code --smoke} (seconds, for the build's test);</li>
 * <li>{@code --only=name,...} to run some contenders, {@code --scenarios=id,...} to run
 * some scenarios;</li>
 * <li>{@code --out=path} to also write the report to a file;</li>
 * <li>{@code --capacity[=holds]} to print the capacity figures of {@link CapacityProbe}
 * instead (renewal traffic and memory of that many held locks).</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class LockBenchmark {

	/**
	 * Whether to count the commands sent inside the measured window, as until 2026-12-04
	 * ({@code -Dbench.countInWindow=true}), to measure what that costs.
	 */
	static final boolean COUNT_IN_WINDOW = Boolean.getBoolean("bench.countInWindow");

	/**
	 * Contenders that run the hot-key, products and stock scenarios.
	 */
	static final Set<String> HOT_CONTENDERS = Set.of("redisson-lock", "redisson-fair", "sir-spin", "sir-pubsub",
			"floor", "ocean-exclusive", "ocean-fair", "ocean-annotated", "ocean-async", "ocean-reactive",
			"redisson-lock-4i", "redisson-fair-4i", "ocean-exclusive-4i", "ocean-fair-4i", "redisson-write",
			"ocean-write");

	/**
	 * Scenarios, in report order.
	 */
	static final List<Scenario> SCENARIOS = List.of(
			new Scenario("uncontended", "One thread, uncontended", 1, false, false, false, 0, 0),
			new Scenario("independent-16", "16 threads on independent keys", 16, false, false, false, 0, 0),
			new Scenario("independent-64", "64 threads on independent keys", 64, false, false, false, 0, 0),
			new Scenario("hot-8", "8 callers on one hot key (read-modify-write)", 8, false, true, true, 0, 0),
			new Scenario("hot-64", "64 callers on one hot key (read-modify-write)", 64, false, true, true, 0, 0),
			new Scenario("hot-1000", "1000 callers on one hot key (virtual threads, read-modify-write)", 1000, true,
					true, true, 0, 0),
			new Scenario("products-1000",
					"1000 concurrent buyers on 1000 different products (virtual threads, 1 s mean think time)", 1000,
					true, false, true, 0, 1000),
			new Scenario("products-1000-burst",
					"1000 buyers on 1000 different products, no think time (virtual threads, closed loop)", 1000, true,
					false, true, 0, 0),
			new Scenario("stock-1000", "1000 buyers against stock 100 on one product (virtual threads)", 1000, true,
					true, true, 100, 0));

	/**
	 * Interleaved single-thread comparison of every Ocean Lock contender with the raw
	 * Redisson lock it runs on, in short alternating slices so that both see the same
	 * machine noise.
	 */
	static final Scenario OVERHEAD = new Scenario("overhead",
			"Overhead over Redisson: one thread, uncontended, interleaved slices", 1, false, false, false, 0, 0);

	/**
	 * Settings of the tuned Redisson client.
	 */
	static final String TUNED = "nettyThreads=1,threads=1,connectionPoolSize=1,connectionMinimumIdleSize=1";

	private final Mode mode;

	private final RedisNode redis;

	private final long waitMillis;

	private LockBenchmark(Mode mode, RedisNode redis) {
		this.mode = mode;
		this.redis = redis;
		this.waitMillis = mode.waitTime.toMillis();
	}

	/**
	 * Run the benchmark.
	 * @param args see the class description
	 * @throws Exception if the benchmark cannot run
	 */
	public static void main(String[] args) throws Exception {
		Mode mode = Mode.FULL;
		List<String> only = List.of();
		List<String> scenarioIds = List.of();
		Path out = null;
		for (String arg : args) {
			if (arg.equals("--quick")) {
				mode = Mode.QUICK;
			}
			else if (arg.equals("--smoke")) {
				mode = Mode.SMOKE;
			}
			else if (arg.equals("--full")) {
				mode = Mode.FULL;
			}
			else if (arg.startsWith("--only=")) {
				only = Arrays.asList(arg.substring("--only=".length()).split(","));
			}
			else if (arg.startsWith("--scenarios=")) {
				scenarioIds = Arrays.asList(arg.substring("--scenarios=".length()).split(","));
			}
			else if (arg.startsWith("--capacity")) {
				int holds = arg.startsWith("--capacity=") ? Integer.parseInt(arg.substring("--capacity=".length()))
						: 10_000;
				System.out.println(CapacityProbe.run(holds));
				return;
			}
			else if (arg.startsWith("--out=")) {
				out = Path.of(arg.substring("--out=".length()));
			}
			else if (!arg.isBlank()) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'");
			}
		}
		String report = run(mode, only, scenarioIds);
		System.out.println(report);
		if (out != null) {
			Files.createDirectories(out.toAbsolutePath().getParent());
			Files.writeString(out, report);
		}
	}

	/**
	 * Run the benchmark and return the report.
	 * @param mode how long each scenario runs
	 * @param only contender names to run, empty for all
	 * @param scenarioIds scenario ids to run, empty for all
	 * @return the Markdown report
	 * @throws Exception if the benchmark cannot run
	 */
	public static String run(Mode mode, List<String> only, List<String> scenarioIds) throws Exception {
		Instant started = Instant.now();
		try (RedisStandalone redis = RedisStandalone.start()) {
			Config config = new Config();
			config.useSingleServer().setAddress(redis.uri());
			RedissonClient redisson = Redisson.create(config);
			RedissonClient tuned = Redisson.create(tunedConfig(redis.uri()));
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			try (Contenders contenders = new Contenders(redisson, tuned, redis.node().host(), redis.node().port(),
					registry, mode.waitTime)) {
				LockBenchmark benchmark = new LockBenchmark(mode, redis.node());
				List<Contender> selected = contenders.all()
					.stream()
					.filter((contender) -> only.isEmpty() || only.contains(contender.name()))
					.toList();
				benchmark.warmUp(selected);
				redis.flushAll();
				List<Result> results = new ArrayList<>();
				for (Scenario scenario : SCENARIOS) {
					if (!scenarioIds.isEmpty() && !scenarioIds.contains(scenario.id())) {
						continue;
					}
					for (Contender contender : contenders.all()) {
						if ((!only.isEmpty() && !only.contains(contender.name()))
								|| (scenario.hotOnly() && !HOT_CONTENDERS.contains(contender.name()))) {
							continue;
						}
						Result result = benchmark.run(scenario, contender);
						System.err.printf(Locale.ROOT, "%-16s %-20s %10.0f ops/s p99 %8.3f ms rtt/op %5.2f%n",
								scenario.id(), contender.name(), result.opsPerSecond(),
								result.latency().getValueAtPercentile(99) / 1000.0, result.roundTripsPerOp());
						results.add(result);
						redis.flushAll();
					}
				}
				if (scenarioIds.isEmpty() || scenarioIds.contains(OVERHEAD.id())) {
					results.addAll(benchmark.runOverhead(selected));
				}
				Duration took = Duration.between(started, Instant.now());
				return Report.markdown(mode, results, took, String.valueOf(redis.node().call("INFO", "server")));
			}
			finally {
				redisson.shutdown(0, 2, TimeUnit.SECONDS);
				tuned.shutdown(0, 2, TimeUnit.SECONDS);
				registry.close();
			}
		}
	}

	/**
	 * Return the configuration of the tuned Redisson client: {@link #TUNED}, overridden
	 * by the system property {@code bench.tuned} ({@code name=value,...} of
	 * {@code nettyThreads}, {@code threads}, {@code connectionPoolSize},
	 * {@code connectionMinimumIdleSize}).
	 */
	static Config tunedConfig(String uri) {
		Config config = new Config();
		SingleServerConfig server = config.useSingleServer().setAddress(uri);
		for (String setting : System.getProperty("bench.tuned", TUNED).split(",")) {
			if (setting.isBlank()) {
				continue;
			}
			String[] nameValue = setting.split("=");
			int value = Integer.parseInt(nameValue[1].trim());
			switch (nameValue[0].trim()) {
				case "nettyThreads" -> config.setNettyThreads(value);
				case "threads" -> config.setThreads(value);
				case "connectionPoolSize" -> server.setConnectionPoolSize(value);
				case "connectionMinimumIdleSize" -> server.setConnectionMinimumIdleSize(value);
				default -> throw new IllegalArgumentException("Unknown tuned setting '" + setting + "'");
			}
		}
		return config;
	}

	/**
	 * Let the JIT compile every contender's path before anything is measured, so that the
	 * first contenders of the first scenario are not measured cold.
	 */
	private void warmUp(List<Contender> contenders) throws InterruptedException {
		Scenario warmUp = new Scenario("warm-up", "JIT warm-up", 8, false, false, false, 0, 0);
		Mode warmUpMode = this.mode;
		for (Contender contender : contenders) {
			runLoop(warmUp, contender, warmUpMode.warmup.multipliedBy(2), Duration.ZERO);
		}
	}

	/**
	 * Run {@link #OVERHEAD}: rounds of short slices over the Ocean Lock contenders and
	 * their baselines, in an order that rotates each round, merged per contender.
	 */
	private List<Result> runOverhead(List<Contender> selected) throws InterruptedException {
		Set<String> names = new java.util.LinkedHashSet<>();
		for (Contender contender : selected) {
			if (contender.group().equals("ocean")) {
				names.add(contender.baseline());
				names.add(contender.name());
			}
		}
		List<Contender> rotation = selected.stream().filter((contender) -> names.contains(contender.name())).toList();
		Map<String, List<Result>> slices = new java.util.LinkedHashMap<>();
		for (int round = 0; round < this.mode.overheadRounds; round++) {
			for (int i = 0; i < rotation.size(); i++) {
				Contender contender = rotation.get((i + round) % rotation.size());
				Result slice = runLoop(OVERHEAD, contender, this.mode.overheadSlice, Duration.ofMillis(50));
				slices.computeIfAbsent(contender.name(), (name) -> new ArrayList<>()).add(slice);
			}
		}
		List<Result> merged = new ArrayList<>();
		for (Contender contender : rotation) {
			merged.add(merge(slices.get(contender.name())));
		}
		return merged;
	}

	private static Result merge(List<Result> slices) {
		Result first = slices.get(0);
		Histogram latency = new Histogram(3);
		Histogram overrun = new Histogram(3);
		Map<String, Long> calls = new java.util.TreeMap<>();
		Map<String, Long> sent = new java.util.TreeMap<>();
		long acquisitions = 0;
		double seconds = 0;
		long cpu = 0;
		double redisCpu = 0;
		long timeouts = 0;
		long errors = 0;
		long longest = 0;
		Throwable error = null;
		for (Result slice : slices) {
			acquisitions += slice.acquisitions();
			seconds += slice.seconds();
			latency.add(slice.latency());
			overrun.add(slice.overrun());
			cpu += slice.clientCpuNanos();
			redisCpu += slice.redisCpuSeconds();
			slice.calls().forEach((command, count) -> calls.merge(command, count, Long::sum));
			slice.sent().forEach((command, count) -> sent.merge(command, count, Long::sum));
			timeouts += slice.timeouts();
			errors += slice.errors();
			longest = Math.max(longest, slice.maxCallMicros());
			error = (error != null) ? error : slice.firstError();
		}
		return new Result(first.scenario(), first.contender(), acquisitions, seconds, latency, cpu, redisCpu, calls,
				sent, timeouts, errors, overrun, longest, 0, 0, 0, 0, -1, -1, error);
	}

	Result run(Scenario full, Contender contender) throws InterruptedException {
		Scenario scenario = full.scaled(this.mode.divisor);
		return scenario.isStock() ? runStock(scenario, contender)
				: runLoop(scenario, contender, this.mode.measure, this.mode.warmup);
	}

	private Result runLoop(Scenario scenario, Contender contender, Duration measure, Duration warmup)
			throws InterruptedException {
		Recorder latency = new Recorder(3);
		Recorder overrun = new Recorder(3);
		LongAdder ok = new LongAdder();
		LongAdder timeouts = new LongAdder();
		LongAdder errors = new LongAdder();
		LongAccumulator maxCall = new LongAccumulator(Math::max, 0);
		AtomicReference<@Nullable Throwable> firstError = new AtomicReference<>();
		HotKey hot = scenario.sharedKey() ? new HotKey(0) : null;
		AtomicBoolean stopped = new AtomicBoolean();
		List<Thread> threads = new ArrayList<>(scenario.callers());
		for (int i = 0; i < scenario.callers(); i++) {
			String key = contender.key(scenario.sharedKey() ? scenario.id() : scenario.id() + "-" + i);
			threads.add(Callers.newThread(scenario.virtual(), scenario.id() + "-" + i, () -> {
				long[] acquired = new long[1];
				long[] ticket = new long[1];
				Runnable action = (hot != null) ? () -> {
					acquired[0] = System.nanoTime();
					hot.enter(ticket[0]);
				} : () -> acquired[0] = System.nanoTime();
				while (!stopped.get()) {
					long start = System.nanoTime();
					if (hot != null) {
						ticket[0] = hot.arrive();
					}
					try {
						boolean got = contender.run(key, this.waitMillis, action);
						long micros = (System.nanoTime() - start) / 1000;
						maxCall.accumulate(micros);
						if (got) {
							latency.recordValue(Math.max(0, (acquired[0] - start) / 1000));
							ok.increment();
							if (hot != null) {
								hot.succeeded.increment();
							}
						}
						else {
							timeouts.increment();
							overrun.recordValue(Math.max(0, micros - this.waitMillis * 1000));
						}
					}
					catch (InterruptedException ex) {
						break;
					}
					catch (Throwable ex) {
						if (Thread.currentThread().isInterrupted()) {
							break;
						}
						errors.increment();
						firstError.compareAndSet(null, ex);
						sleepQuietly(1);
					}
					finally {
						if (hot != null) {
							hot.depart(ticket[0]);
						}
					}
					if (scenario.thinkMillis() > 0) {
						sleepQuietly(ThreadLocalRandom.current().nextLong(2L * scenario.thinkMillis()));
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		Thread.sleep(warmup.toMillis());
		RedisStats redisBefore = RedisStats.of(this.redis);
		if (COUNT_IN_WINDOW) {
			RedisStats.startCountingRoundTrips(this.redis);
		}
		long cpuBefore = processCpuNanos();
		latency.getIntervalHistogram();
		overrun.getIntervalHistogram();
		ok.reset();
		timeouts.reset();
		errors.reset();
		maxCall.reset();
		if (hot != null) {
			hot.resetCounts();
		}
		long windowStart = System.nanoTime();
		Thread.sleep(measure.toMillis());
		long windowEnd = System.nanoTime();
		long cpuAfter = processCpuNanos();
		RedisStats redisAfter = RedisStats.of(this.redis);
		Histogram latencies = latency.getIntervalHistogram();
		Histogram overruns = overrun.getIntervalHistogram();
		long acquisitions = ok.sum();
		long timedOut = timeouts.sum();
		long failed = errors.sum();
		long longest = maxCall.get();
		long transfers = (hot != null) ? hot.transfers.sum() : 0;
		long reacquisitions = (hot != null) ? hot.reacquisitions.sum() : 0;
		long inOrder = (hot != null) ? hot.inOrder.sum() : -1;
		// The callers go on while the commands are counted: every figure above is the
		// measured window's.
		Map<String, Long> sent;
		if (COUNT_IN_WINDOW) {
			sent = RedisStats.roundTrips(this.redis);
			RedisStats.stopCountingRoundTrips(this.redis);
		}
		else {
			sent = RedisStats.roundTripsAfterWindow(this.redis, ok::sum, acquisitions, measure);
		}
		stopped.set(true);
		finish(threads, windowEnd);
		return new Result(scenario, contender, acquisitions, (windowEnd - windowStart) / 1e9, latencies,
				cpuAfter - cpuBefore, redisAfter.cpuSeconds() - redisBefore.cpuSeconds(),
				redisAfter.callsSince(redisBefore), sent, timedOut, failed, overruns, longest, transfers,
				reacquisitions, (hot != null) ? hot.lostUpdates() : 0, (hot != null) ? hot.violations.get() : 0, -1,
				inOrder, firstError.get());
	}

	private Result runStock(Scenario scenario, Contender contender) throws InterruptedException {
		Recorder latency = new Recorder(3);
		Recorder overrun = new Recorder(3);
		LongAdder ok = new LongAdder();
		LongAdder timeouts = new LongAdder();
		LongAdder errors = new LongAdder();
		LongAccumulator maxCall = new LongAccumulator(Math::max, 0);
		AtomicReference<@Nullable Throwable> firstError = new AtomicReference<>();
		HotKey hot = new HotKey(scenario.stock());
		CountDownLatch gate = new CountDownLatch(1);
		String key = contender.key(scenario.id());
		List<Thread> threads = new ArrayList<>(scenario.callers());
		for (int i = 0; i < scenario.callers(); i++) {
			threads.add(Callers.newThread(scenario.virtual(), scenario.id() + "-" + i, () -> {
				long[] acquired = new long[1];
				try {
					gate.await();
					long start = System.nanoTime();
					boolean got = contender.run(key, this.waitMillis, () -> {
						acquired[0] = System.nanoTime();
						hot.buy();
					});
					long micros = (System.nanoTime() - start) / 1000;
					maxCall.accumulate(micros);
					if (got) {
						latency.recordValue(Math.max(0, (acquired[0] - start) / 1000));
						ok.increment();
					}
					else {
						timeouts.increment();
						overrun.recordValue(Math.max(0, micros - this.waitMillis * 1000));
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (Throwable ex) {
					errors.increment();
					firstError.compareAndSet(null, ex);
				}
			}));
		}
		threads.forEach(Thread::start);
		RedisStats redisBefore = RedisStats.of(this.redis);
		RedisStats.startCountingRoundTrips(this.redis);
		long cpuBefore = processCpuNanos();
		long start = System.nanoTime();
		gate.countDown();
		long end = finish(threads, start + TimeUnit.MILLISECONDS.toNanos(this.waitMillis));
		long cpuAfter = processCpuNanos();
		RedisStats redisAfter = RedisStats.of(this.redis);
		// One burst, no steady state to count in a later window: counted while it runs.
		Map<String, Long> sent = RedisStats.roundTrips(this.redis);
		RedisStats.stopCountingRoundTrips(this.redis);
		return new Result(scenario, contender, ok.sum(), (end - start) / 1e9, latency.getIntervalHistogram(),
				cpuAfter - cpuBefore, redisAfter.cpuSeconds() - redisBefore.cpuSeconds(),
				redisAfter.callsSince(redisBefore), sent, timeouts.sum(), errors.sum(), overrun.getIntervalHistogram(),
				maxCall.get(), 0, 0, 0, hot.violations.get(), hot.sold.get(), -1, firstError.get());
	}

	/**
	 * Wait for the callers to end: each may finish its current attempt, which can take
	 * its whole wait time; after that and a grace period they are interrupted.
	 * @return when the last caller ended
	 */
	private long finish(List<Thread> threads, long from) throws InterruptedException {
		long deadline = from + TimeUnit.MILLISECONDS.toNanos(this.waitMillis) + this.mode.grace.toNanos();
		for (Thread thread : threads) {
			long remaining = deadline - System.nanoTime();
			if (remaining > 0) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
			}
		}
		long end = System.nanoTime();
		for (Thread thread : threads) {
			if (thread.isAlive()) {
				thread.interrupt();
			}
		}
		for (Thread thread : threads) {
			thread.join(2000);
		}
		return end;
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How long each scenario runs.
	 */
	public enum Mode {

		/**
		 * The full run for the report: about 8 minutes.
		 */
		FULL(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 8,
				Duration.ofMillis(300)),

		/**
		 * A smoke run of about a minute.
		 */
		QUICK(Duration.ofMillis(300), Duration.ofMillis(700), Duration.ofSeconds(2), Duration.ofSeconds(2), 1, 2,
				Duration.ofMillis(200)),

		/**
		 * The smallest run, for the build's test.
		 */
		SMOKE(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(500), 10, 1,
				Duration.ofMillis(50));

		final Duration warmup;

		final Duration measure;

		final Duration waitTime;

		final Duration grace;

		final int divisor;

		final int overheadRounds;

		final Duration overheadSlice;

		Mode(Duration warmup, Duration measure, Duration waitTime, Duration grace, int divisor, int overheadRounds,
				Duration overheadSlice) {
			this.divisor = divisor;
			this.overheadRounds = overheadRounds;
			this.overheadSlice = overheadSlice;
			this.warmup = warmup;
			this.measure = measure;
			this.waitTime = waitTime;
			this.grace = grace;
		}

	}

}
