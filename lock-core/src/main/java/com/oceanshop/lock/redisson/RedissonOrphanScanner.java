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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RKeys;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.admin.LockStore;

/**
 * Finds Redisson lock hashes under the key prefix and removes orphaned ones, and keeps
 * the cleanup's first-seen record, for {@link RedissonLockStore}.
 */
final class RedissonOrphanScanner {

	/**
	 * How far a lock's expiry may move later between the scan and the removal without
	 * counting as renewed: absorbs the millisecond rounding of {@code TIME} plus
	 * {@code PTTL}. A renewal or a new acquisition moves it by far more.
	 */
	static final long EXPIRY_TOLERANCE_MILLIS = 50;

	private final RedissonClient redisson;

	private final String keyPrefix;

	RedissonOrphanScanner(RedissonClient redisson, String keyPrefix) {
		this.redisson = redisson;
		this.keyPrefix = keyPrefix;
	}

	/**
	 * See {@link LockStore#scanLocks(LockStore.LockVisitor)}. Uses {@code SCAN}, on every
	 * master of a Cluster.
	 */
	void scanLocks(LockStore.LockVisitor visitor) {
		String adminPrefix = RedissonLockLayout.adminPrefix(this.keyPrefix);
		RKeys keys = this.redisson.getKeys();
		Iterable<String> candidates = keys
			.getKeys(KeysScanOptions.defaults().pattern(globEscape(this.keyPrefix) + "*").chunkSize(500));
		for (String name : candidates) {
			visitor.keyScanned();
			// Keys derived from a lock (fencing counter, timeouts) start with its hash
			// tag,
			// never with the prefix: lock ids cannot contain braces.
			if (!name.startsWith(this.keyPrefix) || name.startsWith(adminPrefix)
					|| !LockKey.isValid(name.substring(this.keyPrefix.length()))) {
				continue;
			}
			LockStore.StoredLock lock = readCandidate(name);
			if (lock != null) {
				visitor.visit(lock);
			}
		}
	}

	/**
	 * Read one key as a lock, on the master that holds it.
	 * @param name the key
	 * @return the lock, or {@code null} if the key is not a Redisson lock with holders
	 */
	LockStore.@Nullable StoredLock readCandidate(String name) {
		List<String> values = this.redisson.getScript(StringCodec.INSTANCE)
			.eval(name, RScript.Mode.READ_WRITE, AdminScripts.READ_ORPHAN_CANDIDATE, RScript.ReturnType.LIST,
					List.of(name));
		if (values == null || values.size() < 2) {
			return null;
		}
		Map<String, String> fields = new HashMap<>();
		for (int i = 2; i + 1 < values.size(); i += 2) {
			fields.put(values.get(i), values.get(i + 1));
		}
		List<String> holders = RedissonLockLayout.lockHolders(fields);
		if (holders.isEmpty()) {
			return null;
		}
		return new LockStore.StoredLock(name, holders, Long.parseLong(values.get(1)), Long.parseLong(values.get(0)));
	}

	/**
	 * See {@link LockStore#removeIfUnchanged(LockStore.StoredLock)}.
	 */
	boolean removeIfUnchanged(LockStore.StoredLock lock) {
		List<Object> args = new ArrayList<>();
		args.add(Long.toString((lock.ttlMillis() == -1) ? -1 : lock.expiresAt()));
		args.add(Long.toString(EXPIRY_TOLERANCE_MILLIS));
		args.addAll(lock.holders());
		Long result = this.redisson.getScript(StringCodec.INSTANCE)
			.eval(lock.redisKey(), RScript.Mode.READ_WRITE, AdminScripts.REMOVE_ORPHAN, RScript.ReturnType.LONG,
					List.of(lock.redisKey()), args.toArray());
		return result != null && result == 1L;
	}

	Map<String, LockStore.Sighting> readFirstSeen() {
		Map<String, LockStore.Sighting> firstSeen = new HashMap<>();
		firstSeenMap().readAllMap().forEach((holderKey, recorded) -> {
			// <missingSince>:<expiresAt>; entries of other formats are dropped.
			int colon = recorded.indexOf(':');
			long since = (colon > 0) ? RedissonLockLayout.holdCount(recorded.substring(0, colon)) : 0;
			long expiresAt = (colon > 0) ? RedissonLockLayout.holdCount(recorded.substring(colon + 1)) : 0;
			if (since > 0 && expiresAt > 0) {
				firstSeen.put(holderKey, new LockStore.Sighting(since, expiresAt));
			}
		});
		return firstSeen;
	}

	void writeFirstSeen(Map<String, LockStore.Sighting> firstSeen, Duration timeToLive) {
		RMap<String, String> map = firstSeenMap();
		map.delete();
		if (!firstSeen.isEmpty()) {
			Map<String, String> values = new HashMap<>();
			firstSeen.forEach((holderKey, seen) -> values.put(holderKey, seen.missingSince() + ":" + seen.expiresAt()));
			map.putAll(values);
			map.expire(timeToLive);
		}
	}

	private RMap<String, String> firstSeenMap() {
		return this.redisson.getMap(RedissonLockLayout.firstSeenKey(this.keyPrefix), StringCodec.INSTANCE);
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

}
