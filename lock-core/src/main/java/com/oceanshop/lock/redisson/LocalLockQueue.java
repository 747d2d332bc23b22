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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * In-JVM queue in front of one exclusive Redis lock: callers of this process line up
 * here, first come first served, and only the one at the head contends in Redis. The
 * others wait on a local semaphore instead of polling Redis or subscribing to its unlock
 * channel, which removes the pub/sub storm and the barging of a hot key.
 * <p>
 * The queue never weakens the Redis lock, it only orders local callers in front of it:
 * <ul>
 * <li>every acquisition queues, also one made by a thread whose earlier acquisition still
 * holds the lock: the lock is owned by its handle, not by a thread, and a nested
 * acquisition inside a scope of the same key re-enters that scope's hold without coming
 * here;</li>
 * <li>the turn is handed on when the lock is released, from whichever thread releases
 * it;</li>
 * <li>a waiter whose holder's lease ran out, or whose holder lost the lock, stops waiting
 * for the turn and goes to Redis directly, exactly as without the queue.</li>
 * </ul>
 * Asynchronous callers ({@link #enterAsync}) wait without a thread: each is a future that
 * the hand-over completes. When both parked threads and futures wait, the turn goes to
 * each kind in alternation, so neither starves the other.
 */
final class LocalLockQueue {

	private static final long LEASE_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final Semaphore turn = new Semaphore(1, true);

	// When the fixed lease of the current holder runs out; MAX_VALUE when unknown or
	// renewed.
	private volatile long holderDeadline = Long.MAX_VALUE;

	// False from own() until leaseUntil(): waiters then check the deadline again every
	// LEASE_RECHECK_NANOS, since a wait already parked does not see it change.
	private volatile boolean leaseKnown = true;

	// Changed only inside ConcurrentMap.compute for this queue's key.
	private int users;

	// Callers waiting without a thread, completed in order on hand-over.
	private final ConcurrentLinkedQueue<AsyncWaiter> asyncWaiters = new ConcurrentLinkedQueue<>();

	// Which kind of waiter the next hand-over prefers when both wait; only the turn's
	// holder changes it.
	private volatile boolean threadsNext;

	/**
	 * Join the queue of a lock, creating it if needed. Every join is followed by exactly
	 * one {@link #leave}.
	 * @param queues the queues by Redis key
	 * @param name the Redis key
	 * @return the queue
	 */
	static LocalLockQueue join(ConcurrentMap<String, LocalLockQueue> queues, String name) {
		return queues.compute(name, (key, queue) -> {
			LocalLockQueue joined = (queue != null) ? queue : new LocalLockQueue();
			joined.users++;
			return joined;
		});
	}

	/**
	 * Leave the queue, dropping it when nobody uses it any more.
	 * @param queues the queues by Redis key
	 * @param name the Redis key
	 */
	void leave(ConcurrentMap<String, LocalLockQueue> queues, String name) {
		queues.computeIfPresent(name, (key, queue) -> (--queue.users == 0) ? null : queue);
	}

	/**
	 * Wait for the turn.
	 * @param waitNanos how long to wait at most
	 * @return how the caller got through
	 * @throws InterruptedException if interrupted while waiting
	 */
	Entry enter(long waitNanos) throws InterruptedException {
		// tryAcquire with a timeout honours the FIFO order; tryAcquire() would barge. A
		// waiter waits in one piece while it can, because a timed-out wait leaves the
		// line: only when the holder's lease has run out does it go to Redis directly.
		if (this.turn.tryAcquire(0, TimeUnit.NANOSECONDS)) {
			return Entry.FIRST;
		}
		long deadline = System.nanoTime() + waitNanos;
		while (true) {
			long now = System.nanoTime();
			long remaining = deadline - now;
			if (remaining <= 0) {
				return Entry.TIMED_OUT;
			}
			long holderLeft = this.holderDeadline - now;
			if (holderLeft <= 0) {
				return Entry.BYPASSED;
			}
			long park = Math.min(remaining, holderLeft);
			if (!this.leaseKnown) {
				park = Math.min(park, LEASE_RECHECK_NANOS);
			}
			if (this.turn.tryAcquire(park, TimeUnit.NANOSECONDS)) {
				return Entry.WAITED;
			}
		}
	}

	/**
	 * Wait for the turn without blocking a thread: the future completes with
	 * {@link Entry#FIRST} at once when the turn is free, with {@link Entry#WAITED} when a
	 * holder hands it over, and with {@link Entry#BYPASSED} or {@link Entry#TIMED_OUT} as
	 * {@link #enter} returns them. Cancelling the future leaves the line; a future
	 * completed with {@code FIRST} or {@code WAITED} owns the turn.
	 * @param waitNanos how long to wait at most
	 * @return how the caller gets through
	 */
	CompletableFuture<Entry> enterAsync(long waitNanos) {
		if (!this.turn.hasQueuedThreads() && this.asyncWaiters.isEmpty() && this.turn.tryAcquire()) {
			return CompletableFuture.completedFuture(Entry.FIRST);
		}
		AsyncWaiter waiter = new AsyncWaiter(System.nanoTime() + waitNanos);
		// Only a hand-over completes a waiter with WAITED, and it took the waiter out of
		// the line first; any other outcome leaves the line here.
		waiter.whenComplete((entry, failure) -> {
			if (entry != Entry.WAITED) {
				this.asyncWaiters.remove(waiter);
			}
		});
		this.asyncWaiters.add(waiter);
		// The turn may have been released between the first check and joining the line.
		if (!this.turn.hasQueuedThreads() && this.turn.tryAcquire() && !waiter.complete(Entry.FIRST)) {
			// A hand-over gave this waiter the turn meanwhile: give the second one back.
			handOver();
		}
		waiter.recheck();
		return waiter;
	}

	/**
	 * Return an estimate of the callers of this process waiting for the turn.
	 * @return the number of waiting threads and futures
	 */
	int waiting() {
		return this.turn.getQueueLength() + this.asyncWaiters.size();
	}

	/**
	 * Record that a caller holds the turn ({@link Entry#FIRST} or {@link Entry#WAITED});
	 * its lease is unknown until Redis grants the lock.
	 */
	void own() {
		this.holderDeadline = Long.MAX_VALUE;
		this.leaseKnown = false;
	}

	/**
	 * Record when the fixed lease of the lock just granted in Redis runs out, so that
	 * waiters stop waiting for a holder whose lease ran out.
	 * @param deadlineNanos the {@link System#nanoTime()} deadline, or
	 * {@link Long#MAX_VALUE} for a renewed lock
	 */
	synchronized void leaseUntil(long deadlineNanos) {
		this.holderDeadline = deadlineNanos;
		this.leaseKnown = true;
	}

	/**
	 * Push the recorded deadline of the current holder out to cover a nested hold of the
	 * same lock, never bringing it forward.
	 * @param deadlineNanos the nested hold's {@link System#nanoTime()} deadline, or
	 * {@link Long#MAX_VALUE} for a renewed one
	 */
	synchronized void extendLeaseUntil(long deadlineNanos) {
		long current = this.holderDeadline;
		if (current != Long.MAX_VALUE && (deadlineNanos == Long.MAX_VALUE || deadlineNanos - current > 0)) {
			this.holderDeadline = deadlineNanos;
		}
	}

	/**
	 * Give up the turn, from any thread, exactly once per {@link #own}: it goes to the
	 * next caller in line.
	 */
	void exit() {
		this.holderDeadline = Long.MAX_VALUE;
		this.leaseKnown = true;
		handOver();
	}

	private void handOver() {
		if (!this.asyncWaiters.isEmpty()) {
			boolean toThread = false;
			if (this.turn.hasQueuedThreads()) {
				toThread = this.threadsNext;
				this.threadsNext = !toThread;
			}
			if (!toThread) {
				for (AsyncWaiter next = this.asyncWaiters.poll(); next != null; next = this.asyncWaiters.poll()) {
					if (next.complete(Entry.WAITED)) {
						return;
					}
				}
			}
		}
		this.turn.release();
	}

	/**
	 * A caller waiting for the turn without a thread. It checks its wait time and the
	 * holder's lease on a timer, as {@link #enter} does between parks.
	 */
	private final class AsyncWaiter extends CompletableFuture<Entry> {

		private final long deadline;

		AsyncWaiter(long deadline) {
			this.deadline = deadline;
		}

		void recheck() {
			if (isDone()) {
				return;
			}
			long now = System.nanoTime();
			long remaining = this.deadline - now;
			if (remaining <= 0) {
				complete(Entry.TIMED_OUT);
				return;
			}
			long holderLeft = LocalLockQueue.this.holderDeadline - now;
			if (holderLeft <= 0) {
				complete(Entry.BYPASSED);
				return;
			}
			long park = Math.min(remaining, holderLeft);
			if (!LocalLockQueue.this.leaseKnown) {
				park = Math.min(park, LEASE_RECHECK_NANOS);
			}
			CompletableFuture.delayedExecutor(park, TimeUnit.NANOSECONDS, Runnable::run).execute(this::recheck);
		}

	}

	/**
	 * How a caller got through {@link #enter}.
	 */
	enum Entry {

		/**
		 * The turn was free.
		 */
		FIRST,

		/**
		 * The caller waited for the turn behind other local callers.
		 */
		WAITED,

		/**
		 * The holder went stale, so the caller goes to Redis without the turn.
		 */
		BYPASSED,

		/**
		 * The wait time ran out.
		 */
		TIMED_OUT

	}

}
