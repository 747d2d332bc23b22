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

package com.oceanshop.lock.redisson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockProvider.AcquiredLock;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.admin.LockInspection;
import com.oceanshop.lock.admin.LockStore;
import com.oceanshop.lock.admin.RedisTopologySummary;
import com.oceanshop.lock.admin.WaitForEdge;

/**
 * {@link LockStore} over the locks a {@link RedissonLockProvider} keeps in Redis. Redis
 * keys outside the key prefix are never read or written, except the auxiliary keys
 * Redisson keeps for an inspected lock itself; fencing counters are never deleted.
 *
 * @since 0.1.0
 */
public class RedissonLockStore implements LockStore {

	private final RedissonClient redisson;

	private final String keyPrefix;

	private final LockProvider provider;

	private final RedissonTopology topology;

	private final RedissonLockInspector inspector;

	private final RedissonOrphanScanner scanner;

	/**
	 * Create a store over the locks of the given provider, with its client and key
	 * prefix.
	 * @param provider the provider
	 */
	public RedissonLockStore(RedissonLockProvider provider) {
		this(Objects.requireNonNull(provider, "'provider' must not be null").getRedisson(), provider.getKeyPrefix(),
				provider);
	}

	/**
	 * Create a store.
	 * @param redisson the Redisson client the locks live in
	 * @param keyPrefix prefix of every lock's Redis key
	 * @param provider the provider the health round trip acquires through; when it is a
	 * {@link RedissonLockProvider}, inspections count its local waiters too
	 */
	public RedissonLockStore(RedissonClient redisson, String keyPrefix, LockProvider provider) {
		this.redisson = Objects.requireNonNull(redisson, "'redisson' must not be null");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "'keyPrefix' must not be null");
		this.provider = Objects.requireNonNull(provider, "'provider' must not be null");
		this.topology = new RedissonTopology(redisson);
		this.inspector = new RedissonLockInspector(redisson, keyPrefix, localWaiters(provider));
		this.scanner = new RedissonOrphanScanner(redisson, keyPrefix);
	}

	private static ToIntFunction<String> localWaiters(LockProvider provider) {
		if (provider instanceof RedissonLockProvider redissonProvider) {
			return redissonProvider::localWaiters;
		}
		return (redisKey) -> 0;
	}

	@Override
	public String keyPrefix() {
		return this.keyPrefix;
	}

	@Override
	public String clientId() {
		return this.redisson.getId();
	}

	@Override
	public RedisTopologySummary topology() {
		return this.topology.summary();
	}

	@Override
	public List<WaitForEdge> waitForGraph(int limit) {
		try {
			List<Object> fields = this.redisson.getScript(StringCodec.INSTANCE)
				.eval(RedissonLockLayout.deadlockWaitersKey(this.keyPrefix), RScript.Mode.READ_ONLY,
						DeadlockScripts.DEADLOCK_GRAPH, RScript.ReturnType.LIST,
						List.of(RedissonLockLayout.deadlockWaitersKey(this.keyPrefix)),
						RedissonLockLayout.deadlockPrefix(this.keyPrefix), String.valueOf(limit));
			List<WaitForEdge> edges = new ArrayList<>();
			for (int i = 0; i + 6 < fields.size(); i += 7) {
				String holds = String.valueOf(fields.get(i + 4));
				edges.add(new WaitForEdge(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)),
						String.valueOf(fields.get(i + 2)), String.valueOf(fields.get(i + 3)),
						holds.isEmpty() ? List.of() : List.of(holds.split("\n")),
						Long.parseLong(String.valueOf(fields.get(i + 5))), "1".equals(fields.get(i + 6))));
			}
			return edges;
		}
		catch (RuntimeException ex) {
			return List.of();
		}
	}

	@Override
	public @Nullable String reach(String key, Duration timeout) {
		return check(key, timeout, false);
	}

	@Override
	public @Nullable String roundTrip(String key, Duration timeout) {
		return check(key, timeout, true);
	}

	private @Nullable String check(String key, Duration timeout, boolean acquire) {
		try {
			// A bounded first round trip, so a dead Redis makes the check fail within the
			// timeout instead of Redisson's retry budget.
			this.redisson.getBucket(this.keyPrefix + key, StringCodec.INSTANCE)
				.isExistsAsync()
				.toCompletableFuture()
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return acquire ? acquireAndRelease(key, timeout) : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		catch (TimeoutException ex) {
			return "Redis did not answer within " + timeout.toMillis() + " ms";
		}
		catch (Exception ex) {
			Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
			return cause.getClass().getSimpleName() + ": " + cause.getMessage();
		}
	}

	private @Nullable String acquireAndRelease(String key, Duration timeout) throws InterruptedException {
		LockRequest request = LockRequest.builder(key).leaseTime(timeout.plusSeconds(5)).build();
		AcquiredLock lock = this.provider
			.tryAcquire(new LockProvider.Attempt(request, Duration.ZERO, request.leaseTime()));
		if (lock == null) {
			return "health-check lock '" + key + "' could not be acquired";
		}
		if (!lock.release()) {
			return "health-check lock '" + key + "' was lost before release";
		}
		return null;
	}

	@Override
	public LockInspection inspect(LockKey key, Function<String, @Nullable String> instances) {
		return this.inspector.inspect(key, instances);
	}

	@Override
	public List<String> forceRelease(LockInspection inspection) {
		return this.inspector.forceRelease(inspection);
	}

	@Override
	public void scanLocks(LockVisitor visitor) {
		this.scanner.scanLocks(visitor);
	}

	@Override
	public String holderClientId(String holder) {
		RedissonLockLayout.Holder parsed = RedissonLockLayout.parseHolder(holder);
		return (parsed != null) ? parsed.clientId() : holder;
	}

	@Override
	public boolean removeIfUnchanged(StoredLock lock) {
		return this.scanner.removeIfUnchanged(lock);
	}

	@Override
	public Map<String, Sighting> readFirstSeen() {
		return this.scanner.readFirstSeen();
	}

	@Override
	public void writeFirstSeen(Map<String, Sighting> firstSeen, Duration timeToLive) {
		this.scanner.writeFirstSeen(firstSeen, timeToLive);
	}

	@Override
	public void registerInstance(String clientId, String description, Duration timeToLive) {
		this.redisson.<String>getBucket(RedissonLockLayout.instanceKey(this.keyPrefix, clientId), StringCodec.INSTANCE)
			.set(description, timeToLive);
	}

	@Override
	public @Nullable String instanceDescription(String clientId) {
		return this.redisson
			.<String>getBucket(RedissonLockLayout.instanceKey(this.keyPrefix, clientId), StringCodec.INSTANCE)
			.get();
	}

}
