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

package com.oceanshop.lock.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.oceanshop.lock.LockType;

/**
 * Configuration properties for Ocean Lock distributed locks.
 * <p>
 * Wait and lease times resolve most specific first: the {@code @DistributedLock} or
 * {@code LockRequest} value, then {@code names[<context>:<operation>]}, then
 * {@code types.<type>}, then the global {@code wait-time}, {@code default-ttl-seconds}
 * and {@code auto-renew}. A timeout table is pure configuration: <pre class="code">
 * app:
 *   lock:
 *     names:
 *       "[inventory:reserve]":
 *         lease-time: 30s
 *       "[order:process]":
 *         lease-time: 60s
 * </pre> In a {@code .properties} file the colon must be escaped:
 * {@code app.lock.names[inventory\:reserve].lease-time=30s}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("app.lock")
public class LockProperties {

	/**
	 * Whether distributed locking is enabled. When false (the rollback switch), annotated
	 * methods and LockTemplate calls run the protected code without a distributed lock
	 * and their handles report that no lock is held.
	 */
	private boolean enabled = true;

	/**
	 * Default lease, in seconds: time after which a lock expires even if its holder is
	 * still running. Applies when neither the request, its name nor its type sets a lease
	 * time and auto-renewal is off.
	 */
	private int defaultTtlSeconds = 30;

	/**
	 * Number of times an acquisition is retried, with exponential backoff, when Redis
	 * cannot be reached. Contention is governed by the wait time, never by retries.
	 */
	private int maxRetries = 3;

	/**
	 * Pause before the first retry of an acquisition that failed because Redis could not
	 * be reached; it doubles on each further retry.
	 */
	private Duration retryBackoff = Duration.ofMillis(50);

	/**
	 * Where locks are kept: 'redis' (through the application's RedissonClient) or
	 * 'in-memory' (in this JVM only, for tests and for running without Redis; it never
	 * coordinates two processes).
	 */
	private Provider provider = Provider.REDIS;

	/**
	 * Prefix of every Redis key written for a lock.
	 */
	private String keyPrefix = "lock:";

	/**
	 * Default maximum time to wait for a lock before giving up. Zero makes a single
	 * attempt.
	 */
	private Duration waitTime = Duration.ofSeconds(5);

	/**
	 * Whether locks are kept alive by renewal while their holder runs, instead of
	 * expiring after the default lease, when a request sets no lease time.
	 */
	private boolean autoRenew;

	/**
	 * Renewal timeout of auto-renewed locks: a lock whose holder died expires within this
	 * time. Sets Redisson's lockWatchdogTimeout on the auto-configured Redisson client.
	 * When not set, Redisson's default applies.
	 */
	private @Nullable Duration renewalTimeout;

	/**
	 * Whether callers of this instance that wait for a held exclusive, fair or write lock
	 * wait in a local queue (by priority, then first come first served), so that only one
	 * of them at a time waits in Redis. Turning it off makes every caller wait in Redis,
	 * as raw Redisson does.
	 */
	private boolean localQueue = true;

	/**
	 * Order of the callers waiting for the same lock by priority.
	 */
	private final Priority priority = new Priority();

	/**
	 * Cleanup of orphaned locks.
	 */
	private final Cleanup cleanup = new Cleanup();

	/**
	 * Circuit breaker that fails acquisitions fast while Redis is unreachable.
	 */
	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	/**
	 * Detection of deadlocks between flows that nest locks, across instances.
	 */
	private final DeadlockDetection deadlockDetection = new DeadlockDetection();

	/**
	 * Adaptive timeouts: lease and wait times learned per lock name from measured hold
	 * and acquisition times, shared by all instances in Redis.
	 */
	private final Adaptive adaptive = new Adaptive();

	/**
	 * Sizing of the auto-configured Redisson client for locking.
	 */
	private final Client client = new Client();

	/**
	 * Timeouts per lock type (exclusive, fair, read, write, semaphore), overriding the
	 * global defaults.
	 */
	private final Map<LockType, Timeouts> types = new LinkedHashMap<>();

	/**
	 * Timeouts per lock name, the '<context>:<operation>' prefix of a key such as
	 * 'inventory:reserve', overriding the per-type and global defaults. Use brackets, and
	 * in a .properties file escape the colon: names[inventory\:reserve].lease-time=30s;
	 * in YAML quote the key: "[inventory:reserve]".
	 */
	private final Map<String, Timeouts> names = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Provider getProvider() {
		return this.provider;
	}

	public void setProvider(Provider provider) {
		this.provider = provider;
	}

	public int getDefaultTtlSeconds() {
		return this.defaultTtlSeconds;
	}

	public void setDefaultTtlSeconds(int defaultTtlSeconds) {
		this.defaultTtlSeconds = defaultTtlSeconds;
	}

	public int getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	public void setRetryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getWaitTime() {
		return this.waitTime;
	}

	public void setWaitTime(Duration waitTime) {
		this.waitTime = waitTime;
	}

	public boolean isAutoRenew() {
		return this.autoRenew;
	}

	public void setAutoRenew(boolean autoRenew) {
		this.autoRenew = autoRenew;
	}

	public @Nullable Duration getRenewalTimeout() {
		return this.renewalTimeout;
	}

	public void setRenewalTimeout(@Nullable Duration renewalTimeout) {
		this.renewalTimeout = renewalTimeout;
	}

	public boolean isLocalQueue() {
		return this.localQueue;
	}

	public void setLocalQueue(boolean localQueue) {
		this.localQueue = localQueue;
	}

	public Cleanup getCleanup() {
		return this.cleanup;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public DeadlockDetection getDeadlockDetection() {
		return this.deadlockDetection;
	}

	public Adaptive getAdaptive() {
		return this.adaptive;
	}

	public Client getClient() {
		return this.client;
	}

	public Map<LockType, Timeouts> getTypes() {
		return this.types;
	}

	public Map<String, Timeouts> getNames() {
		return this.names;
	}

	public Priority getPriority() {
		return this.priority;
	}

	/**
	 * Order of waiters by priority ({@code app.lock.priority.*}).
	 */
	public static class Priority {

		/**
		 * Whether the callers that wait for an exclusive, fair or write lock line up in
		 * Redis by priority, then arrival, across instances (a sorted set next to the
		 * lock that only waiting callers write to, woken by the release). When off, they
		 * wait in Redisson as before and priority orders only each instance's local
		 * queue. Use the same value on every instance.
		 */
		private boolean enabled = true;

		/**
		 * Aging of priorities: a waiter lines up as if it had arrived this much earlier
		 * per priority level, so a waiter of priority q is never overtaken by one of
		 * priority p that arrives more than (p - q) intervals after it. Zero ignores
		 * priorities; at most 1 hour. Use the same value on every instance.
		 */
		private Duration agingInterval = Duration.ofMillis(100);

		/**
		 * How many times in a row a release may hand an exclusive lock to the next caller
		 * of its own instance although another instance's caller is first in line,
		 * provided the local caller ranks within one aging interval of it. Batching
		 * transfers inside an instance multiplies the throughput of a key contended from
		 * several instances; the caller in line waits at most that many holds longer.
		 * From 0 (the other instance's caller always goes first) to 1000.
		 */
		private int localHandOffs = 16;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getAgingInterval() {
			return this.agingInterval;
		}

		public void setAgingInterval(Duration agingInterval) {
			this.agingInterval = agingInterval;
		}

		public int getLocalHandOffs() {
			return this.localHandOffs;
		}

		public void setLocalHandOffs(int localHandOffs) {
			this.localHandOffs = localHandOffs;
		}

	}

	/**
	 * Where locks are kept.
	 */
	public enum Provider {

		/**
		 * In Redis, through the application's {@code RedissonClient}.
		 */
		REDIS,

		/**
		 * In this JVM's memory ({@code InMemoryLockProvider}).
		 */
		IN_MEMORY

	}

	/**
	 * Adaptive timeouts. For a lock name (context:operation) whose requests set no lease
	 * or wait time, and that neither names.* nor types.* configure, the lease becomes
	 * factor x the 99th percentile of its hold times and the wait time the larger of
	 * factor x the 99th percentile of its acquisition times and one such hold, each
	 * within its bounds, once the name has warm-up-count observations; before that, and
	 * for every explicit setting, the static defaults apply. A learned lease applies to
	 * new acquisitions only and never replaces auto-renewal.
	 */
	public static class Adaptive {

		/**
		 * Whether lease and wait times are learned. Off unless turned on, because a
		 * learned lease can be much shorter than default-ttl-seconds: a hold that
		 * suddenly takes more than factor times longer than it used to then loses its
		 * lock (reported, never silent) where the static lease would have covered it.
		 */
		private boolean enabled;

		/**
		 * Shortest learned lease. Long enough that an ordinary stall of a short hold (a
		 * full garbage collection, a slow network round trip, a Redis failover) does not
		 * outlive it.
		 */
		private Duration minLease = Duration.ofSeconds(5);

		/**
		 * Longest learned lease: the longest time a crashed holder can block a lock whose
		 * lease was learned. The longest operation in the ADR-022 timeout table (batch
		 * processing) fits in it.
		 */
		private Duration maxLease = Duration.ofMinutes(5);

		/**
		 * Shortest learned wait time, so that a lock that is rarely contended does not
		 * fail its first caller that meets a short burst.
		 */
		private Duration minWait = Duration.ofSeconds(1);

		/**
		 * Longest learned wait time: no request thread waits longer for a lock than a
		 * typical HTTP client or gateway waits for the request itself.
		 */
		private Duration maxWait = Duration.ofSeconds(30);

		/**
		 * Safety factor applied to the 99th percentiles: a hold may take this many times
		 * longer than the 99th percentile of the holds measured so far before it outlives
		 * a learned lease. At least 1.
		 */
		private double factor = 3;

		/**
		 * Number of hold (for the lease) or acquisition (for the wait time) times of a
		 * lock name, observed by all instances together, before its learned value is
		 * used: a 99th percentile means little before a hundred observations.
		 */
		private int warmUpCount = 100;

		/**
		 * Time between two updates by this instance: it sends what it measured since the
		 * last one to Redis in one batch and reads every name's shared estimate back. A
		 * learned lease follows growing holds within about one interval.
		 */
		private Duration updateInterval = Duration.ofSeconds(10);

		/**
		 * Time a lock name's learned values are kept in Redis after the last update by
		 * any instance; a name not used for that long is learned anew.
		 */
		private Duration retention = Duration.ofDays(7);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMinLease() {
			return this.minLease;
		}

		public void setMinLease(Duration minLease) {
			this.minLease = minLease;
		}

		public Duration getMaxLease() {
			return this.maxLease;
		}

		public void setMaxLease(Duration maxLease) {
			this.maxLease = maxLease;
		}

		public Duration getMinWait() {
			return this.minWait;
		}

		public void setMinWait(Duration minWait) {
			this.minWait = minWait;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public double getFactor() {
			return this.factor;
		}

		public void setFactor(double factor) {
			this.factor = factor;
		}

		public int getWarmUpCount() {
			return this.warmUpCount;
		}

		public void setWarmUpCount(int warmUpCount) {
			this.warmUpCount = warmUpCount;
		}

		public Duration getUpdateInterval() {
			return this.updateInterval;
		}

		public void setUpdateInterval(Duration updateInterval) {
			this.updateInterval = updateInterval;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

	}

	/**
	 * Deadlock detection across instances.
	 */
	public static class DeadlockDetection {

		/**
		 * Whether an acquisition that must wait while its flow (the lock scopes open on
		 * its thread) holds other locks is entered in a wait-for graph in Redis, so that
		 * flows waiting for each other in a cycle, on any instances, are found within
		 * about a second and the youngest of them fails at once with
		 * LockDeadlockException instead of all of them waiting out their wait times.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Sizing of the Redisson client that Redisson's auto-configuration creates.
	 */
	public static class Client {

		/**
		 * Whether to size the auto-configured Redisson client for locking: its Netty
		 * threads and connection pools, where they are still at Redisson's defaults (32
		 * threads, 64 connections per node), get the values below. A value set in the
		 * Redisson configuration (spring.redis.redisson.config or file) or by a
		 * RedissonAutoConfigurationCustomizer is never changed.
		 */
		private boolean sizeForLocking = true;

		/**
		 * Netty threads of the sized client. When not set, the number of available
		 * processors, at least 2.
		 */
		private @Nullable Integer nettyThreads;

		/**
		 * Most connections of the sized client to each Redis node (master or replica).
		 * Redisson pipelines commands on a connection, so a few carry a whole instance's
		 * locking; blocking commands (BLPOP, streams) hold one each while they wait.
		 */
		private int connectionPoolSize = 4;

		/**
		 * Connections of the sized client that each Redis node keeps open while idle.
		 */
		private int connectionMinimumIdleSize = 1;

		/**
		 * Whether the acquisition and release commands of every lock type go through one
		 * pipelined connection of the lock provider's own instead of the Redisson
		 * client's connection pool, for any Redisson client configured for a single
		 * server without TLS, name or command mapping and with static credentials (other
		 * configurations always use the pool). Concurrent callers' commands then share
		 * writes; a command the pipeline cannot complete goes through Redisson with
		 * Redisson's retries. Each write ends with a marker whose reply must come back in
		 * step, so a request or reply lost on the way closes the connection instead of
		 * handing a reply to the wrong command.
		 */
		private boolean commandPipelining = true;

		public boolean isCommandPipelining() {
			return this.commandPipelining;
		}

		public void setCommandPipelining(boolean commandPipelining) {
			this.commandPipelining = commandPipelining;
		}

		public boolean isSizeForLocking() {
			return this.sizeForLocking;
		}

		public void setSizeForLocking(boolean sizeForLocking) {
			this.sizeForLocking = sizeForLocking;
		}

		public @Nullable Integer getNettyThreads() {
			return this.nettyThreads;
		}

		public void setNettyThreads(@Nullable Integer nettyThreads) {
			this.nettyThreads = nettyThreads;
		}

		public int getConnectionPoolSize() {
			return this.connectionPoolSize;
		}

		public void setConnectionPoolSize(int connectionPoolSize) {
			this.connectionPoolSize = connectionPoolSize;
		}

		public int getConnectionMinimumIdleSize() {
			return this.connectionMinimumIdleSize;
		}

		public void setConnectionMinimumIdleSize(int connectionMinimumIdleSize) {
			this.connectionMinimumIdleSize = connectionMinimumIdleSize;
		}

	}

	/**
	 * Circuit breaker for Redis outages.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether to fail acquisitions fast, without calling Redis, after repeated
		 * failures to reach it.
		 */
		private boolean enabled = true;

		/**
		 * Number of acquisitions in a row that failed because Redis was unreachable (each
		 * after its retries) that opens the circuit breaker.
		 */
		private int failureThreshold = 5;

		/**
		 * Time the circuit breaker stays open before it lets one trial acquisition
		 * through; the breaker closes again when that trial reaches Redis.
		 */
		private Duration openDuration = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getOpenDuration() {
			return this.openDuration;
		}

		public void setOpenDuration(Duration openDuration) {
			this.openDuration = openDuration;
		}

	}

	/**
	 * Cleanup of orphaned locks.
	 */
	public static class Cleanup {

		/**
		 * Whether a scheduled job removes orphaned locks: lock keys without expiry, and
		 * locks whose holders' instances have been gone from the instance registry for
		 * longer than the orphaned threshold. A lock with a live holder is never removed.
		 */
		private boolean enabled = true;

		/**
		 * Time, in minutes, for which the instances of all of a lock's holders must have
		 * been seen gone from the instance registry, with the lock neither renewed nor
		 * taken again, before the cleanup removes the lock as orphaned. A live holder's
		 * lock is never removed, however long it is held.
		 */
		private int orphanedThresholdMinutes = 5;

		/**
		 * Time between cleanup runs on each instance; one instance at a time runs it.
		 */
		private Duration interval = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getOrphanedThresholdMinutes() {
			return this.orphanedThresholdMinutes;
		}

		public void setOrphanedThresholdMinutes(int orphanedThresholdMinutes) {
			this.orphanedThresholdMinutes = orphanedThresholdMinutes;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Timeouts for one lock type or lock name; unset values fall through to the next
	 * level.
	 */
	public static class Timeouts {

		/**
		 * Maximum time to wait for the lock.
		 */
		private @Nullable Duration waitTime;

		/**
		 * Time after which the lock expires even if its holder is still running.
		 */
		private @Nullable Duration leaseTime;

		/**
		 * Whether the lock is kept alive by renewal instead of expiring after a fixed
		 * lease.
		 */
		private @Nullable Boolean autoRenew;

		public @Nullable Duration getWaitTime() {
			return this.waitTime;
		}

		public void setWaitTime(@Nullable Duration waitTime) {
			this.waitTime = waitTime;
		}

		public @Nullable Duration getLeaseTime() {
			return this.leaseTime;
		}

		public void setLeaseTime(@Nullable Duration leaseTime) {
			this.leaseTime = leaseTime;
		}

		public @Nullable Boolean getAutoRenew() {
			return this.autoRenew;
		}

		public void setAutoRenew(@Nullable Boolean autoRenew) {
			this.autoRenew = autoRenew;
		}

	}

}
