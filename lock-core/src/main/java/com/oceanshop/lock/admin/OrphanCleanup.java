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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;

/**
 * The orphaned-lock cleanup: runs under the global cleanup lock, removes lock keys
 * without expiry and locks whose owners' instances have been gone for longer than the
 * threshold, and keeps this instance's cleanup status. See {@link LockAdmin#cleanup()}.
 */
final class OrphanCleanup {

	private static final Logger logger = LoggerFactory.getLogger(OrphanCleanup.class);

	/**
	 * How far a lock's expiry may move later between two runs without counting as
	 * renewed: absorbs rounding; a renewal or a new acquisition moves it by far more.
	 */
	private static final long EXPIRY_TOLERANCE_MILLIS = 50;

	private final LockTemplate template;

	private final LockStore store;

	private final boolean enabled;

	private final Duration interval;

	private final Duration orphanedThreshold;

	private final Duration lease;

	private final Clock clock;

	private final Object monitor = new Object();

	private final Deque<RemovedLock> recentlyRemoved = new ArrayDeque<>();

	private @Nullable LockCleanupReport lastRun;

	private long runs;

	private long totalRemoved;

	OrphanCleanup(LockTemplate template, LockStore store, boolean enabled, Duration interval,
			Duration orphanedThreshold, Duration lease, Clock clock) {
		this.template = template;
		this.store = store;
		this.enabled = enabled;
		this.interval = interval;
		this.orphanedThreshold = orphanedThreshold;
		this.lease = lease;
		this.clock = clock;
	}

	Duration interval() {
		return this.interval;
	}

	LockCleanupReport run() {
		Instant startedAt = this.clock.instant();
		long start = System.nanoTime();
		LockCleanupReport report;
		if (!this.template.isEnabled()) {
			report = new LockCleanupReport(startedAt, 0, false, "distributed locking is disabled", 0, List.of(), null);
		}
		else {
			report = runUnderLock(startedAt, start);
		}
		record(report);
		return report;
	}

	private LockCleanupReport runUnderLock(Instant startedAt, long start) {
		Optional<LockHandle> handle;
		try {
			handle = this.template.tryAcquire(LockRequest.builder(LockAdmin.CLEANUP_LOCK_KEY)
				.leaseTime(this.lease)
				.waitTime(Duration.ZERO)
				.build());
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
		Scan scan = new Scan(this.clock.millis());
		String error = null;
		try (LockHandle lock = handle.get()) {
			scan.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Orphaned-lock cleanup failed after {} keys: {}", scan.scanned, ex.toString());
			error = ex.toString();
		}
		return new LockCleanupReport(startedAt, elapsedMillis(start), true, null, scan.scanned, scan.removed, error);
	}

	private static long elapsedMillis(long startNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

	private void record(LockCleanupReport report) {
		synchronized (this.monitor) {
			this.lastRun = report;
			this.runs++;
			this.totalRemoved += report.removed().size();
			for (RemovedLock lock : report.removed()) {
				this.recentlyRemoved.addFirst(lock);
				if (this.recentlyRemoved.size() > LockAdmin.RECENTLY_REMOVED_LIMIT) {
					this.recentlyRemoved.removeLast();
				}
			}
		}
		if (report.executed() && report.error() == null) {
			logger.debug("Orphaned-lock cleanup scanned {} keys and removed {} in {} ms", report.scannedKeys(),
					report.removed().size(), report.durationMillis());
		}
	}

	LockCleanupStatus status() {
		synchronized (this.monitor) {
			return new LockCleanupStatus(this.enabled, this.interval.toSeconds(), this.orphanedThreshold.toMinutes(),
					this.lastRun, this.runs, this.totalRemoved, List.copyOf(this.recentlyRemoved));
		}
	}

	/**
	 * One run's scan: decides, lock by lock, what to remove, and collects the first-seen
	 * record for the next run.
	 */
	private final class Scan implements LockStore.LockVisitor {

		private final long now;

		private final Map<String, LockStore.Sighting> previous = new HashMap<>();

		private final Map<String, LockStore.Sighting> next = new HashMap<>();

		private final Map<String, Boolean> registered = new HashMap<>();

		private final List<RemovedLock> removed = new ArrayList<>();

		private long scanned;

		Scan(long now) {
			this.now = now;
		}

		void run() {
			LockStore store = OrphanCleanup.this.store;
			this.previous.putAll(store.readFirstSeen());
			store.scanLocks(this);
			// Outlives the next run even if it is late, so ages carry over.
			store.writeFirstSeen(this.next,
					OrphanCleanup.this.orphanedThreshold.multipliedBy(2)
						.plus(OrphanCleanup.this.interval)
						.plusMinutes(1));
		}

		@Override
		public void keyScanned() {
			this.scanned++;
		}

		@Override
		public void visit(LockStore.StoredLock lock) {
			String name = lock.redisKey();
			List<String> holders = lock.holders();
			if (lock.ttlMillis() == -1) {
				// Nothing would ever free a lock without expiry.
				if (OrphanCleanup.this.store.removeIfUnchanged(lock)) {
					this.removed.add(removedLock(name, RemovedLock.NO_EXPIRY, null, holders));
				}
				return;
			}
			if (lock.ttlMillis() < 0 || holders.stream().anyMatch(this::isLive)) {
				// A live holder's lock is never removed, however long it is held.
				return;
			}
			LockStore.Sighting sighting = sighting(lock);
			long missing = this.now - sighting.missingSince();
			if (missing >= OrphanCleanup.this.orphanedThreshold.toMillis()
					&& OrphanCleanup.this.store.removeIfUnchanged(lock)) {
				this.removed.add(removedLock(name, RemovedLock.OWNER_GONE, missing / 1000, holders));
				return;
			}
			for (String holder : holders) {
				this.next.put(name + "|" + holder, sighting);
			}
		}

		/**
		 * Whether the holder's instance is alive: this instance, or one with an entry in
		 * the instance registry.
		 */
		private boolean isLive(String holder) {
			LockStore store = OrphanCleanup.this.store;
			String clientId = store.holderClientId(holder);
			return clientId.equals(store.clientId())
					|| this.registered.computeIfAbsent(clientId, (id) -> store.instanceDescription(id) != null);
		}

		/**
		 * Return since when the lock's owners have been seen missing, and its expiry
		 * then: the earliest run that saw the same holders missing, unless a holder is
		 * new or the lock's expiry moved later since (someone renewed it or took it
		 * again, so someone is alive), in which case the count starts now.
		 */
		private LockStore.Sighting sighting(LockStore.StoredLock lock) {
			long since = Long.MIN_VALUE;
			long expiresAt = Long.MAX_VALUE;
			for (String holder : lock.holders()) {
				LockStore.Sighting seen = this.previous.get(lock.redisKey() + "|" + holder);
				if (seen == null || seen.missingSince() > this.now
						|| lock.expiresAt() > seen.expiresAt() + EXPIRY_TOLERANCE_MILLIS) {
					return new LockStore.Sighting(this.now, lock.expiresAt());
				}
				since = Math.max(since, seen.missingSince());
				expiresAt = Math.min(expiresAt, seen.expiresAt());
			}
			return new LockStore.Sighting(since, expiresAt);
		}

		private RemovedLock removedLock(String name, String reason, @Nullable Long ageSeconds, List<String> holders) {
			logger.warn("Orphaned-lock cleanup removed '{}' ({}, holders {}{})", name, reason, holders,
					(ageSeconds != null) ? ", their instances gone for " + ageSeconds + " s" : "");
			return new RemovedLock(name, reason, ageSeconds, holders, Instant.ofEpochMilli(this.now));
		}

	}

}
