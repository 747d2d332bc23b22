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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RKeys;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RType;
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
			if (keys.getType(name) != RType.MAP) {
				continue;
			}
			Map<String, String> fields = this.redisson.<String, String>getMap(name, StringCodec.INSTANCE).readAllMap();
			List<String> holders = RedissonLockLayout.lockHolders(fields);
			if (!holders.isEmpty()) {
				visitor.visit(new LockStore.StoredLock(name, holders, keys.remainTimeToLive(name)));
			}
		}
	}

	/**
	 * See {@link LockStore#removeIfUnchanged(String, String)}.
	 */
	boolean removeIfUnchanged(String name, @Nullable String holder) {
		Long result = this.redisson.getScript(StringCodec.INSTANCE)
			.eval(name, RScript.Mode.READ_WRITE, RedissonScripts.REMOVE_ORPHAN, RScript.ReturnType.LONG, List.of(name),
					(holder != null) ? holder : "");
		return result != null && result == 1L;
	}

	Map<String, Long> readFirstSeen() {
		Map<String, Long> firstSeen = new HashMap<>();
		firstSeenMap().readAllMap().forEach((holderKey, recorded) -> {
			long seen = RedissonLockLayout.holdCount(recorded);
			if (seen > 0) {
				firstSeen.put(holderKey, seen);
			}
		});
		return firstSeen;
	}

	void writeFirstSeen(Map<String, Long> firstSeen, Duration timeToLive) {
		RMap<String, String> map = firstSeenMap();
		map.delete();
		if (!firstSeen.isEmpty()) {
			Map<String, String> values = new HashMap<>();
			firstSeen.forEach((holderKey, seen) -> values.put(holderKey, Long.toString(seen)));
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
