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

package com.oceanshop.lock.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oceanshop.lock.LockDurations;
import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.adaptive.LearnedTimeout;

/**
 * Operations on the distributed locks of an application, for an actuator endpoint, a
 * health check or the application's own admin API: in-process {@link #statistics()
 * statistics}, the {@link #topology() Redis topology}, a {@link #health() lock round
 * trip}, {@link #inspect(String) inspection} and {@link #forceRelease(String) force
 * release} of one lock, and the {@link #cleanup() orphaned-lock cleanup}. The work in the
 * store is done by a {@link LockStore}.
 * <p>
 * Every key argument is a lock key ({@code context:operation:id}) validated by
 * {@link LockKey#parse(String)}. Keys outside the key prefix are never read or written,
 * except the auxiliary keys the store keeps for the inspected lock itself. The fencing
 * counter of a lock is never deleted, so fencing tokens never go backwards.
 * <p>
 * The context {@code lock-admin} is reserved: the admin keeps its own keys under
 * {@code <prefix>lock-admin:} (the cleanup lock, the cleanup's first-seen record and the
 * instance registry). In rollback mode (a disabled template) it writes nothing to Redis.
 *
 * @since 0.1.0
 */
public class LockAdmin {

	/**
	 * Maximum number of entries in {@link LockStatus#mostContended()}.
	 */
	public static final int MOST_CONTENDED_LIMIT = 10;

	/**
	 * Maximum number of entries in {@link LockCleanupStatus#recentlyRemoved()}.
	 */
	public static final int RECENTLY_REMOVED_LIMIT = 100;

	/**
	 * Most edges of the wait-for graph that {@link #waitForGraph()} returns.
	 */
	public static final int WAIT_FOR_LIMIT = 100;

	/**
	 * Context of the keys the admin itself uses.
	 */
	public static final String ADMIN_CONTEXT = "lock-admin";

	/**
	 * Lock key that makes the cleanup run on one instance at a time.
	 */
	public static final String CLEANUP_LOCK_KEY = ADMIN_CONTEXT + ":cleanup:global";

	private static final Logger logger = LoggerFactory.getLogger(LockAdmin.class);

	private final LockTemplate template;

	private final LockStore store;

	private final LockStatisticsSource statistics;

	private final Duration healthTimeout;

	private final InstanceRegistry instances;

	private final OrphanCleanup cleanup;

	private final Duration orphanedThreshold;

	private final Supplier<List<LearnedTimeout>> learnedTimeouts;

	protected LockAdmin(Builder builder) {
		this.template = builder.template;
		this.store = builder.store;
		this.statistics = builder.statistics;
		this.healthTimeout = builder.healthTimeout;
		this.instances = new InstanceRegistry(builder.store, (builder.instanceDescription != null)
				? builder.instanceDescription : InstanceRegistry.describeThisProcess(builder.applicationName),
				builder.instanceTtl);
		this.orphanedThreshold = builder.orphanedThreshold;
		this.learnedTimeouts = builder.learnedTimeouts;
		this.cleanup = new OrphanCleanup(builder.template, builder.store, builder.cleanupEnabled,
				builder.cleanupInterval, builder.orphanedThreshold, builder.cleanupLease, builder.clock);
	}

	/**
	 * Start building an admin over the given template and the store its locks live in.
	 * @param template the template whose locks are administered
	 * @param store the store the template's locks live in, for example a
	 * {@link com.oceanshop.lock.redisson.RedissonLockStore}
	 * @return a builder
	 */
	public static Builder builder(LockTemplate template, LockStore store) {
		return new Builder(template, store);
	}

	/**
	 * Return the in-process statistics of this instance.
	 * @return a snapshot of the statistics
	 */
	public LockStatisticsSnapshot statistics() {
		return this.statistics.snapshot();
	}

	/**
	 * Return the overall state: enabled flag, circuit breaker, topology, statistics, the
	 * most contended lock names and the cleanup state. Makes no Redis call.
	 * @return the status
	 */
	public LockStatus status() {
		LockStatisticsSnapshot snapshot = statistics();
		return new LockStatus(this.template.isEnabled(), this.store.keyPrefix(), this.instances.description(),
				this.template.getCircuitBreaker().getState().name(),
				this.template.getCircuitBreaker().getConsecutiveFailures(), topology(), snapshot,
				snapshot.mostContended(MOST_CONTENDED_LIMIT), cleanupStatus(), learnedTimeouts());
	}

