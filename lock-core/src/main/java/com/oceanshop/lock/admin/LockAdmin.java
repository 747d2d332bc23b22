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

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.redisson.RedissonObject;
import org.redisson.api.RKeys;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockProvider.AcquiredLock;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.redisson.RedissonLockProvider;

/**
 * Operations on the distributed locks of an application, for an actuator endpoint, a
 * health check or the application's own admin API: in-process {@link #statistics()
 * statistics}, the {@link #topology() Redis topology}, a {@link #health() lock round
 * trip}, {@link #inspect(String) inspection} and {@link #forceRelease(String) force
 * release} of one lock, and the {@link #cleanup() orphaned-lock cleanup}.
 * <p>
 * Every key argument is a lock key ({@code context:operation:id}) validated by
 * {@link LockKey#parse(String)}. Redis keys outside the key prefix are never read or
 * written, except the auxiliary keys Redisson keeps for the inspected lock itself. The
 * fencing counter of a lock ({@code {<prefix><key>}:fence}) is never deleted, so fencing
 * tokens never go backwards.
 * <p>
 * The context {@code lock-admin} is reserved: the admin keeps its own keys under
 * {@code <prefix>lock-admin:} (the cleanup lock, the cleanup's first-seen record and the
 * instance registry).
 *
 * @since 1.0.0
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
	 * Context of the keys the admin itself uses.
	 */
	public static final String ADMIN_CONTEXT = "lock-admin";

	/**
	 * Lock key that makes the cleanup run on one instance at a time.
	 */
	public static final String CLEANUP_LOCK_KEY = ADMIN_CONTEXT + ":cleanup:global";

	private static final Logger logger = LoggerFactory.getLogger(LockAdmin.class);

	private static final Pattern HOLDER = Pattern.compile("(.+):(\\d+)(:write)?");

	private static final String MODE_FIELD = "mode";

	// Deletes a lock key only if it is still in the state the scan saw: without expiry
	// (ARGV[1] empty) or still held by the same holder, so a lock taken again meanwhile
	// survives.
	private static final String REMOVE_ORPHAN_SCRIPT = """
			if redis.call('type', KEYS[1])['ok'] ~= 'hash' then
				return 0
			end
			if ARGV[1] == '' then
				if redis.call('pttl', KEYS[1]) ~= -1 then
					return 0
				end
			elseif redis.call('hexists', KEYS[1], ARGV[1]) == 0 then
				return 0
			end
			redis.call('del', KEYS[1])
			return 1
			""";

	private final LockTemplate template;

	private final RedissonClient redisson;

	private final String keyPrefix;

	private final LockStatistics statistics;

	private final boolean cleanupEnabled;

	private final Duration cleanupInterval;

	private final Duration orphanedThreshold;

	private final Duration cleanupLease;

	private final Duration healthTimeout;

	private final Duration instanceTtl;

	private final String instanceDescription;

	private final Clock clock;

	private final Object cleanupMonitor = new Object();

	private final Deque<RemovedLock> recentlyRemoved = new ArrayDeque<>();

	private volatile @Nullable LockCleanupReport lastCleanup;

	private long cleanupRuns;

	private long totalRemoved;

	protected LockAdmin(Builder builder) {
		this.template = builder.template;
		this.redisson = builder.redisson;
		this.keyPrefix = (builder.keyPrefix != null) ? builder.keyPrefix : defaultKeyPrefix(builder.template);
		this.statistics = builder.statistics;
		this.cleanupEnabled = builder.cleanupEnabled;
		this.cleanupInterval = builder.cleanupInterval;
		this.orphanedThreshold = builder.orphanedThreshold;
		this.cleanupLease = builder.cleanupLease;
		this.healthTimeout = builder.healthTimeout;
		this.instanceTtl = builder.instanceTtl;
		this.instanceDescription = (builder.instanceDescription != null) ? builder.instanceDescription
				: describeInstance(builder.applicationName);
		this.clock = builder.clock;
	}

	/**
	 * Start building an admin over the given template and Redisson client.
	 * @param template the template whose locks are administered
	 * @param redisson the Redisson client the template's locks live in
	 * @return a builder
	 */
	public static Builder builder(LockTemplate template, RedissonClient redisson) {
		return new Builder(template, redisson);
	}

	private static String defaultKeyPrefix(LockTemplate template) {
		LockProvider provider = template.getProvider();
		return (provider instanceof RedissonLockProvider redissonProvider) ? redissonProvider.getKeyPrefix()
				: RedissonLockProvider.DEFAULT_KEY_PREFIX;
	}

	private static String describeInstance(@Nullable String applicationName) {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "unknown-host";
		}
		String app = (applicationName != null && !applicationName.isBlank()) ? applicationName : "application";
		String pid;
		try {
			pid = Long.toString(ProcessHandle.current().pid());
		}
		catch (UnsupportedOperationException ex) {
			pid = ManagementFactory.getRuntimeMXBean().getName();
		}
		return app + "@" + host + " (pid " + pid + ")";
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
		return new LockStatus(this.template.isEnabled(), this.keyPrefix, this.instanceDescription,
				this.template.getCircuitBreaker().getState().name(),
				this.template.getCircuitBreaker().getConsecutiveFailures(), topology(), snapshot,
				snapshot.mostContended(MOST_CONTENDED_LIMIT), cleanupStatus());
	}

	/**
	 * Return the Redis topology from the Redisson client's configuration. Makes no Redis
	 * call.
	 * @return the topology summary
	 */
	public RedisTopologySummary topology() {
		Config config = this.redisson.getConfig();
		String clientId = this.redisson.getId();
		if (config.isClusterConfig()) {
			List<String> nodes = new ArrayList<>();
			try {
				this.redisson.getRedisNodes(RedisNodes.CLUSTER)
					.getMasters()
					.forEach(
							(master) -> nodes.add(master.getAddr().getHostString() + ":" + master.getAddr().getPort()));
			}
			catch (RuntimeException ex) {
				// Not connected yet: fall back to the configured seed nodes.
			}
			if (nodes.isEmpty()) {
				nodes.addAll(config.useClusterServers().getNodeAddresses());
			}
			nodes.sort(null);
			return new RedisTopologySummary("cluster", nodes, null, clientId);
		}
		if (config.isSentinelConfig()) {
			return new RedisTopologySummary("sentinel", config.useSentinelServers().getSentinelAddresses(),
					config.useSentinelServers().getMasterName(), clientId);
		}
		if (config.isSingleConfig()) {
			return new RedisTopologySummary("standalone", List.of(config.useSingleServer().getAddress()), null,
					clientId);
		}
		try {
			return new RedisTopologySummary("replicated", config.useReplicatedServers().getNodeAddresses(), null,
					clientId);
		}
		catch (IllegalStateException ex) {
			return new RedisTopologySummary("master-slave", List.of(config.useMasterSlaveServers().getMasterAddress()),
					null, clientId);
		}
	}

	/**
	 * Check that Redis answers and that a lock can be acquired and released: a round trip
	 * through the lock provider on the key {@code lock-admin:health:<clientId>-<thread>}.
	 * The check runs even in rollback mode and while the circuit breaker is open (it does
	 * not count as an acquisition), and never throws.
	 * @return the health
	 */
	public LockHealth health() {
		long start = System.nanoTime();
		String enabledBreaker = this.template.getCircuitBreaker().getState().name();
		RedisTopologySummary topology = topology();
		String error = null;
		try {
			String key = ADMIN_CONTEXT + ":health:" + this.redisson.getId() + "-" + Thread.currentThread().getId();
			// A bounded first round trip, so a dead Redis makes the check fail within the
			// timeout instead of Redisson's retry budget.
			this.redisson.getBucket(this.keyPrefix + key, StringCodec.INSTANCE)
				.isExistsAsync()
				.toCompletableFuture()
				.get(this.healthTimeout.toMillis(), TimeUnit.MILLISECONDS);
			LockRequest request = LockRequest.builder(key).leaseTime(this.healthTimeout.plusSeconds(5)).build();
			AcquiredLock lock = this.template.getProvider()
				.tryAcquire(new LockProvider.Attempt(request, Duration.ZERO, request.leaseTime()));
			if (lock == null) {
				error = "health-check lock '" + key + "' could not be acquired";
			}
			else if (!lock.release()) {
				error = "health-check lock '" + key + "' was lost before release";
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		catch (java.util.concurrent.TimeoutException ex) {
			error = "Redis did not answer within " + this.healthTimeout.toMillis() + " ms";
		}
		catch (Exception ex) {
			Throwable cause = (ex instanceof java.util.concurrent.ExecutionException && ex.getCause() != null)
					? ex.getCause() : ex;
			error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		}
		long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		return new LockHealth((error != null) ? LockHealth.DOWN : LockHealth.UP, latency, this.template.isEnabled(),
				enabledBreaker, topology, error);
	}

	/**
	 * Inspect one lock in Redis: whether it is held, its type as stored, its holders and
	 * their instances, and its remaining TTL.
	 * @param key the lock key, for example {@code inventory:reserve:PROD-1}
	 * @return the inspection result
	 * @throws com.oceanshop.lock.InvalidLockKeyException if the key breaks the key rules
	 */
	public LockInspection inspect(String key) {
		LockKey lockKey = LockKey.parse(key);
		String name = this.keyPrefix + lockKey.value();
		RKeys keys = this.redisson.getKeys();
		RType type = keys.getType(name);
		long ttl = keys.remainTimeToLive(name);
		if (type == RType.MAP) {
			return inspectHash(lockKey.value(), name, ttl);
		}
		if (type == RType.OBJECT) {
			return inspectSemaphore(lockKey.value(), name, ttl);
		}
		String redisType = (type != null) ? type.name().toLowerCase(Locale.ROOT) : "none";
		return new LockInspection(lockKey.value(), name, false, null, redisType, List.of(), ttl, 0, null);
	}

	private LockInspection inspectHash(String key, String name, long ttl) {
		Map<String, String> fields = this.redisson.<String, String>getMap(name, StringCodec.INSTANCE).readAllMap();
		String mode = fields.get(MODE_FIELD);
		Map<String, String> instances = new HashMap<>();
		List<LockHolder> holders = new ArrayList<>();
		long waiters = 0;
		String type;
		if (mode != null) {
			type = "write".equals(mode) ? LockType.WRITE.tagValue() : LockType.READ.tagValue();
		}
		else {
			String queue = RedissonObject.prefixName("redisson_lock_queue", name);
			waiters = this.redisson.getList(queue, StringCodec.INSTANCE).size();
			boolean fair = waiters > 0 || this.redisson.getKeys()
				.countExists(RedissonObject.prefixName("redisson_lock_timeout", name)) > 0;
			type = fair ? LockType.FAIR.tagValue() : LockType.EXCLUSIVE.tagValue();
		}
		for (Map.Entry<String, String> field : fields.entrySet()) {
			Matcher matcher = HOLDER.matcher(field.getKey());
			if (MODE_FIELD.equals(field.getKey()) || !matcher.matches()) {
				continue;
			}
			long count = parseLong(field.getValue());
			Long expiresIn = null;
			if ("read".equals(mode) && matcher.group(3) == null) {
				// Each reentrant read hold has its own timeout key; the newest one lives
				// longest.
				long pttl = this.redisson.getKeys()
					.remainTimeToLive(RedissonObject.suffixName(name, field.getKey()) + ":rwlock_timeout:" + count);
				expiresIn = (pttl >= 0) ? pttl : null;
			}
			holders.add(holder(field.getKey(), matcher, count, expiresIn, instances));
		}
		boolean held = !holders.isEmpty();
		// Callers of this instance queue locally and only the head waits in Redis.
		waiters += localWaiters(name);
		return new LockInspection(key, name, held, type, "hash", holders, ttl, waiters, null);
	}

	private long localWaiters(String redisKey) {
		return (this.template.getProvider() instanceof RedissonLockProvider provider) ? provider.localWaiters(redisKey)
				: 0;
	}

	private LockInspection inspectSemaphore(String key, String name, long ttl) {
		String value = this.redisson.<String>getBucket(name, StringCodec.INSTANCE).get();
		Long available = null;
		try {
			available = (value != null) ? Long.valueOf(value) : null;
		}
		catch (NumberFormatException ex) {
			return new LockInspection(key, name, false, null, "string", List.of(), ttl, 0, null);
		}
		long now = System.currentTimeMillis();
		Collection<ScoredEntry<byte[]>> permits = this.redisson
			.<byte[]>getScoredSortedSet(RedissonObject.suffixName(name, "timeout"), ByteArrayCodec.INSTANCE)
			.entryRange(now, false, Double.POSITIVE_INFINITY, true);
		List<LockHolder> holders = new ArrayList<>();
		for (ScoredEntry<byte[]> permit : permits) {
			holders.add(new LockHolder(HexFormat.of().formatHex(permit.getValue()), null, null, false, null, 1,
					permit.getScore().longValue() - now));
		}
		return new LockInspection(key, name, !holders.isEmpty(), LockType.SEMAPHORE.tagValue(), "string", holders, ttl,
				0, available);
	}

	private LockHolder holder(String id, Matcher matcher, long count, @Nullable Long expiresIn,
			Map<String, String> instances) {
		String clientId = matcher.group(1);
		long threadId = Long.parseLong(matcher.group(2));
		boolean thisInstance = clientId.equals(this.redisson.getId());
		String instance = thisInstance ? this.instanceDescription : instances.computeIfAbsent(clientId, (id2) -> Objects
			.requireNonNullElse(this.redisson.<String>getBucket(instanceKey(id2), StringCodec.INSTANCE).get(), ""));
		return new LockHolder(id, clientId, threadId, thisInstance,
				(instance != null && !instance.isEmpty()) ? instance : null, count, expiresIn);
	}

	private static long parseLong(@Nullable String value) {
		try {
			return (value != null) ? Long.parseLong(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Force release one lock, whoever holds it: the lock's Redis key and Redisson's
	 * auxiliary keys for it are deleted and waiters are woken. The fencing counter is
	 * kept, so tokens issued later are still larger than every earlier one, and a holder
	 * that still runs sees {@link com.oceanshop.lock.LockLostException} when it asks for
	 * a token or releases. Logged at WARN.
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
		String name = before.redisKey();
		String type = before.type();
		List<String> deleted = new ArrayList<>();
		boolean released = false;
		if (type != null) {
			released = switch (LockType.valueOf(type.toUpperCase(Locale.ROOT))) {
				case EXCLUSIVE -> this.redisson.getLock(name).forceUnlock();
				case FAIR -> this.redisson.getFairLock(name).forceUnlock();
				case READ -> this.redisson.getReadWriteLock(name).readLock().forceUnlock();
				case WRITE -> this.redisson.getReadWriteLock(name).writeLock().forceUnlock();
				case SEMAPHORE -> this.redisson.getKeys().delete(name, RedissonObject.suffixName(name, "timeout")) > 0;
			};
			if (released) {
				deleted.add(name);
				if (LockType.SEMAPHORE.tagValue().equals(type)) {
					deleted.add(RedissonObject.suffixName(name, "timeout"));
				}
				if (LockType.READ.tagValue().equals(type)) {
					deleted.addAll(deleteReadTimeouts(name, before.holders()));
				}
			}
		}
		if (released) {
			logger.warn("Force-released lock '{}' (Redis key '{}', type {}, holders {}) requested by {}", key, name,
					type, before.holders().stream().map(this::describe).toList(),
					(requestedBy != null) ? requestedBy : "an unnamed caller");
		}
		else {
			logger.info("Force release of lock '{}' requested by {}: it was not held", key,
					(requestedBy != null) ? requestedBy : "an unnamed caller");
		}
		return new ForceReleaseResult(before.key(), released, released ? type : null, before.holders(), deleted);
	}

	private List<String> deleteReadTimeouts(String name, List<LockHolder> holders) {
		List<String> timeoutKeys = new ArrayList<>();
		for (LockHolder holder : holders) {
			for (long c = 1; c <= holder.holdCount(); c++) {
				timeoutKeys.add(RedissonObject.suffixName(name, holder.id()) + ":rwlock_timeout:" + c);
			}
		}
		if (timeoutKeys.isEmpty()) {
			return List.of();
		}
		this.redisson.getKeys().delete(timeoutKeys.toArray(String[]::new));
		return timeoutKeys;
	}

	private String describe(LockHolder holder) {
		return (holder.instance() != null) ? holder.id() + " (" + holder.instance() + ")" : holder.id();
	}

	/**
	 * Register this instance under {@code <prefix>lock-admin:instance:<clientId>} with a
	 * TTL, so that other instances can name it as a lock holder. Call it periodically,
	 * more often than the instance TTL.
	 */
	public void registerInstance() {
		this.redisson.<String>getBucket(instanceKey(this.redisson.getId()), StringCodec.INSTANCE)
			.set(this.instanceDescription, this.instanceTtl);
	}

	private String instanceKey(String clientId) {
		return this.keyPrefix + ADMIN_CONTEXT + ":instance:" + clientId;
	}

	/**
	 * Return the description of this instance, {@code app@host (pid n)}.
	 * @return the description
	 */
	public String getInstanceDescription() {
		return this.instanceDescription;
	}

	/**
	 * Return the cleanup interval reported in the status; the scheduler is configured
	 * separately.
	 * @return the interval
	 */
	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	/**
	 * Return how long the registry entry of this instance lives without refresh.
	 * @return the instance TTL
	 */
	public Duration getInstanceTtl() {
		return this.instanceTtl;
	}

	/**
	 * Remove orphaned locks. Runs on one instance at a time: it takes the lock
	 * {@value #CLEANUP_LOCK_KEY} through the template, and reports itself skipped if
	 * another instance holds it, or if locking is disabled.
	 * <p>
	 * The run scans the keys matching {@code <prefix>*} with {@code SCAN} (on every
	 * master of a Cluster) and considers only Redisson lock hashes (exclusive, fair,
	 * read/write: a hash whose fields are {@code <clientId>:<threadId>} holder ids and
	 * {@code mode}). It removes such a key when it has no expiry, or when the same holder
	 * has been seen holding it, run after run, for longer than the orphaned threshold.
	 * Each removal is conditional on the key still being in the state the scan saw. It
	 * never touches semaphores (their permits expire on their own), fencing counters,
	 * keys of other types, or keys outside the prefix.
	 * @return the report of this run
	 */
	public LockCleanupReport cleanup() {
		Instant startedAt = this.clock.instant();
		long start = System.nanoTime();
		LockCleanupReport report;
		if (!this.template.isEnabled()) {
			report = new LockCleanupReport(startedAt, 0, false,
					"distributed locking is disabled (app.lock.enabled=false)", 0, List.of(), null);
		}
		else {
			report = cleanupUnderLock(startedAt, start);
		}
		record(report);
		return report;
	}

	private LockCleanupReport cleanupUnderLock(Instant startedAt, long start) {
		Optional<LockHandle> handle;
		try {
			handle = this.template.tryAcquire(
					LockRequest.builder(CLEANUP_LOCK_KEY).leaseTime(this.cleanupLease).waitTime(Duration.ZERO).build());
		}
		catch (RuntimeException ex) {
			logger.warn("Orphaned-lock cleanup could not take its lock: {}", ex.getMessage());
			return new LockCleanupReport(startedAt, elapsedMillis(start), false, "could not take the cleanup lock", 0,
					List.of(), ex.getMessage());
		}
		if (handle.isEmpty()) {
			return new LockCleanupReport(startedAt, elapsedMillis(start), false,
					"another instance is running the cleanup", 0, List.of(), null);
		}
		List<RemovedLock> removed = new ArrayList<>();
		long[] scanned = new long[1];
		String error = null;
		try (LockHandle lock = handle.get()) {
			scan(removed, scanned);
		}
		catch (RuntimeException ex) {
			logger.warn("Orphaned-lock cleanup failed after {} keys: {}", scanned[0], ex.toString());
			error = ex.toString();
		}
		return new LockCleanupReport(startedAt, elapsedMillis(start), true, null, scanned[0], removed, error);
	}

	private void scan(List<RemovedLock> removed, long[] scanned) {
		long now = this.clock.millis();
		String adminPrefix = this.keyPrefix + ADMIN_CONTEXT + ":";
		RMap<String, String> firstSeenMap = this.redisson.getMap(adminPrefix + "cleanup:first-seen",
				StringCodec.INSTANCE);
		Map<String, String> previous = firstSeenMap.readAllMap();
		Map<String, String> next = new HashMap<>();
		RKeys keys = this.redisson.getKeys();
		Iterable<String> candidates = keys
			.getKeys(KeysScanOptions.defaults().pattern(globEscape(this.keyPrefix) + "*").chunkSize(500));
		for (String name : candidates) {
			scanned[0]++;
			if (!name.startsWith(this.keyPrefix) || name.startsWith(adminPrefix)
					|| !LockKey.isValid(name.substring(this.keyPrefix.length())) || isAuxiliary(name)) {
				continue;
			}
			if (keys.getType(name) != RType.MAP) {
				continue;
			}
			Map<String, String> fields = this.redisson.<String, String>getMap(name, StringCodec.INSTANCE).readAllMap();
			List<String> holders = lockHolders(fields);
			if (holders.isEmpty()) {
				continue;
			}
			long ttl = keys.remainTimeToLive(name);
			if (ttl == -1) {
				String holderKey = name + "|" + holders.get(0);
				Long age = ageSeconds(previous.get(holderKey), now);
				if (removeIfUnchanged(name, "")) {
					removed.add(removedLock(name, RemovedLock.NO_EXPIRY, age, holders, now));
				}
				continue;
			}
			if (ttl < 0) {
				continue;
			}
			String oldestHolder = null;
			long oldestSeen = now;
			for (String holder : holders) {
				String holderKey = name + "|" + holder;
				long seen = firstSeen(previous.get(holderKey), now);
				next.put(holderKey, Long.toString(seen));
				if (seen <= oldestSeen) {
					oldestSeen = seen;
					oldestHolder = holder;
				}
			}
			if (oldestHolder != null && now - oldestSeen >= this.orphanedThreshold.toMillis()
					&& removeIfUnchanged(name, oldestHolder)) {
				holders.forEach((holder) -> next.remove(name + "|" + holder));
				removed.add(removedLock(name, RemovedLock.HELD_TOO_LONG, (now - oldestSeen) / 1000, holders, now));
			}
		}
		firstSeenMap.delete();
		if (!next.isEmpty()) {
			firstSeenMap.putAll(next);
			firstSeenMap.expire(this.orphanedThreshold.multipliedBy(2).plus(this.cleanupInterval).plusMinutes(1));
		}
	}

	private static boolean isAuxiliary(String name) {
		// A lock key with '{' in its id keeps its slot, so Redisson's derived keys
		// (fencing counter, semaphore timeouts) then start with the prefix too.
		return name.contains("{")
				&& (name.endsWith(":fence") || name.endsWith(":timeout") || name.contains(":rwlock_timeout:"));
	}

	private static List<String> lockHolders(Map<String, String> fields) {
		List<String> holders = new ArrayList<>();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (MODE_FIELD.equals(field.getKey())) {
				continue;
			}
			if (!HOLDER.matcher(field.getKey()).matches() || parseLong(field.getValue()) <= 0) {
				// Not a Redisson lock: leave the key alone.
				return List.of();
			}
			holders.add(field.getKey());
		}
		holders.sort(null);
		return holders;
	}

	private boolean removeIfUnchanged(String name, String holder) {
		Long result = this.redisson.getScript(StringCodec.INSTANCE)
			.eval(name, RScript.Mode.READ_WRITE, REMOVE_ORPHAN_SCRIPT, RScript.ReturnType.LONG, List.of(name), holder);
		return result != null && result == 1L;
	}

	private RemovedLock removedLock(String name, String reason, @Nullable Long ageSeconds, List<String> holders,
			long now) {
		logger.warn("Orphaned-lock cleanup removed '{}' ({}, holders {}, seen for {})", name, reason, holders,
				(ageSeconds != null) ? ageSeconds + " s" : "an unknown time");
		return new RemovedLock(name, reason, ageSeconds, holders, Instant.ofEpochMilli(now));
	}

	private static long firstSeen(@Nullable String recorded, long now) {
		long seen = parseLong(recorded);
		return (seen > 0 && seen <= now) ? seen : now;
	}

	private static @Nullable Long ageSeconds(@Nullable String recorded, long now) {
		long seen = parseLong(recorded);
		return (seen > 0 && seen <= now) ? (now - seen) / 1000 : null;
	}

	private static String globEscape(String text) {
		StringBuilder escaped = new StringBuilder();
		for (char ch : text.toCharArray()) {
			if ("*?[]\\".indexOf(ch) >= 0) {
				escaped.append('\\');
			}
			escaped.append(ch);
		}
		return escaped.toString();
	}

	private static long elapsedMillis(long startNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

	private void record(LockCleanupReport report) {
		synchronized (this.cleanupMonitor) {
			this.lastCleanup = report;
			this.cleanupRuns++;
			this.totalRemoved += report.removed().size();
			for (RemovedLock lock : report.removed()) {
				this.recentlyRemoved.addFirst(lock);
				if (this.recentlyRemoved.size() > RECENTLY_REMOVED_LIMIT) {
					this.recentlyRemoved.removeLast();
				}
			}
		}
		if (report.executed() && report.error() == null) {
			logger.debug("Orphaned-lock cleanup scanned {} keys and removed {} in {} ms", report.scannedKeys(),
					report.removed().size(), report.durationMillis());
		}
	}

	/**
	 * Return the state of the orphaned-lock cleanup on this instance. Makes no Redis
	 * call.
	 * @return the cleanup status
	 */
	public LockCleanupStatus cleanupStatus() {
		synchronized (this.cleanupMonitor) {
			return new LockCleanupStatus(this.cleanupEnabled, this.cleanupInterval.toSeconds(),
					this.orphanedThreshold.toMinutes(), this.lastCleanup, this.cleanupRuns, this.totalRemoved,
					List.copyOf(this.recentlyRemoved));
		}
	}

	/**
	 * Builder for {@link LockAdmin}.
	 */
	public static class Builder {

		private final LockTemplate template;

		private final RedissonClient redisson;

		private @Nullable String keyPrefix;

		private LockStatistics statistics = new LockStatistics();

		private boolean cleanupEnabled = true;

		private Duration cleanupInterval = Duration.ofMinutes(1);

		private Duration orphanedThreshold = Duration.ofMinutes(5);

		private Duration cleanupLease = Duration.ofMinutes(5);

		private Duration healthTimeout = Duration.ofSeconds(2);

		private Duration instanceTtl = Duration.ofMinutes(2);

		private @Nullable String applicationName;

		private @Nullable String instanceDescription;

		private Clock clock = Clock.systemUTC();

		protected Builder(LockTemplate template, RedissonClient redisson) {
			this.template = Objects.requireNonNull(template, "'template' must not be null");
			this.redisson = Objects.requireNonNull(redisson, "'redisson' must not be null");
		}

		/**
		 * Set the prefix of every lock's Redis key. The default is the template's
		 * {@link RedissonLockProvider#getKeyPrefix() provider prefix}.
		 * @param keyPrefix the key prefix
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = Objects.requireNonNull(keyPrefix, "'keyPrefix' must not be null");
			return this;
		}

		/**
		 * Set the statistics to report; they must be the template's listener (or part of
		 * it) to count anything. The default is an empty, unattached instance.
		 * @param statistics the statistics
		 * @return this builder
		 */
		public Builder statistics(LockStatistics statistics) {
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
			this.cleanupInterval = positive("cleanupInterval", cleanupInterval);
			return this;
		}

		/**
		 * Set how long the same holder may be seen holding a lock before the cleanup
		 * removes it. The default is 5 minutes.
		 * @param orphanedThreshold the threshold, positive
		 * @return this builder
		 */
		public Builder orphanedThreshold(Duration orphanedThreshold) {
			this.orphanedThreshold = positive("orphanedThreshold", orphanedThreshold);
			return this;
		}

		/**
		 * Set the lease of the cleanup lock, after which another instance may run the
		 * cleanup even if this one has not finished. The default is 5 minutes.
		 * @param cleanupLease the lease, positive
		 * @return this builder
		 */
		public Builder cleanupLease(Duration cleanupLease) {
			this.cleanupLease = positive("cleanupLease", cleanupLease);
			return this;
		}

		/**
		 * Set how long the health check waits for Redis's first answer. The default is 2
		 * seconds.
		 * @param healthTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder healthTimeout(Duration healthTimeout) {
			this.healthTimeout = positive("healthTimeout", healthTimeout);
			return this;
		}

		/**
		 * Set how long this instance's registry entry lives without refresh. The default
		 * is 2 minutes.
		 * @param instanceTtl the TTL, positive
		 * @return this builder
		 */
		public Builder instanceTtl(Duration instanceTtl) {
			this.instanceTtl = positive("instanceTtl", instanceTtl);
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

		private static Duration positive(String name, Duration value) {
			Objects.requireNonNull(value, "'" + name + "' must not be null");
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException("'" + name + "' must be positive, but was " + value);
			}
			return value;
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
