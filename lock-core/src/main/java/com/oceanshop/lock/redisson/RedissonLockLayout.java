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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.MasterSlaveServersConfig;
import org.redisson.connection.CRC16;

import com.oceanshop.lock.admin.LockAdmin;

/**
 * Everything this project knows about how Redisson 4.7.0 stores a lock in Redis: key
 * names, the holder field format, the permit id encoding and the publish command. Nothing
 * else may spell out a Redisson key or field; {@link RedissonScripts} (and
 * {@link PriorityScripts}, {@link AdminScripts}) hold the scripts that rely on this
 * layout, and {@code RedissonLockLayoutContractIntegrationTests} checks every fact here
 * against real Redisson objects on a real server, so a Redisson upgrade that moves a key
 * fails that test.
 * <p>
 * Layout of a lock whose Redis key is {@code name} (without braces):
 * <ul>
 * <li>{@code RLock}, {@code RFairLock}: a hash at {@code name}, one field per holder
 * ({@code <clientId>:<threadId>}) counting its reentrant holds; this project passes an
 * owner id of its own (from {@link #FIRST_OWNER_ID} up) as Redisson's thread id;</li>
 * <li>{@code RFairLock}: its waiters in the list {@code redisson_lock_queue:{name}},
 * their turn timeouts in the sorted set {@code redisson_lock_timeout:{name}}, each waiter
 * woken on {@code redisson_lock__channel:{name}:<clientId>:<threadId>};</li>
 * <li>{@code RReadWriteLock}: the same hash plus a {@code mode} field ({@code read} or
 * {@code write}), a writer's field ending in {@code :write}, and one key
 * {@code {name}:<holder>:rwlock_timeout:<n>} per reentrant read hold;</li>
 * <li>{@code RPermitExpirableSemaphore}: the available permits as a string at
 * {@code name}, the held permits in the sorted set {@code {name}:timeout} (member: the
 * permit id's bytes, score: its expiry in epoch millis), its waiters woken on
 * {@code redisson_sc:{name}};</li>
 * <li>the outcome of one release under {@code redisson_unlock_latch:{name}:<requestId>},
 * for as long as the release may be re-sent;</li>
 * <li>this project's fencing counter at {@code {name}:fence}, in the lock's cluster slot,
 * and its admin keys under {@code <prefix>lock-admin:}, among them the shared
 * adaptive-timeout estimates ({@link #adaptiveKey});</li>
 * <li>this project's wait-for graph for deadlock detection, all in one cluster slot under
 * {@code <prefix>lock-admin:{deadlock}:}: the sorted set {@code waiters} (waiter ids
 * scored by expiry in epoch millis), one hash {@code waiter:<id>} per waiting flow, and
 * one set {@code held:<name>} ({@code read:<name>} for read holds) of the waiter ids
 * whose flows hold the lock {@code name}, each with an expiry its waiters refresh;</li>
 * <li>this project's line of waiting instances, by priority, in the sorted sets
 * {@code {name}:waiters} and {@code {name}:waiters:expiry}, which exist only while
 * someone waits.</li>
 * </ul>
 * It is over 300 lines because it is the one place all of this lives, most of it javadoc.
 */
final class RedissonLockLayout {

	/**
	 * Redisson version this layout was read from and checked against.
	 */
	static final String REDISSON_VERSION = "4.7.0";

	/**
	 * First owner id this project passes as Redisson's thread id: far above every real
	 * thread id, so that a hold never shares its holder field with a thread of this or
	 * any other Redisson client.
	 */
	static final long FIRST_OWNER_ID = 1L << 62;

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

	// RedissonWriteLock.getLockName(threadId): super.getLockName(threadId) + ":write".
	private static final int CLUSTER_SLOTS = 16384;

	private static final String WRITE_SUFFIX = ":write";

	private static final Pattern HOLDER = Pattern.compile("(.+):(\\d+)(" + WRITE_SUFFIX + ")?");

