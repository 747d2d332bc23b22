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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.test.RedisNode;
import com.oceanshop.lock.test.RedisStandalone;

/**
 * Capacity figures for docs/benchmarks.md: the renewal traffic of many held auto-renewed
 * locks (commands per renewal period, from {@code INFO commandstats}), the memory of a
 * held lock in Redis ({@code used_memory} delta and {@code MEMORY USAGE}) and in the
 * client (heap delta after GC), and the heap of a caller waiting in the local queue. Run
 * with {@code --capacity[=holds]} through {@link LockBenchmark}.
 *
 * @since 0.1.0
 */
final class CapacityProbe {

	private static final long RENEWAL_TIMEOUT_MILLIS = 3000;

	private CapacityProbe() {
	}

	static String run(int holds) throws Exception {
		StringBuilder report = new StringBuilder("# Capacity probe\n\n");
		try (RedisStandalone redis = RedisStandalone.start()) {
			Config config = new Config();
			config.setLockWatchdogTimeout(RENEWAL_TIMEOUT_MILLIS);
			config.useSingleServer().setAddress(redis.uri()).setTimeout(10_000);
			RedissonClient redisson = Redisson.create(config);
			RedissonLockProvider provider = new RedissonLockProvider(redisson);
			try {
				LockTemplate template = LockTemplate.builder(provider).build();
				for (LockType type : LockType.values()) {
					heldLocks(report, redis.node(), template, type, holds);
				}
				renewalTraffic(report, redis.node(), template, holds);
				// The first round loads what waiting needs; the second is measured.
				waitingCallers(new StringBuilder(), template, 1000);
				waitingCallers(report, template, 10_000);
			}
			finally {
				provider.close();
				redisson.shutdown(0, 2, TimeUnit.SECONDS);
			}
		}
		return report.toString();
	}

	private static void heldLocks(StringBuilder report, RedisNode node, LockTemplate template, LockType type, int holds)
			throws InterruptedException {
		String prefix = "capacity:" + type.tagValue() + ":K-";
		// Warm up the path (classes, script cache) so the deltas are the holds' own.
		closeAll(acquire(template, prefix + "warm-", type, false, 100));
		long redisBefore = usedMemory(node);
		long heapBefore = heapAfterGc();
		List<LockHandle> handles = acquire(template, prefix, type, false, holds);
		long heapAfter = heapAfterGc();
		long redisAfter = usedMemory(node);
		Object oneKey = node.call("MEMORY", "USAGE", "lock:" + prefix + "0", "SAMPLES", "0");
		Object keys = node.call("DBSIZE");
		report.append(String.format(Locale.ROOT,
				"- %s: %d held, Redis used_memory +%d B per lock (MEMORY USAGE of one lock key %s B, %s keys), "
						+ "client heap +%d B per held handle%n",
				type.tagValue(), holds, (redisAfter - redisBefore) / holds, oneKey, keys,
				(heapAfter - heapBefore) / holds));
		closeAll(handles);
		node.call("FLUSHALL");
	}

	private static void renewalTraffic(StringBuilder report, RedisNode node, LockTemplate template, int holds)
			throws InterruptedException {
		List<LockHandle> handles = acquire(template, "capacity:renewal:K-", LockType.EXCLUSIVE, true, holds);
		// Let the acquisitions' own commands and a first tick pass.
		Thread.sleep(RENEWAL_TIMEOUT_MILLIS);
		RedisStats before = RedisStats.of(node);
		long start = System.nanoTime();
		Thread.sleep(RENEWAL_TIMEOUT_MILLIS * 3);
		RedisStats after = RedisStats.of(node);
		double periods = (System.nanoTime() - start) / 1e6 / (RENEWAL_TIMEOUT_MILLIS / 3.0);
		Map<String, Long> calls = after.callsSince(before);
		long scripts = calls.getOrDefault("eval", 0L) + calls.getOrDefault("evalsha", 0L);
		report.append(String.format(Locale.ROOT,
				"- renewal of %d held auto-renewed locks: %.1f script calls per renewal period, %.0f µs Redis CPU "
						+ "per period (%s over %.1f periods)%n",
				holds, scripts / periods, (after.cpuSeconds() - before.cpuSeconds()) * 1e6 / periods, calls, periods));
		closeAll(handles);
		node.call("FLUSHALL");
	}

	private static void waitingCallers(StringBuilder report, LockTemplate template, int waiters)
			throws InterruptedException {
		String key = "capacity:waiting:HOT";
		LockHandle holder = template.acquire(LockRequest.builder(key).leaseTime(Duration.ofSeconds(60)).build());
		CountDownLatch done = new CountDownLatch(waiters);
		long before = heapAfterGc();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < waiters; i++) {
			Thread thread = Callers.newThread(true, "waiter-" + i, () -> {
				try (LockHandle handle = template
					.acquire(LockRequest.builder(key).waitTime(Duration.ofSeconds(60)).build())) {
					// Only the turn matters.
				}
				catch (RuntimeException ex) {
					// Counted by the latch either way.
				}
				finally {
					done.countDown();
				}
			});
			thread.start();
			threads.add(thread);
		}
		Thread.sleep(3000);
		long after = heapAfterGc();
		report.append(String.format(Locale.ROOT,
				"- %d callers waiting on one held EXCLUSIVE key (%s, local queue): client heap +%d B "
						+ "per waiting caller%n",
				waiters, Callers.virtualThreads() ? "virtual threads, stacks on the heap" : "platform threads",
				(after - before) / waiters));
		holder.close();
		done.await(60, TimeUnit.SECONDS);
	}

	private static List<LockHandle> acquire(LockTemplate template, String prefix, LockType type, boolean autoRenew,
			int count) {
		List<LockHandle> handles = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			LockRequest.Builder request = LockRequest.builder(prefix + i).type(type);
			if (type == LockType.SEMAPHORE) {
				request.maxPermits(4);
			}
			handles.add(template
				.acquire((autoRenew ? request.autoRenew() : request.leaseTime(Duration.ofSeconds(120))).build()));
		}
		return handles;
	}

	private static void closeAll(List<LockHandle> handles) {
		handles.forEach(LockHandle::close);
	}

	private static long usedMemory(RedisNode node) {
		for (String line : String.valueOf(node.call("INFO", "memory")).split("\r?\n")) {
			if (line.startsWith("used_memory:")) {
				return Long.parseLong(line.substring("used_memory:".length()).trim());
			}
		}
		throw new IllegalStateException("No used_memory in INFO memory");
	}

	private static long heapAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			memory.gc();
			Thread.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
