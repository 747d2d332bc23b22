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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RKeys;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;

import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.admin.LockHolder;
import com.oceanshop.lock.admin.LockInspection;
import com.oceanshop.lock.admin.LockStore;

/**
 * Inspects and force releases one lock as Redisson stores it, for
 * {@link RedissonLockStore}.
 */
final class RedissonLockInspector {

	private final RedissonClient redisson;

	private final String keyPrefix;

	private final ToIntFunction<String> localWaiters;

	RedissonLockInspector(RedissonClient redisson, String keyPrefix, ToIntFunction<String> localWaiters) {
		this.redisson = redisson;
		this.keyPrefix = keyPrefix;
		this.localWaiters = localWaiters;
	}

	/**
	 * See {@link LockStore#inspect(LockKey, Function)}.
	 */
	LockInspection inspect(LockKey lockKey, Function<String, @Nullable String> instances) {
		String name = this.keyPrefix + lockKey.value();
		RKeys keys = this.redisson.getKeys();
		RType type = keys.getType(name);
		long ttl = keys.remainTimeToLive(name);
		if (type == RType.MAP) {
			return inspectHash(lockKey.value(), name, ttl, instances);
		}
		if (type == RType.OBJECT) {
			return inspectSemaphore(lockKey.value(), name, ttl);
		}
		String redisType = (type != null) ? type.name().toLowerCase(Locale.ROOT) : "none";
		return new LockInspection(lockKey.value(), name, false, null, redisType, List.of(), ttl, 0, null);
	}

	private LockInspection inspectHash(String key, String name, long ttl,
			Function<String, @Nullable String> instances) {
		Map<String, String> fields = this.redisson.<String, String>getMap(name, StringCodec.INSTANCE).readAllMap();
		String mode = fields.get(RedissonLockLayout.MODE_FIELD);
		long waiters = 0;
		Collection<String> line = this.redisson
			.<String>getScoredSortedSet(RedissonLockLayout.waitersKey(name), StringCodec.INSTANCE)
			.readAll();
		String type;
		if (mode != null) {
			type = RedissonLockLayout.MODE_WRITE.equals(mode) ? LockType.WRITE.tagValue() : LockType.READ.tagValue();
		}
		else {
			waiters = this.redisson.getList(RedissonLockLayout.fairQueueKey(name), StringCodec.INSTANCE).size();
			boolean fair = waiters > 0 || line.stream().anyMatch(RedissonLockLayout::isFairWaiter)
					|| this.redisson.getKeys().countExists(RedissonLockLayout.fairTimeoutKey(name)) > 0;
			type = fair ? LockType.FAIR.tagValue() : LockType.EXCLUSIVE.tagValue();
		}
		List<LockHolder> holders = new ArrayList<>();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			RedissonLockLayout.Holder holder = RedissonLockLayout.parseHolder(field.getKey());
			if (holder == null) {
				continue;
			}
			long count = RedissonLockLayout.holdCount(field.getValue());
			Long expiresIn = null;
			if (RedissonLockLayout.MODE_READ.equals(mode) && !holder.write()) {
				// Each reentrant read hold has its own timeout key; the newest one lives
				// longest.
				long pttl = this.redisson.getKeys()
					.remainTimeToLive(RedissonLockLayout.readTimeoutKey(name, field.getKey(), count));
				expiresIn = (pttl >= 0) ? pttl : null;
			}
			boolean thisInstance = holder.clientId().equals(this.redisson.getId());
			String instance = instances.apply(holder.clientId());
			holders.add(new LockHolder(field.getKey(), holder.clientId(), holder.threadId(), thisInstance, instance,
					count, expiresIn));
		}
		// Callers of this instance queue locally and only the head waits in Redis, in
		// Redisson's fair queue or in the line of waiters by priority.
		waiters += line.size();
		waiters += this.localWaiters.applyAsInt(name);
		return new LockInspection(key, name, !holders.isEmpty(), type, "hash", holders, ttl, waiters, null);
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
			.<byte[]>getScoredSortedSet(RedissonLockLayout.semaphoreTimeoutKey(name), ByteArrayCodec.INSTANCE)
			.entryRange(now, false, Double.POSITIVE_INFINITY, true);
		List<LockHolder> holders = new ArrayList<>();
		for (ScoredEntry<byte[]> permit : permits) {
			holders.add(new LockHolder(RedissonLockLayout.permitId(permit.getValue()), null, null, false, null, 1,
					permit.getScore().longValue() - now));
		}
		return new LockInspection(key, name, !holders.isEmpty(), LockType.SEMAPHORE.tagValue(), "string", holders, ttl,
				0, available);
	}

	/**
	 * See {@link LockStore#forceRelease(LockInspection)}.
	 */
	List<String> forceRelease(LockInspection before) {
		String name = before.redisKey();
		String type = before.type();
		if (type == null) {
			return List.of();
		}
		boolean released = switch (LockType.valueOf(type.toUpperCase(Locale.ROOT))) {
			case EXCLUSIVE -> this.redisson.getLock(name).forceUnlock();
			case FAIR -> this.redisson.getFairLock(name).forceUnlock();
			case READ -> this.redisson.getReadWriteLock(name).readLock().forceUnlock();
			case WRITE -> this.redisson.getReadWriteLock(name).writeLock().forceUnlock();
			case SEMAPHORE -> this.redisson.getKeys().delete(name, RedissonLockLayout.semaphoreTimeoutKey(name)) > 0;
		};
		if (!released) {
			return List.of();
		}
		List<String> deleted = new ArrayList<>();
		deleted.add(name);
		if (LockType.SEMAPHORE.tagValue().equals(type)) {
			deleted.add(RedissonLockLayout.semaphoreTimeoutKey(name));
		}
		if (LockType.READ.tagValue().equals(type)) {
			deleted.addAll(deleteReadTimeouts(name, before.holders()));
		}
		return deleted;
	}

	private List<String> deleteReadTimeouts(String name, List<LockHolder> holders) {
		List<String> timeoutKeys = new ArrayList<>();
		for (LockHolder holder : holders) {
			for (long c = 1; c <= holder.holdCount(); c++) {
				timeoutKeys.add(RedissonLockLayout.readTimeoutKey(name, holder.id(), c));
			}
		}
		if (timeoutKeys.isEmpty()) {
			return List.of();
		}
		this.redisson.getKeys().delete(timeoutKeys.toArray(String[]::new));
		return timeoutKeys;
	}

}