	// RedissonFairLock's threadsQueueName, timeoutSetName and getChannelName().
	private static final String FAIR_QUEUE_PREFIX = "redisson_lock_queue";

	private static final String FAIR_TIMEOUT_PREFIX = "redisson_lock_timeout";

	private static final String FAIR_CHANNEL_PREFIX = "redisson_lock__channel";

	// RedissonReadLock's and RedissonWriteLock's getChannelName().
	private static final String READ_WRITE_CHANNEL_PREFIX = "redisson_rwlock";

	// RedissonReadLock.getReadWriteTimeoutNamePrefix(threadId).
	private static final String READ_TIMEOUT_INFIX = ":rwlock_timeout:";

	// RedissonPermitExpirableSemaphore's timeoutName.
	private static final String SEMAPHORE_TIMEOUT_SUFFIX = "timeout";

	// RedissonPermitExpirableSemaphore's getChannelName().
	private static final String SEMAPHORE_CHANNEL_PREFIX = "redisson_sc";

	// RedissonBaseLock.getUnlockLatchName(requestId).
	private static final String UNLOCK_LATCH_PREFIX = "redisson_unlock_latch";

	/**
	 * How much later than the waiter before it (or the lock's expiry) a fair lock's
	 * waiter's turn times out when it waits with a wait time of zero:
	 * {@code RedissonFairLock}'s default {@code threadWaitTime}, 5 minutes. A waiter with
	 * a positive wait time uses that wait time instead.
	 */
	static final long FAIR_THREAD_WAIT_MILLIS = 5 * 60_000;

	private static final String FENCE_SUFFIX = "fence";

	private static final String RELEASED_SUFFIX = "released";

	// Hash tag of the adaptive-timeout keys: all in one cluster slot.
	private static final String ADAPTIVE_TAG = "{adaptive}";

	private static final String WAITERS_SUFFIX = "waiters";

	private static final String WAITER_EXPIRY_SUFFIX = "waiters:expiry";

	private static final String FAIR_WAITER_SUFFIX = ":fair";

	private RedissonLockLayout() {
	}

	/**
	 * Return the Redis key of a lock: the key prefix followed by the lock key.
	 * @param keyPrefix the provider's key prefix
	 * @param key the lock key
	 * @return the Redis key
	 */
	static String lockKey(String keyPrefix, String key) {
		return keyPrefix + key;
	}

	/**
	 * Derive a key in the same cluster slot, as {@code RedissonObject.suffixName} does:
	 * {@code {name}:suffix}, or {@code name:suffix} when the name has a hash tag already.
	 * @param name the lock's Redis key
	 * @param suffix the suffix
	 * @return the derived key
	 */
	static String suffixName(String name, String suffix) {
		return name.contains("{") ? name + ":" + suffix : "{" + name + "}:" + suffix;
	}

	/**
	 * Derive a key in the same cluster slot, as {@code RedissonObject.prefixName} does:
	 * {@code prefix:{name}}, or {@code prefix:name} when the name has a hash tag already.
	 * @param prefix the prefix
	 * @param name the lock's Redis key
	 * @return the derived key
	 */
	static String prefixName(String prefix, String name) {
		return name.contains("{") ? prefix + ":" + name : prefix + ":{" + name + "}";
	}

	/**
	 * Return the key of the fencing counter of a lock. It shares the lock's cluster slot,
	 * so the fencing scripts can read the lock and increment the counter atomically.
	 * @param name the lock's Redis key
	 * @return the fencing counter's key
	 */
	static String fenceKey(String name) {
		return suffixName(name, FENCE_SUFFIX);
	}

	/**
	 * Return this project's sorted set of the instances waiting for an exclusive, fair or
	 * write lock, in the lock's cluster slot: member the waiter's {@link #waiterEntry
	 * entry}, score its place in line in microseconds of the server's clock (its arrival,
	 * brought forward by its priority times the aging interval), lowest first.
	 * @param name the lock's Redis key
	 * @return the waiters' key
	 */
	static String waitersKey(String name) {
		return suffixName(name, WAITERS_SUFFIX);
	}

