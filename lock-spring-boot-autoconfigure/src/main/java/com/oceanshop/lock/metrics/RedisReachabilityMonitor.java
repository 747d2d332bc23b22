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

package com.oceanshop.lock.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;

import org.springframework.context.SmartLifecycle;

import com.oceanshop.lock.LockDurations;
import com.oceanshop.lock.redisson.RedissonTopology;

/**
 * Keeps the {@value LockMetricNames#REDIS_UP} gauge [{@code lock_redis_up}]: 1 while this
 * instance reaches Redis, 0 while it does not, and NaN until the first check. While it
 * runs, it sends {@code PING} with a short timeout at a fixed delay, on the given
 * executor, to the servers a lock may live on: the single server, the Sentinel-monitored
 * master, or every Cluster master ({@link RedissonTopology#ping(Duration)}). The check
 * never runs on a lock operation's thread, so it adds no round trip to locking; in
 * between, {@link #markUnreachable()} lets a failed lock operation set the gauge to 0 at
 * once.
 * <p>
 * The checks start with the application context and stop with it.
 *
 * @since 0.1.0
 */
public class RedisReachabilityMonitor implements SmartLifecycle {

	/**
	 * Default delay between two checks.
	 */
	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

	/**
	 * Default time a check waits for {@code PING} replies.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(RedisReachabilityMonitor.class);

	private static final int UNKNOWN = -1;

	private final RedissonTopology topology;

	private final ScheduledExecutorService executor;

	private final Duration interval;

	private final Duration timeout;

	private final AtomicInteger up = new AtomicInteger(UNKNOWN);

	private @Nullable ScheduledFuture<?> checks;

	/**
	 * Create a monitor that checks every {@link #DEFAULT_INTERVAL} with a
	 * {@link #DEFAULT_TIMEOUT}.
	 * @param redisson the Redisson client whose servers to check
	 * @param registry the registry to register the gauge in
	 * @param executor the executor to run the checks on
	 */
	public RedisReachabilityMonitor(RedissonClient redisson, MeterRegistry registry,
			ScheduledExecutorService executor) {
		this(redisson, registry, executor, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
	}

	/**
	 * Create a monitor.
	 * @param redisson the Redisson client whose servers to check
	 * @param registry the registry to register the gauge in
	 * @param executor the executor to run the checks on
	 * @param interval delay between the end of a check and the start of the next
	 * @param timeout time a check waits for replies, shorter than the interval
	 */
	public RedisReachabilityMonitor(RedissonClient redisson, MeterRegistry registry, ScheduledExecutorService executor,
			Duration interval, Duration timeout) {
		this.topology = new RedissonTopology(Objects.requireNonNull(redisson, "'redisson' must not be null"));
		Objects.requireNonNull(registry, "'registry' must not be null");
		this.executor = Objects.requireNonNull(executor, "'executor' must not be null");
		this.interval = LockDurations.requirePositive("interval", interval);
		this.timeout = LockDurations.requirePositive("timeout", timeout);
		Gauge.builder(LockMetricNames.REDIS_UP, this.up, RedisReachabilityMonitor::gaugeValue)
			.description("Whether this instance reaches Redis: 1 if it does, 0 if it does not")
			.register(registry);
	}

	private static double gaugeValue(AtomicInteger up) {
		int value = up.get();
		return (value != UNKNOWN) ? value : Double.NaN;
	}

	/**
	 * Record that a lock operation could not reach Redis. The gauge reads 0 until a check
	 * succeeds again.
	 */
	public void markUnreachable() {
		update(false);
	}

	/**
	 * Return the last known state.
	 * @return {@code true} if Redis answered, {@code false} if it did not, {@code null}
	 * before the first check
	 */
	public @Nullable Boolean isReachable() {
		int value = this.up.get();
		return (value != UNKNOWN) ? value == 1 : null;
	}

	/**
	 * Check Redis now, on the calling thread, and update the gauge.
	 * @return whether every checked server answered within the timeout
	 */
	public boolean check() {
		boolean reachable;
		try {
			reachable = this.topology.ping(this.timeout);
		}
		catch (RuntimeException ex) {
			logger.debug("Redis reachability check failed", ex);
			reachable = false;
		}
		update(reachable);
		return reachable;
	}

	private void update(boolean reachable) {
		int previous = this.up.getAndSet(reachable ? 1 : 0);
		if (reachable && previous == 0) {
			logger.info("Redis is reachable again");
		}
		else if (!reachable && previous != 0) {
			logger.warn("Redis is unreachable from this instance (" + LockMetricNames.REDIS_UP + " = 0)");
		}
	}

	@Override
	public synchronized void start() {
		if (this.checks == null) {
			this.checks = this.executor.scheduleWithFixedDelay(this::check, 0, this.interval.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		ScheduledFuture<?> checks = this.checks;
		if (checks != null) {
			this.checks = null;
			checks.cancel(true);
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.checks != null;
	}

}
