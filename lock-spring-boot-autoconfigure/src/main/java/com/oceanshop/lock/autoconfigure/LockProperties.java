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
	 * wait in a local first-come-first-served queue, so that only one of them at a time
	 * waits in Redis. Turning it off makes every caller wait in Redis, as raw Redisson
	 * does.
	 */
	private boolean localQueue = true;

	/**
	 * Cleanup of orphaned locks.
	 */
	private final Cleanup cleanup = new Cleanup();

	/**
	 * Circuit breaker that fails acquisitions fast while Redis is unreachable.
	 */
	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

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

	public Client getClient() {
		return this.client;
	}

	public Map<LockType, Timeouts> getTypes() {
		return this.types;
	}

	public Map<String, Timeouts> getNames() {
		return this.names;
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
