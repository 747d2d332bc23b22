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

package com.oceanshop.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.redisson.api.RedissonClient;

/**
 * A bounded lock workload for fault tests: threads acquire, check mutual exclusion with
 * an in-process occupancy counter per key, and release, recording when each acquisition
 * succeeded, which calls failed or found their lock lost, and how long every call took.
 */
final class LoadLoop implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private final ConcurrentLinkedQueue<Long> successNanos = new ConcurrentLinkedQueue<>();

	private final AtomicLong maxCallNanos = new AtomicLong();

	private final AtomicInteger successes = new AtomicInteger();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicInteger lost = new AtomicInteger();

	private final AtomicInteger violations = new AtomicInteger();

	private final Map<String, AtomicInteger> occupancy = new ConcurrentHashMap<>();

	private volatile boolean running = true;

	LoadLoop(LockTemplate template, int threadCount, IntFunction<LockRequest> requests, Duration maxRun) {
		long end = System.nanoTime() + maxRun.toNanos();
		for (int t = 0; t < threadCount; t++) {
			LockRequest request = requests.apply(t);
			Thread thread = new Thread(() -> {
				while (this.running && System.nanoTime() < end) {
					long start = System.nanoTime();
					try {
						template.execute(request, (lock) -> {
							AtomicInteger inside = this.occupancy.computeIfAbsent(request.key(),
									(k) -> new AtomicInteger());
							if (inside.incrementAndGet() > 1) {
								this.violations.incrementAndGet();
							}
							Thread.onSpinWait();
							inside.decrementAndGet();
							return null;
						});
						this.successes.incrementAndGet();
						this.successNanos.add(System.nanoTime());
					}
					catch (LockException ex) {
						this.failures.incrementAndGet();
						if (ex instanceof LockLostException) {
							this.lost.incrementAndGet();
						}
						try {
							Thread.sleep(5);
						}
						catch (InterruptedException interrupted) {
							return;
						}
					}
					finally {
						this.maxCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
					}
				}
			}, "load-" + t);
			this.threads.add(thread);
		}
	}

	/**
	 * Start a load over a {@link TestRedisson#faultTemplate fault test template}.
	 * @param redisson the client
	 * @param threadCount how many threads take and release locks
	 * @param requests the request of each thread, by thread number
	 * @param maxRun when the threads stop at the latest
	 * @return the running load
	 */
	static LoadLoop start(RedissonClient redisson, int threadCount, IntFunction<LockRequest> requests,
			Duration maxRun) {
		return new LoadLoop(TestRedisson.faultTemplate(redisson), threadCount, requests, maxRun).start();
	}

	LoadLoop start() {
		this.threads.forEach(Thread::start);
		return this;
	}

	/**
	 * Wait until the load has taken the given number of locks more than it had so far.
	 * @param what the condition, for the failure message
	 * @param more how many more successes to wait for
	 * @param timeout how long to wait
	 * @throws InterruptedException if interrupted
	 */
	void awaitMoreSuccesses(String what, int more, Duration timeout) throws InterruptedException {
		int target = successes() + more;
		FaultFigures.await(what, timeout, () -> successes() > target);
	}

	/**
	 * Wait for the first success after the given time, typically a fault.
	 * @param what the condition, for the failure message
	 * @param afterNanos a {@link System#nanoTime()} value
	 * @param timeout how long to wait
	 * @return milliseconds from the given time to that success
	 * @throws InterruptedException if interrupted
	 */
	long awaitSuccessAfter(String what, long afterNanos, Duration timeout) throws InterruptedException {
		FaultFigures.await(what, timeout, () -> firstSuccessAfter(afterNanos) > 0);
		return Duration.ofNanos(firstSuccessAfter(afterNanos) - afterNanos).toMillis();
	}

	/**
	 * Return the first success strictly after the given time.
	 * @param afterNanos a {@link System#nanoTime()} value
	 * @return the time of the first later success, or -1
	 */
	long firstSuccessAfter(long afterNanos) {
		return this.successNanos.stream().filter((t) -> t - afterNanos > 0).min(Long::compare).orElse(-1L);
	}

	int successes() {
		return this.successes.get();
	}

	int failures() {
		return this.failures.get();
	}

	int lost() {
		return this.lost.get();
	}

	int violations() {
		return this.violations.get();
	}

	/**
	 * Describe the failed calls and mutual-exclusion violations, for a figure.
	 * @return the description
	 */
	String figures() {
		return failures() + " failed calls (" + lost() + " found their lock lost); mutual-exclusion violations "
				+ violations();
	}

	Duration maxCall() {
		return Duration.ofNanos(this.maxCallNanos.get());
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(Duration.ofSeconds(60).toMillis());
		}
	}

}
