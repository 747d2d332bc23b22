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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisClusterMaster;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the {@value LockMetricNames#REDIS_UP} gauge [{@code lock_redis_up}]: 1 while this
 * instance reaches Redis, 0 while it does not, and NaN until the first check. A daemon
 * thread sends {@code PING} with a short timeout at a fixed delay, to the single server,
 * the Sentinel-monitored master, or every Cluster master (all must answer, since any of
 * them may own a lock's slot). The check never runs on a lock operation's thread, so it
 * adds no round trip to locking; in between, {@link #markUnreachable()} lets a failed
 * lock operation set the gauge to 0 at once.
 * <p>
 * The thread starts with the application context and stops with it.
 *
 * @since 1.0.0
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

	private final RedissonClient redisson;

	private final Duration interval;

	private final Duration timeout;

	private final AtomicInteger up = new AtomicInteger(UNKNOWN);

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a monitor that checks every {@link #DEFAULT_INTERVAL} with a
	 * {@link #DEFAULT_TIMEOUT}.
	 * @param redisson the Redisson client whose servers to check
	 * @param registry the registry to register the gauge in
	 */
	public RedisReachabilityMonitor(RedissonClient redisson, MeterRegistry registry) {
		this(redisson, registry, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
	}

	/**
	 * Create a monitor.
	 * @param redisson the Redisson client whose servers to check
	 * @param registry the registry to register the gauge in
	 * @param interval delay between the end of a check and the start of the next
	 * @param timeout time a check waits for replies, shorter than the interval
	 */
	public RedisReachabilityMonitor(RedissonClient redisson, MeterRegistry registry, Duration interval,
			Duration timeout) {
		this.redisson = Objects.requireNonNull(redisson, "'redisson' must not be null");
		Objects.requireNonNull(registry, "'registry' must not be null");
		this.interval = positive("interval", interval);
		this.timeout = positive("timeout", timeout);
		Gauge.builder(LockMetricNames.REDIS_UP, this.up, RedisReachabilityMonitor::gaugeValue)
			.description("Whether this instance reaches Redis: 1 if it does, 0 if it does not")
			.register(registry);
	}

	private static Duration positive(String name, @Nullable Duration value) {
		Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("'" + name + "' must be positive, but was " + value);
		}
		return value;
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
			reachable = ping();
		}
		catch (RuntimeException ex) {
			logger.debug("Redis reachability check failed", ex);
			reachable = false;
		}
		update(reachable);
		return reachable;
	}

	private boolean ping() {
		long timeoutMillis = this.timeout.toMillis();
		Config config = this.redisson.getConfig();
		if (config.isClusterConfig()) {
			Collection<RedisClusterMaster> masters = this.redisson.getRedisNodes(RedisNodes.CLUSTER).getMasters();
			if (masters.isEmpty()) {
				return false;
			}
			List<CompletableFuture<Boolean>> replies = new ArrayList<>(masters.size());
			for (RedisClusterMaster master : masters) {
				replies.add(master.pingAsync(timeoutMillis, TimeUnit.MILLISECONDS).toCompletableFuture());
			}
			for (CompletableFuture<Boolean> reply : replies) {
				if (!Boolean.TRUE.equals(reply.exceptionally((ex) -> false).join())) {
					return false;
				}
			}
			return true;
		}
		if (config.isSentinelConfig()) {
			return this.redisson.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE)
				.getMaster()
				.ping(timeoutMillis, TimeUnit.MILLISECONDS);
		}
		if (config.isSingleConfig()) {
			return this.redisson.getRedisNodes(RedisNodes.SINGLE)
				.getInstance()
				.ping(timeoutMillis, TimeUnit.MILLISECONDS);
		}
		return this.redisson.getRedisNodes(RedisNodes.MASTER_SLAVE)
			.getMaster()
			.ping(timeoutMillis, TimeUnit.MILLISECONDS);
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
		if (this.executor != null) {
			return;
		}
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "lock-redis-monitor");
			thread.setDaemon(true);
			return thread;
		});
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		executor.scheduleWithFixedDelay(this::check, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor == null) {
			return;
		}
		this.executor = null;
		executor.shutdownNow();
		try {
			if (!executor.awaitTermination(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
				logger.debug("Redis reachability check did not stop in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
