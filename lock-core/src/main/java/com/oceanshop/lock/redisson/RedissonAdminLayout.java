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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.redisson.RedissonObject;

import com.oceanshop.lock.admin.LockAdmin;

/**
 * What the admin knows about how Redisson 4.7.0 stores the locks it inspects, force
 * releases and cleans up, and where the admin keeps its own keys. Names follow
 * {@code RedissonLockLayout} and {@code RedissonScripts}, into which this class is to be
 * folded, so that one place knows it all.
 * <p>
 * Layout of a lock whose Redis key is {@code name} (without braces):
 * <ul>
 * <li>{@code RLock}, {@code RFairLock}: a hash at {@code name}, one field per holder
 * ({@code <clientId>:<threadId>}) counting its reentrant holds;</li>
 * <li>{@code RFairLock}: its waiters in the list {@code redisson_lock_queue:{name}} and
 * their turn timeouts in the sorted set {@code redisson_lock_timeout:{name}};</li>
 * <li>{@code RReadWriteLock}: the same hash plus a {@code mode} field ({@code read} or
 * {@code write}), a writer's field ending in {@code :write}, and one key
 * {@code {name}:<holder>:rwlock_timeout:<n>} per reentrant read hold;</li>
 * <li>{@code RPermitExpirableSemaphore}: the available permits as a string at
 * {@code name}, the held permits in the sorted set {@code {name}:timeout} (member: the
 * permit id's bytes, score: its expiry in epoch millis).</li>
 * </ul>
 */
final class RedissonAdminLayout {

	/**
	 * Hash field of a read-write lock that holds its mode.
	 */
	static final String MODE_FIELD = "mode";

	/**
	 * {@link #MODE_FIELD} value while read holds exist.
	 */
	static final String MODE_READ = "read";

	/**
	 * {@link #MODE_FIELD} value while a write hold exists.
	 */
	static final String MODE_WRITE = "write";

	/**
	 * Delete a lock only if it is still in the state the orphan scan saw: without expiry
	 * (ARGV[1] empty) or still held by the same holder, so a lock taken again meanwhile
	 * survives. Relies on the holder hash of Redisson 4.7.0's {@code RedissonBaseLock}
	 * (also {@code RedissonFairLock}, {@code RedissonReadLock},
	 * {@code RedissonWriteLock}). KEYS: lock. ARGV: holder id or empty. Returns 1 if
	 * deleted, 0 if not.
	 */
	static final String REMOVE_ORPHAN = """
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

	// RedissonWriteLock.getLockName(threadId): super.getLockName(threadId) + ":write".
	private static final Pattern HOLDER = Pattern.compile("(.+):(\\d+)(:write)?");

	private RedissonAdminLayout() {
	}

	/**
	 * Derive a key in the same cluster slot, as {@code RedissonObject.suffixName} does.
	 */
	static String suffixName(String name, String suffix) {
		return RedissonObject.suffixName(name, suffix);
	}

	/**
	 * Derive a key in the same cluster slot, as {@code RedissonObject.prefixName} does.
	 */
	static String prefixName(String prefix, String name) {
		return RedissonObject.prefixName(prefix, name);
	}

	/**
	 * Return the list of waiters of a fair lock
	 * ({@code RedissonFairLock.threadsQueueName}).
	 */
	static String fairQueueKey(String name) {
		return prefixName("redisson_lock_queue", name);
	}

	/**
	 * Return the sorted set of a fair lock's turn timeouts
	 * ({@code RedissonFairLock.timeoutSetName}).
	 */
	static String fairTimeoutKey(String name) {
		return prefixName("redisson_lock_timeout", name);
	}

	/**
	 * Return the timeout key of one reentrant read hold
	 * ({@code RedissonReadLock.getReadWriteTimeoutNamePrefix}).
	 */
	static String readTimeoutKey(String name, String holder, long hold) {
		return suffixName(name, holder) + ":rwlock_timeout:" + hold;
	}

	/**
	 * Return the sorted set of a semaphore's held permits
	 * ({@code RedissonPermitExpirableSemaphore.timeoutName}).
	 */
	static String semaphoreTimeoutKey(String name) {
		return suffixName(name, "timeout");
	}

	/**
	 * Return the permit id stored as the given bytes: Redisson hands permit ids out as
	 * the hex dump of random bytes and stores the bytes.
	 */
	static String permitId(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * Return whether a key is one of the keys Redisson or this project derive from a lock
	 * key by suffixing it (fencing counter, semaphore timeouts, read-lock timeouts).
	 */
	static boolean isDerivedKey(String name) {
		return name.endsWith(":fence") || name.endsWith(":timeout") || name.contains(":rwlock_timeout:");
	}

	/**
	 * Parse a lock hash field written by Redisson.
	 * @return the holder, or {@code null} if the field is not a holder
	 */
	static @Nullable Holder parseHolder(String field) {
		Matcher matcher = HOLDER.matcher(field);
		if (!matcher.matches()) {
			return null;
		}
		return new Holder(matcher.group(1), Long.parseLong(matcher.group(2)), matcher.group(3) != null);
	}

	/**
	 * Return the holder ids of a Redisson lock hash, sorted, or an empty list if the hash
	 * is not a Redisson lock (a field that is neither {@link #MODE_FIELD} nor a holder
	 * with a positive count).
	 */
	static List<String> lockHolders(Map<String, String> fields) {
		List<String> holders = new ArrayList<>();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (MODE_FIELD.equals(field.getKey())) {
				continue;
			}
			if (parseHolder(field.getKey()) == null || parseLong(field.getValue()) <= 0) {
				return List.of();
			}
			holders.add(field.getKey());
		}
		holders.sort(null);
		return holders;
	}

	static long parseLong(@Nullable String value) {
		try {
			return (value != null) ? Long.parseLong(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	// This project's admin keys, under the reserved context.

	static String adminPrefix(String keyPrefix) {
		return keyPrefix + LockAdmin.ADMIN_CONTEXT + ":";
	}

	static String instanceKey(String keyPrefix, String clientId) {
		return adminPrefix(keyPrefix) + "instance:" + clientId;
	}

	static String firstSeenKey(String keyPrefix) {
		return adminPrefix(keyPrefix) + "cleanup:first-seen";
	}

	/**
	 * A lock holder as Redisson names it in the lock's hash.
	 *
	 * @param clientId the Redisson client's id
	 * @param threadId the holding thread's id
	 * @param write whether the holder holds a write lock
	 */
	record Holder(String clientId, long threadId, boolean write) {

	}

}