	/**
	 * Return the lease and wait times learned per lock name by adaptive timeouts, as this
	 * instance last read them from Redis. Makes no Redis call.
	 * @return the learned timeouts, sorted by name; empty unless adaptive timeouts are on
	 */
	public List<LearnedTimeout> learnedTimeouts() {
		return List.copyOf(this.learnedTimeouts.get());
	}

	/**
	 * Return the current edges of the wait-for graph across every instance: each flow
	 * that waits for a lock while holding others, at most {@value #WAIT_FOR_LIMIT}. A
	 * deadlock shows as edges whose waited-for keys and held keys form a cycle, until its
	 * victim gives up (within about a second). Empty when Redis cannot be read.
	 * @return the edges
	 */
	public List<WaitForEdge> waitForGraph() {
		return this.store.waitForGraph(WAIT_FOR_LIMIT);
	}

	/**
	 * Return the Redis topology from the client's configuration. Makes no Redis call.
	 * @return the topology summary
	 */
	public RedisTopologySummary topology() {
		return this.store.topology();
	}

	/**
	 * Check that Redis answers and that a lock can be acquired and released: a round trip
	 * through the lock provider on the key {@code lock-admin:health:<clientId>-<thread>}.
	 * The check runs while the circuit breaker is open (it does not count as an
	 * acquisition), and never throws. In rollback mode it only reads that key: the
	 * application writes nothing to Redis then.
	 * @return the health
	 */
	public LockHealth health() {
		long start = System.nanoTime();
		String circuitBreaker = this.template.getCircuitBreaker().getState().name();
		RedisTopologySummary topology = topology();
		String key = ADMIN_CONTEXT + ":health:" + this.store.clientId() + "-" + Thread.currentThread().getId();
		String error = isEnabled() ? this.store.roundTrip(key, this.healthTimeout)
				: this.store.reach(key, this.healthTimeout);
		long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		return new LockHealth((error != null) ? LockHealth.DOWN : LockHealth.UP, latency, this.template.isEnabled(),
				circuitBreaker, topology, error);
	}

	/**
	 * Inspect one lock in Redis: whether it is held, its type as stored, its holders and
	 * their instances, and its remaining TTL.
	 * @param key the lock key, for example {@code inventory:reserve:PROD-1}
	 * @return the inspection result
	 * @throws com.oceanshop.lock.InvalidLockKeyException if the key breaks the key rules
	 */
	public LockInspection inspect(String key) {
		return this.store.inspect(LockKey.parse(key), this.instances.names());
	}

	/**
	 * Force release one lock, whoever holds it: the lock's Redis key and the auxiliary
	 * keys the store keeps for it are deleted and waiters are woken. The fencing counter
	 * is kept, so tokens issued later are still larger than every earlier one, and a
	 * holder that still runs sees {@link com.oceanshop.lock.LockLostException} when it
	 * asks for a token or releases. Logged at WARN.
	 * @param key the lock key
	 * @return what was released
	 * @throws com.oceanshop.lock.InvalidLockKeyException if the key breaks the key rules
	 */
	public ForceReleaseResult forceRelease(String key) {
		return forceRelease(key, null);
	}

	/**
	 * Force release one lock, naming who asked for it in the log.
	 * @param key the lock key
	 * @param requestedBy who asked (a user name), or {@code null} if unknown
	 * @return what was released
	 * @throws com.oceanshop.lock.InvalidLockKeyException if the key breaks the key rules
	 * @see #forceRelease(String)
	 */
	public ForceReleaseResult forceRelease(String key, @Nullable String requestedBy) {
		LockInspection before = inspect(key);
		List<String> deleted = this.store.forceRelease(before);
		boolean released = !deleted.isEmpty();
		String caller = (requestedBy != null) ? requestedBy : "an unnamed caller";
		if (released) {
			logger.warn("Force-released lock '{}' (Redis key '{}', type {}, holders {}) requested by {}", key,
					before.redisKey(), before.type(), before.holders().stream().map(LockAdmin::describe).toList(),
					caller);
		}
		else {
			logger.info("Force release of lock '{}' requested by {}: it was not held", key, caller);
		}
		return new ForceReleaseResult(before.key(), released, released ? before.type() : null, before.holders(),
				deleted);
	}

	private static String describe(LockHolder holder) {
		return (holder.instance() != null) ? holder.id() + " (" + holder.instance() + ")" : holder.id();
	}