	/**
	 * Return a waiter's entry in {@link #waitersKey}: its holder id, followed by
	 * {@code :fair} for a fair lock, so that an inspection tells a fair lock with waiters
	 * from an exclusive one.
	 * @param holder the waiter's holder id
	 * @param fair whether the lock is fair
	 * @return the entry
	 */
	static String waiterEntry(String holder, boolean fair) {
		return fair ? holder + FAIR_WAITER_SUFFIX : holder;
	}

	/**
	 * Return whether an entry of {@link #waitersKey} is a fair lock's waiter.
	 * @param entry the entry
	 * @return whether it waits for a fair lock
	 */
	static boolean isFairWaiter(String entry) {
		return entry.endsWith(FAIR_WAITER_SUFFIX);
	}

	/**
	 * Return the channel a lock's release publishes on and this project's line of waiters
	 * listens on: {@code redisson_lock__channel:{name}} of Redisson 4.7.0's
	 * {@code RedissonLock} for an exclusive or fair lock (this project's fair release
	 * publishes there too, beside the per-waiter channel of Redisson's fair queue), and
	 * {@code redisson_rwlock:{name}} of its {@code RedissonWriteLock} and
	 * {@code RedissonReadLock} for a write lock, where the last reader's release
	 * publishes as well.
	 * @param name the lock's Redis key
	 * @param write whether the lock is a write lock
	 * @return the channel
	 */
	static String wakeChannel(String name, boolean write) {
		return prefixName(write ? READ_WRITE_CHANNEL_PREFIX : FAIR_CHANNEL_PREFIX, name);
	}

	/**
	 * Return this project's sorted set of when each entry of {@link #waitersKey} expires
	 * unless its waiter refreshes it (microseconds of the server's clock), so that a dead
	 * waiter leaves the line.
	 * @param name the lock's Redis key
	 * @return the expiry set's key
	 */
	static String waiterExpiryKey(String name) {
		return suffixName(name, WAITER_EXPIRY_SUFFIX);
	}

	/**
	 * Return the list of waiters of a fair lock.
	 * @param name the lock's Redis key
	 * @return the queue's key
	 */
	static String fairQueueKey(String name) {
		return prefixName(FAIR_QUEUE_PREFIX, name);
	}

	/**
	 * Return the sorted set of the fair lock's waiters' turn timeouts.
	 * @param name the lock's Redis key
	 * @return the timeout set's key
	 */
	static String fairTimeoutKey(String name) {
		return prefixName(FAIR_TIMEOUT_PREFIX, name);
	}

	/**
	 * Return the channel prefix of a fair lock; a waiter listens on this prefix, a colon
	 * and its {@link #holder holder id}.
	 * @param name the lock's Redis key
	 * @return the channel prefix
	 */
	static String fairChannelPrefix(String name) {
		return prefixName(FAIR_CHANNEL_PREFIX, name);
	}

	/**
	 * Return the channel a fair lock's waiter listens on.
	 * @param name the lock's Redis key
	 * @param holder the waiter's holder id
	 * @return the channel
	 */
	static String fairWaiterChannel(String name, String holder) {
		return fairChannelPrefix(name) + ":" + holder;
	}

	/**
	 * Return the prefix of a read lock's timeout keys as Redisson's read-lock scripts get
	 * it: the script appends a colon, the holder id, {@code :rwlock_timeout:} and the
	 * hold count.
	 * @param name the lock's Redis key
	 * @return the prefix, {@code {name}} or the name itself when it has a hash tag
	 */
	static String readTimeoutPrefix(String name) {
		return name.contains("{") ? name : "{" + name + "}";
	}

