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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.adaptive.AdaptiveTimeoutSettings;
import com.oceanshop.lock.adaptive.AdaptiveTimeouts;
import com.oceanshop.lock.adaptive.LearnedTimeout;
import com.oceanshop.lock.redisson.RedissonAdaptiveTimeoutStore;
import com.oceanshop.lock.test.JvmProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Integration tests for adaptive lock timeouts against a real Redis: leases learned from
 * hold times converge, follow growing holds before any hold outlives its lease, stay
 * within their bounds, are shared with a new instance in another JVM, and give way to the
 * static defaults when adaptive timeouts are off.
 */
class AdaptiveTimeoutsIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	/**
	 * Static defaults: wait 5 s, fixed lease 1 s, so that a 2 s hold would outlive the
	 * static lease.
	 */
	static final LockDefaults STATIC = LockDefaults.builder()
		.global(Duration.ofSeconds(5), Duration.ofSeconds(1), false)
		.build();

	static final AdaptiveTimeoutSettings SETTINGS = AdaptiveTimeoutSettings.builder()
		.lease(Duration.ofMillis(500), Duration.ofSeconds(10))
		.wait(Duration.ofMillis(200), Duration.ofSeconds(10))
		.factor(3)
		.warmUpCount(20)
		.updateInterval(Duration.ofMillis(100))
		.build();

	private static final int THREADS = 4;

	private final ScheduledExecutorService updates = Executors.newSingleThreadScheduledExecutor();

	private final ExecutorService holders = Executors.newFixedThreadPool(THREADS);

	private final AtomicInteger losses = new AtomicInteger();

	private final AtomicLong longestHoldNanos = new AtomicLong();

	@AfterEach
	void stop() {
		this.updates.shutdownNow();
		this.holders.shutdownNow();
	}

	static AdaptiveTimeouts adaptive(RedissonClient client) {
		return new AdaptiveTimeouts(SETTINGS, new RedissonAdaptiveTimeoutStore(client, "lock:"));
	}

	private LockTemplate template(AdaptiveTimeouts adaptive) {
		LockListener measure = new LockListener() {

			@Override
			public void onReleased(LockRequest request, Duration held) {
				AdaptiveTimeoutsIntegrationTests.this.longestHoldNanos.accumulateAndGet(held.toNanos(), Math::max);
			}

			@Override
			public void onLost(LockRequest request, Duration held) {
				AdaptiveTimeoutsIntegrationTests.this.losses.incrementAndGet();
			}

		};
		return TestRedisson.templateBuilder(redis.client())
			.defaults(STATIC.withLearned(adaptive))
			.listener(LockListener.composite(List.of(adaptive, measure)))
			.build();
	}

	private void updatePeriodically(AdaptiveTimeouts adaptive) {
		long interval = SETTINGS.updateInterval().toMillis();
		this.updates.scheduleWithFixedDelay(() -> adaptive.update().join(), interval, interval, TimeUnit.MILLISECONDS);
	}

	@Test
	void leaseConvergesForShortHoldsAndFollowsGrowingHoldsBeforeAnyHoldOutlivesIt() throws Exception {
		String name = "adaptive-ramp:hold";
		AdaptiveTimeouts adaptive = adaptive(redis.client());
		LockTemplate template = template(adaptive);
		updatePeriodically(adaptive);
		LockRequest probe = LockRequest.of(name + ":probe");
		assertThat(template.getDefaults().leaseTime(probe)).as("static lease while warming up")
			.isEqualTo(Duration.ofSeconds(1));

		// ~200 ms holds: 4 threads, 8 rounds, 32 holds (warm-up count 20).
		for (int round = 0; round < 8; round++) {
			holdInParallel(template, name, Duration.ofMillis(200));
		}
		Duration converged = awaitLease(adaptive, name, (lease) -> lease.compareTo(Duration.ofMillis(600)) >= 0);
		long longest = TimeUnit.NANOSECONDS.toMillis(this.longestHoldNanos.get());
		System.out.printf("Holds of ~200 ms (longest %d ms): learned lease %d ms%n", longest, converged.toMillis());
		// Documented band: factor x p99 hold, rounded up by the 5% histogram buckets.
		assertThat(converged).isBetween(Duration.ofMillis(600),
				Duration.ofMillis((long) Math.ceil(3 * 1.05 * longest) + 5));
		assertLeaseInRedis(template, name, converged);

		// Holds grow by 30% per round up to 2 s: the lease is always ahead.
		List<String> rounds = new ArrayList<>();
		long hold = 200;
		for (int round = 0; round < 11; round++) {
			hold = Math.min(2000, Math.round(hold * 1.3));
			Duration lease = template.getDefaults().leaseTime(probe);
			rounds.add(hold + " ms under lease " + lease.toMillis() + " ms");
			assertThat(lease).as("lease before holds of %d ms", hold).isGreaterThan(Duration.ofMillis(hold));
			holdInParallel(template, name, Duration.ofMillis(hold));
		}
		System.out.println("Growing holds: " + rounds);
		assertThat(this.losses).as("holds that outlived their lease").hasValue(0);
		longest = TimeUnit.NANOSECONDS.toMillis(this.longestHoldNanos.get());
		Duration followed = awaitLease(adaptive, name, (lease) -> lease.compareTo(Duration.ofMillis(6000)) >= 0);
		assertThat(followed).isBetween(Duration.ofMillis(6000),
				Duration.ofMillis((long) Math.ceil(3 * 1.05 * longest) + 5));
		// No contention: the learned wait is one p99 hold, within its bounds.
		assertThat(adaptive.waitTime(name)).isBetween(Duration.ofMillis(2000), Duration.ofSeconds(10));
	}

	@Test
	void learnedValuesStayWithinTheirBoundsAndFallSmoothly() {
		String name = "adaptive-bounds:hold";
		AdaptiveTimeouts adaptive = adaptive(redis.client());
		LockRequest request = LockRequest.of(name + ":1");
		observe(adaptive, request, Duration.ofMillis(10), 20);
		adaptive.update().join();
		assertThat(adaptive.leaseTime(name)).isEqualTo(SETTINGS.minLease());
		assertThat(adaptive.waitTime(name)).isEqualTo(SETTINGS.minWait());

		observe(adaptive, request, Duration.ofSeconds(60), 1);
		adaptive.update().join();
		assertThat(adaptive.leaseTime(name)).as("one longer hold raises the lease at once")
			.isEqualTo(SETTINGS.maxLease());
		assertThat(adaptive.waitTime(name)).isEqualTo(SETTINGS.maxWait());
		long high = learned(adaptive, name).holdTimeMillis();
		assertThat(high).isBetween(60_000L, 63_000L);

		// A full update (100 observations) of short holds moves the estimate a fifth of
		// the way down, not all the way.
		observe(adaptive, request, Duration.ofMillis(10), 100);
		adaptive.update().join();
		long lower = learned(adaptive, name).holdTimeMillis();
		assertThat(lower).isBetween((long) (high * 0.8) - 10, (long) (high * 0.8) + 10);
		assertThat(adaptive.leaseTime(name)).isEqualTo(SETTINGS.maxLease());
		assertThat(learned(adaptive, name).holds()).isEqualTo(121);
	}

	@Test
	void turningAdaptiveTimeoutsOffRestoresTheStaticDefaults() throws Exception {
		String name = "adaptive-off:hold";
		AdaptiveTimeouts adaptive = adaptive(redis.client());
		LockRequest request = LockRequest.of(name + ":1");
		observe(adaptive, request, Duration.ofMillis(1000), 20);
		adaptive.update().join();
		assertThat(template(adaptive).getDefaults().leaseTime(request)).isBetween(Duration.ofMillis(3000),
				Duration.ofMillis(3155));

		LockTemplate off = TestRedisson.templateBuilder(redis.client()).defaults(STATIC).build();
		assertThat(off.getDefaults().leaseTime(request)).isEqualTo(Duration.ofSeconds(1));
		assertThat(off.getDefaults().waitTime(request)).isEqualTo(Duration.ofSeconds(5));
		assertLeaseInRedis(off, name, Duration.ofSeconds(1));
	}

	@Test
	void newInstanceInAnotherJvmStartsWithTheLearnedValues() throws Exception {
		String name = "adaptive-shared:hold";
		AdaptiveTimeouts adaptive = adaptive(redis.client());
		LockRequest request = LockRequest.of(name + ":1");
		observe(adaptive, request, Duration.ofMillis(2000), 20);
		adaptive.update().join();
		Duration lease = adaptive.leaseTime(name);
		Duration wait = adaptive.waitTime(name);
		assertThat(lease).isBetween(Duration.ofMillis(6000), Duration.ofMillis(6305));

		try (JvmProcess second = JvmProcess.start(AdaptiveTimeoutsMain.class, redis.standaloneTopology().uri(),
				name + ":1")) {
			String learned = second.awaitOutputLine("LEARNED", Duration.ofSeconds(30));
			assertThat(learned).isEqualTo("LEARNED lease=" + lease.toMillis() + " wait=" + wait.toMillis());
			second.awaitOutputLine("ACQUIRED", Duration.ofSeconds(30));
			long ttl = redis.client().getLock("lock:" + name + ":1").remainTimeToLive();
			// The second instance's static lease is 30 s: a TTL within the learned lease
			// shows that its first acquisition used what the first instance learned.
			assertThat(ttl).isPositive().isLessThanOrEqualTo(lease.toMillis());
			second.kill();
		}
	}

	private static void observe(AdaptiveTimeouts adaptive, LockRequest request, Duration hold, int times) {
		for (int i = 0; i < times; i++) {
			adaptive.onAcquired(request, Duration.ofMillis(1), false);
			adaptive.onReleased(request, hold);
		}
	}

	private static LearnedTimeout learned(AdaptiveTimeouts adaptive, String name) {
		return adaptive.learnedTimeouts()
			.stream()
			.filter((learned) -> learned.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private void holdInParallel(LockTemplate template, String name, Duration hold) throws Exception {
		List<Future<?>> holds = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			String key = name + ":" + i;
			holds.add(this.holders.submit(() -> template.execute(LockRequest.of(key), (lock) -> sleep(hold))));
		}
		for (Future<?> future : holds) {
			// A hold that outlived its lease fails here with LockLostException.
			future.get(30, TimeUnit.SECONDS);
		}
	}

	private static @Nullable Object sleep(Duration hold) {
		try {
			Thread.sleep(hold.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return null;
	}

	private static Duration awaitLease(AdaptiveTimeouts adaptive, String name,
			java.util.function.Predicate<Duration> condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			Duration lease = adaptive.leaseTime(name);
			if (lease != null && condition.test(lease)) {
				return lease;
			}
			if (System.nanoTime() - deadline > 0) {
				fail("Learned lease of %s did not reach the expected value within 10 s: %s", name,
						adaptive.learnedTimeouts());
			}
			Thread.sleep(20);
		}
	}

	private static void assertLeaseInRedis(LockTemplate template, String name, Duration lease) {
		String key = name + ":ttl";
		try (LockHandle handle = template.acquire(LockRequest.of(key))) {
			long ttl = redis.client().getLock("lock:" + key).remainTimeToLive();
			assertThat(handle.isHeld()).isTrue();
			assertThat(ttl).isPositive().isLessThanOrEqualTo(lease.toMillis());
		}
	}

}