	/**
	 * Register this instance under {@code <prefix>lock-admin:instance:<clientId>} with a
	 * TTL, so that other instances can name it as a lock holder and the cleanup of any
	 * instance knows that its locks have a live owner. Call it every
	 * {@link #getInstanceRefreshInterval()} while the instance may hold locks. Does
	 * nothing in rollback mode.
	 */
	public void registerInstance() {
		if (isEnabled()) {
			this.instances.register();
		}
	}

	/**
	 * Return whether distributed locking is enabled. In rollback mode ({@code false}) the
	 * admin writes nothing to Redis: no instance registration, no cleanup, and a health
	 * check that only reads.
	 * @return whether the template locks
	 */
	public boolean isEnabled() {
		return this.template.isEnabled();
	}

	/**
	 * Return how often {@link #registerInstance()} must run: a third of the instance TTL
	 * or of the orphaned threshold, whichever is shorter, and at least a second. An
	 * instance whose entry disappears (a Redis restart, a failover) is back in the
	 * registry well before the cleanup could count it as gone.
	 * @return the refresh interval
	 */
	public Duration getInstanceRefreshInterval() {
		Duration shorter = (this.instances.ttl().compareTo(this.orphanedThreshold) < 0) ? this.instances.ttl()
				: this.orphanedThreshold;
		Duration third = shorter.dividedBy(3);
		return (third.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : third;
	}

	/**
	 * Return the description of this instance, {@code app@host (pid n)}.
	 * @return the description
	 */
	public String getInstanceDescription() {
		return this.instances.description();
	}

	/**
	 * Return the cleanup interval reported in the status; the scheduler is configured
	 * separately.
	 * @return the interval
	 */
	public Duration getCleanupInterval() {
		return this.cleanup.interval();
	}

	/**
	 * Return how long the registry entry of this instance lives without refresh.
	 * @return the instance TTL
	 */
	public Duration getInstanceTtl() {
		return this.instances.ttl();
	}

	/**
	 * Remove orphaned locks. Runs on one instance at a time: it takes the lock
	 * {@value #CLEANUP_LOCK_KEY} through the template, and reports itself skipped if
	 * another instance holds it, or if locking is disabled.
	 * <p>
	 * The run scans the keys under the prefix (with {@code SCAN}, on every master of a
	 * Cluster) and considers only lock hashes (exclusive, fair, read/write: a hash whose
	 * fields are {@code <clientId>:<id>} holder ids and {@code mode}). It removes such a
	 * key when it has no expiry (nothing would ever free it), or when it is orphaned:
	 * <ul>
	 * <li>no holder is this instance or an instance with an entry in the instance
	 * registry ({@link #registerInstance()}), and</li>
	 * <li>the cleanup has seen it so, with the same holders and an expiry that did not
	 * move later (nobody renewed it or took it again), for at least the orphaned
	 * threshold.</li>
	 * </ul>
	 * A lock with a live holder is never removed, however long it is held. A client that
	 * shares the key prefix but never registers (a plain Redisson user) counts as gone;
	 * its auto-renewed locks stay, since each renewal moves their expiry, but a fixed
	 * lease longer than the threshold is removed. Each removal is conditional on the key
	 * still being in the state the scan saw. It never touches semaphores (their permits
	 * expire on their own), fencing counters, keys of other types, or keys outside the
	 * prefix.
	 * @return the report of this run
	 */
	public LockCleanupReport cleanup() {
		return this.cleanup.run();
	}

	/**
	 * Return the state of the orphaned-lock cleanup on this instance. Makes no Redis
	 * call.
	 * @return the cleanup status
	 */
	public LockCleanupStatus cleanupStatus() {
		return this.cleanup.status();
	}

	/**
	 * Builder for {@link LockAdmin}.
	 */
	public static class Builder {

		private final LockTemplate template;

		private final LockStore store;

		private LockStatisticsSource statistics = new LockStatistics();

		private boolean cleanupEnabled = true;

		private Duration cleanupInterval = Duration.ofMinutes(1);

		private Duration orphanedThreshold = Duration.ofMinutes(5);

		private Duration cleanupLease = Duration.ofMinutes(5);

		private Duration healthTimeout = Duration.ofSeconds(2);

		private Duration instanceTtl = Duration.ofMinutes(2);

		private @Nullable String applicationName;

		private @Nullable String instanceDescription;

		private Clock clock = Clock.systemUTC();

		private Supplier<List<LearnedTimeout>> learnedTimeouts = List::of;

		protected Builder(LockTemplate template, LockStore store) {
			this.template = Objects.requireNonNull(template, "'template' must not be null");
			this.store = Objects.requireNonNull(store, "'store' must not be null");
		}

		/**
		 * Set where the statistics are read from: the template's {@link LockStatistics}
		 * listener (it must be the listener, or part of it, to count anything) or the
		 * meters of an observability library. The default is an empty, unattached
		 * {@link LockStatistics}.
		 * @param statistics the statistics
		 * @return this builder
		 */
		public Builder statistics(LockStatisticsSource statistics) {
			this.statistics = Objects.requireNonNull(statistics, "'statistics' must not be null");
			return this;
		}

		/**
		 * Set whether the scheduled cleanup is enabled, as reported in the status.
		 * @param cleanupEnabled whether the cleanup is scheduled
		 * @return this builder
		 */
		public Builder cleanupEnabled(boolean cleanupEnabled) {
			this.cleanupEnabled = cleanupEnabled;
			return this;
		}

		/**
		 * Set the time between scheduled cleanup runs, as reported in the status and used
		 * for the lifetime of the cleanup's first-seen record.
		 * @param cleanupInterval the interval, positive
		 * @return this builder
		 */
		public Builder cleanupInterval(Duration cleanupInterval) {
			this.cleanupInterval = LockDurations.requirePositive("cleanupInterval", cleanupInterval);
			return this;
		}

		/**
		 * Set how long the instances of a lock's holders must have been seen gone from
		 * the instance registry (with the lock neither renewed nor taken again) before
		 * the cleanup removes it. The default is 5 minutes.
		 * @param orphanedThreshold the threshold, positive
		 * @return this builder
		 */
		public Builder orphanedThreshold(Duration orphanedThreshold) {
			this.orphanedThreshold = LockDurations.requirePositive("orphanedThreshold", orphanedThreshold);
			return this;
		}

		/**
		 * Set the lease of the cleanup lock, after which another instance may run the
		 * cleanup even if this one has not finished. The default is 5 minutes.
		 * @param cleanupLease the lease, positive
		 * @return this builder
		 */
		public Builder cleanupLease(Duration cleanupLease) {
			this.cleanupLease = LockDurations.requirePositive("cleanupLease", cleanupLease);
			return this;
		}

		/**
		 * Set how long the health check waits for Redis's first answer. The default is 2
		 * seconds.
		 * @param healthTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder healthTimeout(Duration healthTimeout) {
			this.healthTimeout = LockDurations.requirePositive("healthTimeout", healthTimeout);
			return this;
		}

		/**
		 * Set how long this instance's registry entry lives without refresh. The default
		 * is 2 minutes.
		 * @param instanceTtl the TTL, positive
		 * @return this builder
		 */
		public Builder instanceTtl(Duration instanceTtl) {
			this.instanceTtl = LockDurations.requirePositive("instanceTtl", instanceTtl);
			return this;
		}

		/**
		 * Set the application name used in this instance's description.
		 * @param applicationName the name, or {@code null}
		 * @return this builder
		 */
		public Builder applicationName(@Nullable String applicationName) {
			this.applicationName = applicationName;
			return this;
		}

		/**
		 * Set this instance's description instead of {@code app@host (pid n)}.
		 * @param instanceDescription the description
		 * @return this builder
		 */
		public Builder instanceDescription(String instanceDescription) {
			this.instanceDescription = Objects.requireNonNull(instanceDescription,
					"'instanceDescription' must not be null");
			return this;
		}

		/**
		 * Set the clock for cleanup ages and report times.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
			return this;
		}

		/**
		 * Set where the learned timeouts reported in the status come from, for example
		 * {@link com.oceanshop.lock.adaptive.AdaptiveTimeouts#learnedTimeouts()}. The
		 * default reports none.
		 * @param learnedTimeouts supplier of the learned timeouts
		 * @return this builder
		 */
		public Builder learnedTimeouts(Supplier<List<LearnedTimeout>> learnedTimeouts) {
			this.learnedTimeouts = Objects.requireNonNull(learnedTimeouts, "'learnedTimeouts' must not be null");
			return this;
		}

		/**
		 * Build the admin.
		 * @return the admin
		 */
		public LockAdmin build() {
			return new LockAdmin(this);
		}

	}

}