	/**
	 * Return the Redis Cluster slot of a key: CRC16 of its hash tag (the text between the
	 * first <code>{</code> and the next <code>}</code>, when not empty) or of the whole
	 * key, modulo 16384, as Redis and Redisson compute it. Keys of one slot may be used
	 * together in one script.
	 * @param key the Redis key
	 * @return the slot, 0 to 16383
	 */
	static int clusterSlot(String key) {
		int open = key.indexOf('{');
		if (open >= 0) {
			int close = key.indexOf('}', open + 1);
			if (close > open + 1) {
				key = key.substring(open + 1, close);
			}
		}
		return CRC16.crc16(key.getBytes(StandardCharsets.UTF_8)) % CLUSTER_SLOTS;
	}

	/**
	 * Return the timeout key of one reentrant read hold.
	 * @param name the lock's Redis key
	 * @param holder the holder id
	 * @param hold the hold's number, from 1
	 * @return the timeout key
	 */
	static String readTimeoutKey(String name, String holder, long hold) {
		return suffixName(name, holder) + READ_TIMEOUT_INFIX + hold;
	}

	/**
	 * Return the sorted set of a semaphore's held permits: permit id bytes scored by
	 * their expiry in epoch milliseconds.
	 * @param name the semaphore's Redis key
	 * @return the timeout set's key
	 */
	static String semaphoreTimeoutKey(String name) {
		return suffixName(name, SEMAPHORE_TIMEOUT_SUFFIX);
	}

	/**
	 * Return the channel a semaphore's waiters listen on, {@code redisson_sc:{name}}, as
	 * {@code RedissonPermitExpirableSemaphore} publishes on it when permits come back.
	 * @param name the semaphore's Redis key
	 * @return the channel
	 */
	static String semaphoreChannel(String name) {
		return prefixName(SEMAPHORE_CHANNEL_PREFIX, name);
	}

	/**
	 * Return the channel an {@code RLock}'s waiters listen on,
	 * {@code redisson_lock__channel:{name}}, as {@code RedissonLock.getChannelName}.
	 * @param name the lock's Redis key
	 * @return the channel
	 */
	static String lockChannel(String name) {
		return prefixName(FAIR_CHANNEL_PREFIX, name);
	}

	/**
	 * Return the channel a read/write lock's waiters listen on,
	 * {@code redisson_rwlock:{name}}, as {@code RedissonReadLock.getChannelName} and
	 * {@code RedissonWriteLock.getChannelName}.
	 * @param name the lock's Redis key
	 * @return the channel
	 */
	static String readWriteChannel(String name) {
		return prefixName(READ_WRITE_CHANNEL_PREFIX, name);
	}

	/**
	 * Return the prefix of one read holder's timeout keys, as
	 * {@code RedissonReadLock.getReadWriteTimeoutNamePrefix}: followed by {@code :} and
	 * the hold number it names {@link #readTimeoutKey a timeout key}.
	 * @param name the lock's Redis key
	 * @param holder the read holder
	 * @return the prefix
	 */
	static String readHolderTimeoutPrefix(String name, String holder) {
		String infix = READ_TIMEOUT_INFIX;
		return suffixName(name, holder) + infix.substring(0, infix.length() - 1);
	}

	/**
	 * Return this project's own release record of a lock, {@code {name}:released}: the
	 * holder that released it last, kept as long as Redisson may re-send that release, so
	 * that a re-sent release reports the outcome of the first one. One key per lock name,
	 * overwritten by the next release, in the lock's cluster slot.
	 * @param name the lock's Redis key
	 * @return the record's key
	 */
	static String releasedKey(String name) {
		return suffixName(name, RELEASED_SUFFIX);
	}

	/**
	 * Return the key that records the outcome of one release, as
	 * {@code RedissonBaseLock.getUnlockLatchName} does: a re-sent release with the same
	 * request id returns the recorded outcome instead of releasing again.
	 * @param name the lock's Redis key
	 * @param requestId the release's request id
	 * @return the latch key, in the lock's cluster slot
	 */
	static String unlockLatchKey(String name, String requestId) {
		return prefixName(UNLOCK_LATCH_PREFIX, name) + ":" + requestId;
	}

