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
 * How Redisson 4.7.0 stores the locks the admin inspects, force releases and cleans up,
 * and where the admin keeps its own keys. Everything here mirrors a Redisson internal:
 * <ul>
 * <li>{@code RedissonLock}, {@code RedissonFairLock}, {@code RedissonReadLock},
 * {@code RedissonWriteLock}: a hash whose fields are holder ids
 * {@code <clientId>:<threadId>} (with {@code :write} for a write hold) counting reentrant
 * holds, plus a {@code mode} field ({@code read} or {@code write}) for a read-write
 * lock.</li>
 * <li>{@code RedissonFairLock}: the queue {@code redisson_lock_queue:{<name>}} and the
 * timeout set {@code redisson_lock_timeout:{<name>}}.</li>
 * <li>{@code RedissonReadLock}: one key per reentrant read hold,
 * {@code {<name>}:<holderId>:rwlock_timeout:<n>}.</li>
 * <li>{@code RedissonPermitExpirableSemaphore}: a string with the free permit count, and
 * the sorted set {@code {<name>}:timeout} of permit ids (raw bytes) scored by their
 * expiry.</li>
 * <li>{@code RedissonObject.suffixName}/{@code prefixName}: the hash-tag rules that keep
 * the auxiliary keys in the lock's cluster slot.</li>
 * </ul>
 * To be folded into the provider's layout class, so that one place knows it all.
 */
final class RedissonAdminLayout {

	static final String MODE_FIELD = "mode";

	static final String WRITE_MODE = "write";

	static final String READ_MODE = "read";

	private static final Pattern HOLDER = Pattern.compile("(.+):(\\d+)(:write)?");

	// Deletes a lock key only if it is still in the state the scan saw: without expiry
	// (ARGV[1] empty) or still held by the same holder, so a lock taken again meanwhile
	// survives. Relies on the hash layout of RedissonLock/RedissonReadWriteLock (4.7.0).
	static final String REMOVE_ORPHAN_SCRIPT = """
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

	private RedissonAdminLayout() {
	}

	static String suffixName(String name, String suffix) {
		return RedissonObject.suffixName(name, suffix);
	}

	static String prefixName(String prefix, String name) {
		return RedissonObject.prefixName(prefix, name);
	}

	static String fairQueueName(String name) {
		return prefixName("redisson_lock_queue", name);
	}

	static String fairTimeoutName(String name) {
		return prefixName("redisson_lock_timeout", name);
	}

	static String semaphoreTimeoutName(String name) {
		return suffixName(name, "timeout");
	}

	static String readHoldTimeoutName(String name, String holderId, long hold) {
		return suffixName(name, holderId) + ":rwlock_timeout:" + hold;
	}

	static String permitId(byte[] permit) {
		return HexFormat.of().formatHex(permit);
	}

	/**
	 * Return whether a key under the prefix is one of Redisson's derived keys rather than
	 * a lock: a lock key with '{' in its id keeps its slot, so its derived keys (fencing
	 * counter, semaphore timeouts, read-hold timeouts) then start with the prefix too.
	 */
	static boolean isAuxiliary(String name) {
		return name.contains("{")
				&& (name.endsWith(":fence") || name.endsWith(":timeout") || name.contains(":rwlock_timeout:"));
	}

	static @Nullable Holder holder(String field) {
		Matcher matcher = HOLDER.matcher(field);
		if (MODE_FIELD.equals(field) || !matcher.matches()) {
			return null;
		}
		return new Holder(matcher.group(1), Long.parseLong(matcher.group(2)), matcher.group(3) != null);
	}

	/**
	 * Return the holder ids of a Redisson lock hash, sorted, or an empty list if the hash
	 * is not a Redisson lock (a field that is neither {@code mode} nor a holder with a
	 * positive count).
	 */
	static List<String> lockHolders(Map<String, String> fields) {
		List<String> holders = new ArrayList<>();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (MODE_FIELD.equals(field.getKey())) {
				continue;
			}
			if (!HOLDER.matcher(field.getKey()).matches() || parseLong(field.getValue()) <= 0) {
				return List.of();
			}
			holders.add(field.getKey());
		}
		holders.sort(null);
		return holders;
	}

	static String adminPrefix(String keyPrefix) {
		return keyPrefix + LockAdmin.ADMIN_CONTEXT + ":";
	}

	static String instanceName(String keyPrefix, String clientId) {
		return adminPrefix(keyPrefix) + "instance:" + clientId;
	}

	static String firstSeenName(String keyPrefix) {
		return adminPrefix(keyPrefix) + "cleanup:first-seen";
	}

	static long parseLong(@Nullable String value) {
		try {
			return (value != null) ? Long.parseLong(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * A holder field of a lock hash.
	 *
	 * @param clientId the holding Redisson client's id
	 * @param threadId the holding thread's id
	 * @param write whether it is a write hold
	 */
	record Holder(String clientId, long threadId, boolean write) {

	}

}
