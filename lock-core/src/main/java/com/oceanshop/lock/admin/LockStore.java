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
 * first-seen record and the instance registry, the topology, and a health round trip (or,
 * in rollback mode, a read).
 * <p>
 * Implemented by {@link com.oceanshop.lock.redisson.RedissonLockStore}; {@link LockAdmin}
 * and the classes behind it never see how the store lays out its keys.
 *
 * @since 0.1.0
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
	 * Check that the store answers within the timeout with a read of the given key.
	 * Writes nothing: the health check in rollback mode. Never throws.
	 * @param key the lock key of the check
	 * @param timeout how long to wait for the store's answer
	 * @return why the check failed, or {@code null} if it passed
	 */
	@Nullable String reach(String key, Duration timeout);

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
	 * Return the client id of the instance a holder belongs to.
	 * @param holder a holder id as reported by a {@link #scanLocks(LockVisitor) scan}
	 * @return the client id, the first part of the holder id
	 */
	String holderClientId(String holder);

	/**
	 * Delete a lock only if it is still in the state the scan saw: the same holders, and
	 * an expiry that did not move later (nobody renewed or re-took it meanwhile).
	 * @param lock the lock as the scan saw it; a lock without expiry is deleted only
	 * while it still has none
	 * @return whether the key was deleted
	 */
	boolean removeIfUnchanged(StoredLock lock);

	/**
	 * Read the cleanup's record of the locks whose owners' instances were seen missing.
	 * @return the sightings by {@code <redisKey>|<holder>}; entries that cannot be read
	 * are left out
	 */
	Map<String, Sighting> readFirstSeen();

	/**
	 * Replace the cleanup's record of the locks whose owners' instances were seen
	 * missing.
	 * @param firstSeen the sightings by {@code <redisKey>|<holder>}, possibly empty
	 * @param timeToLive how long the record lives without being replaced again
	 */
	void writeFirstSeen(Map<String, Sighting> firstSeen, Duration timeToLive);

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
	 * Return the current edges of the wait-for graph that deadlock detection keeps: the
	 * waiting flows that hold other locks, across every instance. Never throws.
	 * @param limit the most edges to return
	 * @return the edges, empty when the store keeps no graph or cannot be read
	 */
	default List<WaitForEdge> waitForGraph(int limit) {
		return List.of();
	}

	/**
	 * A lock that a {@link #scanLocks(LockVisitor) scan} found.
	 *
	 * @param redisKey the lock's key in the store
	 * @param holders its holder ids, sorted
	 * @param ttlMillis remaining time to live: {@code -1} without expiry, {@code -2} if
	 * it vanished meanwhile
	 * @param expiresAt when it expires, in epoch milliseconds of the store's clock
	 * (constant while nobody renews or re-takes the lock), or {@code ttlMillis} when it
	 * is negative
	 */
	record StoredLock(String redisKey, List<String> holders, long ttlMillis, long expiresAt) {

		/**
		 * Create a record.
		 */
		public StoredLock {
			holders = List.copyOf(holders);
		}

	}

	/**
	 * The cleanup's record of one holder of a lock whose owners' instances were all
	 * missing from the instance registry.
	 *
	 * @param missingSince when the cleanup first saw the owners' instances missing (and
	 * the lock neither renewed nor taken by another holder since), epoch milliseconds of
	 * the cleanup's clock
	 * @param expiresAt the lock's {@link StoredLock#expiresAt() expiry} then
	 */
	record Sighting(long missingSince, long expiresAt) {

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