	/**
	 * Return how long an unlock latch must outlive its release: as long as Redisson may
	 * still re-send the command, the response timeout plus the retry delay for every
	 * retry attempt, as {@code RedissonBaseLock.unlockInnerAsync} computes it, plus one
	 * response timeout ({@link ScriptPipeline} may send it first).
	 * @param redisson the client
	 * @return the latch's time to live in milliseconds
	 */
	static long unlockLatchMillis(RedissonClient redisson) {
		if (redisson instanceof Redisson client) {
			MasterSlaveServersConfig config = client.getCommandExecutor().getServiceManager().getConfig();
			int attempts = config.getRetryAttempts();
			long perAttempt = config.getTimeout() + config.getRetryDelay().calcDelay(attempts).toMillis();
			// Plus one response timeout: the first attempt may go through the lock
			// command pipeline, which hands a command it could not complete to Redisson.
			return config.getTimeout() + Math.max(config.getTimeout(), perAttempt * Math.max(attempts, 1));
		}
		return 60_000;
	}

	/**
	 * Return the hash field of a lock's holder, as Redisson's {@code getLockName}.
	 * @param clientId the Redisson client's id
	 * @param threadId the thread id given to Redisson: the hold's owner id
	 * @param write whether it is a write lock's holder
	 * @return {@code <clientId>:<threadId>}, followed by {@code :write} for a writer
	 */
	static String holder(String clientId, long threadId, boolean write) {
		return clientId + ":" + threadId + (write ? WRITE_SUFFIX : "");
	}

