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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockKey;

/**
 * What the admin needs from the store that holds the locks: inspection and force release
 * of one lock, scanning for orphaned locks and removing them, storage for the cleanup's
 * first-seen record and the instance registry, the topology, and a health round trip.
 * <p>
 * Implemented by {@link com.oceanshop.lock.redisson.RedissonLockStore}; {@link LockAdmin}
 * and the classes behind it never see how the store lays out its keys.
 *
 * @since 1.0.0
 */
public interface LockStore {

	/**
	 * Return the prefix of every lock's key in the store.
	 * @return the key prefix, for example {@code lock:}
	 */
	String keyPrefix();

	/**
	 * Return the id of this instance's client, the first part of its holder ids.
	 * @return the client id
	 */
	String clientId();

	/**
	 * Return the topology of the store's servers. Makes no call to them.
	 * @return the topology summary
	 */
	RedisTopologySummary topology();

	/**
	 * Check that the store answers within the timeout, then acquire and release a lock on
	 * the given key through the lock provider. Never throws.
	 * @param key the lock key of the check
	 * @param timeout how long to wait for the store's first answer
	 * @return why the check failed, or {@code null} if it passed
	 */
	@Nullable String roundTrip(String key, Duration timeout);

	/**
	 * Inspect one lock.
	 * @param key the lock key
	 * @param instances the description of the instance with a given client id, or
	 * {@code null} if it is unknown; used for holders of other instances
	 * @return what the store holds for the key
	 */
	LockInspection inspect(LockKey key, Function<String, @Nullable String> instances);

	/**
	 * Delete the lock that was inspected, whoever holds it, with the store's auxiliary
	 * keys for it, and wake its waiters. Never deletes the fencing counter.
	 * @param inspection the lock as inspected just before
	 * @return the keys that were deleted, empty if nothing was released
	 */
	List<String> forceRelease(LockInspection inspection);

	/**
	 * Scan every key under the {@link #keyPrefix() prefix} and report each lock that has
	 * holders, skipping the admin's own keys, auxiliary keys, and keys that are not
	 * locks.
	 * @param visitor told about each scanned key and each lock found
	 */
	void scanLocks(LockVisitor visitor);

	/**
	 * Delete a lock only if it is still in the state the scan saw.
	 * @param redisKey the lock's key in the store
	 * @param holder the holder that must still hold it, or {@code null} to require that
	 * the key still has no expiry
	 * @return whether the key was deleted
	 */
	boolean removeIfUnchanged(String redisKey, @Nullable String holder);

	/**
	 * Read the cleanup's record of when each holder was first seen.
	 * @return epoch milliseconds by {@code <redisKey>|<holder>}; entries that cannot be
	 * read are left out
	 */
	Map<String, Long> readFirstSeen();

	/**
	 * Replace the cleanup's first-seen record.
	 * @param firstSeen epoch milliseconds by {@code <redisKey>|<holder>}, possibly empty
	 * @param timeToLive how long the record lives without being replaced again
	 */
	void writeFirstSeen(Map<String, Long> firstSeen, Duration timeToLive);

	/**
	 * Store this instance's registry entry, replacing an earlier one.
	 * @param clientId this instance's client id
	 * @param description the description of this instance
	 * @param timeToLive how long the entry lives without refresh
	 */
	void registerInstance(String clientId, String description, Duration timeToLive);

	/**
	 * Return the registered description of an instance.
	 * @param clientId the instance's client id
	 * @return the description, or {@code null} if the instance did not register or its
	 * entry expired
	 */
	@Nullable String instanceDescription(String clientId);

	/**
	 * A lock that a {@link #scanLocks(LockVisitor) scan} found.
	 *
	 * @param redisKey the lock's key in the store
	 * @param holders its holder ids, sorted
	 * @param ttlMillis remaining time to live: {@code -1} without expiry, {@code -2} if
	 * it vanished meanwhile
	 */
	record StoredLock(String redisKey, List<String> holders, long ttlMillis) {

		/**
		 * Create a record.
		 */
		public StoredLock {
			holders = List.copyOf(holders);
		}

	}

	/**
	 * Receives what a {@link #scanLocks(LockVisitor) scan} finds.
	 */
	interface LockVisitor {

		/**
		 * Called for every key the scan returned, lock or not.
		 */
		void keyScanned();

		/**
		 * Called for every lock with holders.
		 * @param lock the lock
		 */
		void visit(StoredLock lock);

	}

}