	/**
	 * Parse a lock hash field written by Redisson.
	 * @param field the field
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
	 * @param fields the hash's fields and values
	 * @return the holder ids
	 */
	static List<String> lockHolders(Map<String, String> fields) {
		List<String> holders = new ArrayList<>();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (MODE_FIELD.equals(field.getKey())) {
				continue;
			}
			if (parseHolder(field.getKey()) == null || holdCount(field.getValue()) <= 0) {
				return List.of();
			}
			holders.add(field.getKey());
		}
		holders.sort(null);
		return holders;
	}

	/**
	 * Parse a hold count or a time stored as a decimal string.
	 * @param value the stored value
	 * @return the number, 0 when missing or not a number
	 */
	static long holdCount(@Nullable String value) {
		try {
			return (value != null) ? Long.parseLong(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Return the prefix of this project's own admin keys, under the reserved context
	 * {@code lock-admin}.
	 * @param keyPrefix the provider's key prefix
	 * @return the prefix
	 */
	static String adminPrefix(String keyPrefix) {
		return keyPrefix + LockAdmin.ADMIN_CONTEXT + ":";
	}

	/**
	 * Return the key that registers one live instance.
	 * @param keyPrefix the provider's key prefix
	 * @param clientId the instance's Redisson client id
	 * @return the key
	 */
	static String instanceKey(String keyPrefix, String clientId) {
		return adminPrefix(keyPrefix) + "instance:" + clientId;
	}

	/**
	 * Return the prefix of the wait-for graph's keys: a hash tag keeps them in one
	 * cluster slot, so that one script follows the graph.
	 * @param keyPrefix the provider's key prefix
	 * @return the prefix; the scripts append {@code waiter:<id>}, {@code held:<name>} and
	 * {@code read:<name>}
	 */
	static String deadlockPrefix(String keyPrefix) {
		return adminPrefix(keyPrefix) + "{deadlock}:";
	}

	/**
	 * Return the key of the wait-for graph's index: waiter ids scored by expiry.
	 * @param keyPrefix the provider's key prefix
	 * @return the key
	 */
	static String deadlockWaitersKey(String keyPrefix) {
		return deadlockPrefix(keyPrefix) + "waiters";
	}

	/**
	 * Return the key of one waiting flow's entry in the wait-for graph.
	 * @param keyPrefix the provider's key prefix
	 * @param waiterId the waiter id
	 * @return the key
	 */
	static String deadlockWaiterKey(String keyPrefix, String waiterId) {
		return deadlockPrefix(keyPrefix) + "waiter:" + waiterId;
	}

	/**
	 * Return the key of the orphan cleanup's first-seen record.
	 * @param keyPrefix the provider's key prefix
	 * @return the key
	 */
	static String firstSeenKey(String keyPrefix) {
		return adminPrefix(keyPrefix) + "cleanup:first-seen";
	}

	/**
	 * Return the key of the index of adaptive-timeout estimates: a sorted set of lock
	 * names scored by their last update in epoch millis. Shares the cluster slot of every
	 * {@link #adaptiveKey} (hash tag {@code {adaptive}}, or the key prefix's own), so one
	 * script updates them all.
	 * @param keyPrefix the provider's key prefix
	 * @return the key
	 */
	static String adaptiveIndexKey(String keyPrefix) {
		return adminPrefix(keyPrefix) + ADAPTIVE_TAG + ":names";
	}

	/**
	 * Return the key of the adaptive-timeout estimate of one lock name: a hash with the
	 * fields {@code hold}, {@code wait} (smoothed 99th percentiles in milliseconds),
	 * {@code holds}, {@code waits} (observation counts) and {@code updated} (epoch
	 * millis), written by {@link AdminScripts#ADAPTIVE_EXCHANGE} with an expiry. The
	 * orphan scan skips it, as every admin key.
	 * @param keyPrefix the provider's key prefix
	 * @param name the lock name, {@code context:operation}
	 * @return the key, {@code <prefix>lock-admin:{adaptive}:name:<context>:<operation>}
	 */
	static String adaptiveKey(String keyPrefix, String name) {
		return adminPrefix(keyPrefix) + ADAPTIVE_TAG + ":name:" + name;
	}

	/**
	 * Return the bytes a permit id is stored as: Redisson hands permit ids out as the hex
	 * dump of random bytes and stores the bytes.
	 * @param permitId the permit id
	 * @return its bytes
	 */
	static byte[] permitIdBytes(String permitId) {
		return HexFormat.of().parseHex(permitId);
	}

	/**
	 * Return a new random id for a permit or a release request: like Redisson's
	 * {@code ServiceManager.generateId}, the hex dump of 16 random bytes.
	 * @return the id
	 */
	static String randomId() {
		byte[] bytes = new byte[16];
		ThreadLocalRandom.current().nextBytes(bytes);
		return permitId(bytes);
	}

	/**
	 * Return the permit id stored as the given bytes.
	 * @param bytes the stored bytes
	 * @return the permit id
	 */
	static String permitId(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * Return the command Redisson publishes unlock messages with: {@code SPUBLISH} where
	 * it uses sharded pub/sub, {@code PUBLISH} otherwise. Fair waiters listen wherever
	 * Redisson subscribed them, so a script that wakes one must use the same command.
	 * This reads Redisson's non-public subscribe service.
	 * @param redisson the client
	 * @return the publish command
	 */
	static String publishCommand(RedissonClient redisson) {
		if (redisson instanceof Redisson client) {
			return client.getCommandExecutor().getConnectionManager().getSubscribeService().getPublishCommand();
		}
		return "publish";
	}

	/**
	 * A lock holder as Redisson names it in the lock's hash.
	 *
	 * @param clientId the Redisson client's id
	 * @param threadId the thread id given to Redisson: a thread's id, or an owner id of
	 * this project
	 * @param write whether the holder holds a write lock
	 */
	record Holder(String clientId, long threadId, boolean write) {

		@Override
		public String toString() {
			return holder(this.clientId, this.threadId, this.write);
		}

	}

}
