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
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * In-JVM queue in front of one exclusive Redis lock: callers of this process line up
 * here, by priority and then first come first served ({@link PriorityTurn}), and only the
 * one at the head contends in Redis. The others wait for a local turn instead of polling
 * Redis or subscribing to its unlock channel, which removes the pub/sub storm and the
 * barging of a hot key. While the head still waits in Redis, a better caller that queues
 * behind it makes it step back ({@link #watch}).
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
 * the hand-over completes, in the same order as the parked threads.
 */
final class LocalLockQueue {

	private static final long LEASE_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final PriorityTurn turn = new PriorityTurn();

	// When the fixed lease of the current holder runs out; MAX_VALUE when unknown or
	// renewed.
	private volatile long holderDeadline = Long.MAX_VALUE;

	// False from own() until leaseUntil(): waiters then check the deadline again every
	// LEASE_RECHECK_NANOS, since a wait already parked does not see it change.
	private volatile boolean leaseKnown = true;

	// Changed only inside ConcurrentMap.compute for this queue's key.
	private int users;

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
	 * @param rank the caller's place in line, lower first ({@link PriorityGate#rank})
	 * @param waitNanos how long to wait at most
	 * @return how the caller got through
	 * @throws InterruptedException if interrupted while waiting
	 */
	Entry enter(long rank, long waitNanos) throws InterruptedException {
		return enter(rank, waitNanos, null);
	}

	/**
	 * Wait for the turn, ready to be handed the lock itself: a holder that releases the
	 * lock to this caller's owner id in Redis ({@link #reserveSuccessor}) completes the
	 * wait with {@link Entry#HANDED}.
	 * @param rank the caller's place in line, lower first ({@link PriorityGate#rank})
	 * @param waitNanos how long to wait at most
	 * @param successor what a holder needs to hand the lock to this caller, or
	 * {@code null}
	 * @return how the caller got through
	 * @throws InterruptedException if interrupted while waiting
	 */
	Entry enter(long rank, long waitNanos, @Nullable Successor successor) throws InterruptedException {
		// A free turn is never taken while others wait. A waiter waits in one piece while
		// it can, because a timed-out wait leaves the line: only when the holder's lease
		// has run out does it go to Redis directly.
		if (this.turn.tryAcquire(rank, 0, TimeUnit.NANOSECONDS)) {
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
			int got = this.turn.acquire(rank, park, TimeUnit.NANOSECONDS, successor);
			if (got != PriorityTurn.NOT_ACQUIRED) {
				return (got == PriorityTurn.HANDED) ? Entry.HANDED : Entry.WAITED;
			}
		}
	}

	/**
	 * Reserve the first waiter for a release that hands it the lock. Called by the holder
	 * of the turn, who then calls {@link #exit(boolean)} exactly once.
	 * @return what the first waiter needs to be handed the lock, or {@code null} when
	 * nobody waits or the first waiter cannot take it so
	 */
	@Nullable Successor reserveSuccessor() {
		return (Successor) this.turn.reserveNext();
	}

	/**
	 * Wait for the turn without blocking a thread: the future completes with
	 * {@link Entry#FIRST} at once when the turn is free, with {@link Entry#WAITED} when a
	 * holder hands it over, and with {@link Entry#BYPASSED} or {@link Entry#TIMED_OUT} as
	 * {@link #enter} returns them. Cancelling the future leaves the line; a future
	 * completed with {@code FIRST} or {@code WAITED} owns the turn.
	 * @param rank the caller's place in line, lower first ({@link PriorityGate#rank})
	 * @param waitNanos how long to wait at most
	 * @return how the caller gets through
	 */
	CompletableFuture<Entry> enterAsync(long rank, long waitNanos) {
		return enterAsync(rank, waitNanos, null, (successor) -> {
		});
	}

	/**
	 * Wait for the turn without blocking a thread as {@link #enterAsync(long, long)}
	 * does, ready to be handed the lock itself: a holder that releases the lock to this
	 * caller's owner id in Redis ({@link #reserveSuccessor}) completes the future with
	 * {@link Entry#HANDED}. A caller that is reserved for such a release stays in line
	 * until it comes; if the future was cancelled by then, the handed lock is given to
	 * {@code unwanted} to be released, and the turn goes on.
	 * @param rank the caller's place in line, lower first ({@link PriorityGate#rank})
	 * @param waitNanos how long to wait at most
	 * @param successor makes what a holder needs to hand the lock to this caller, called
	 * only if the caller has to wait; or {@code null}
	 * @param unwanted releases a lock handed to a caller that is gone
	 * @return how the caller gets through
	 */
	CompletableFuture<Entry> enterAsync(long rank, long waitNanos, @Nullable Supplier<Successor> successor,
			Consumer<Successor> unwanted) {
		PriorityTurn.Pending pending = this.turn.acquireAsync(rank, successor);
		if (pending.isDone()) {
			return CompletableFuture.completedFuture(Entry.FIRST);
		}
		AsyncWaiter waiter = new AsyncWaiter(System.nanoTime() + waitNanos, pending);
		pending.thenAccept((handed) -> {
			if (!waiter.complete(handed ? Entry.HANDED : Entry.WAITED)) {
				// Cancelled as the turn came: the lock if handed, and the turn, go on.
				Successor next = (Successor) pending.successor();
				if (handed && next != null) {
					unwanted.accept(next);
				}
				this.turn.release();
			}
		});
		// A cancelled waiter leaves the line, unless the turn came meanwhile (then the
		// hand-over above passes it on).
		waiter.whenComplete((entry, failure) -> {
			if (waiter.isCancelled()) {
				pending.abandon();
			}
		});
		waiter.recheck();
		return waiter;
	}

	/**
	 * Ask to be told once, while the caller holding the turn still waits in Redis, that a
	 * better caller queued behind it (or at once if one waits already), so that it steps
	 * back for it.
	 * @param rank the holder's rank
	 * @param stepBack what to run then
	 */
	void watch(long rank, Runnable stepBack) {
		this.turn.watch(rank, stepBack);
	}

	/**
	 * Stop watching for better callers.
	 */
	void unwatch() {
		this.turn.unwatch();
	}

	/**
	 * Return an estimate of the callers of this process waiting for the turn.
	 * @return the number of waiting threads and futures
	 */
	int waiting() {
		return this.turn.queueLength();
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
		exit(false);
	}

	/**
	 * Give up the turn as {@link #exit()} does, to the waiter reserved by
	 * {@link #reserveSuccessor} if there is one.
	 * @param handed whether that waiter's owner id now holds the lock in Redis
	 */
	void exit(boolean handed) {
		this.holderDeadline = Long.MAX_VALUE;
		// A new holder that was handed the lock records its lease once it has the turn.
		this.leaseKnown = !handed;
		this.turn.release(handed);
	}

	/**
	 * What a holder needs to release the lock straight to a waiting caller: the caller's
	 * owner id, holder id, lease and rank. The releasing holder sets when the handed
	 * lease started.
	 */
	static final class Successor {

		private final long ownerId;

		private final String holder;

		private final long leaseMillis;

		private final long rank;

		private volatile long leaseStartNanos;

		Successor(long ownerId, String holder, long leaseMillis, long rank) {
			this.ownerId = ownerId;
			this.holder = holder;
			this.leaseMillis = leaseMillis;
			this.rank = rank;
		}

		/**
		 * Return the caller's place in line ({@link PriorityGate#rank}), which the
		 * release compares with the first waiter's in Redis.
		 * @return the rank
		 */
		long rank() {
			return this.rank;
		}

		long ownerId() {
			return this.ownerId;
		}

		String holder() {
			return this.holder;
		}

		long leaseMillis() {
			return this.leaseMillis;
		}

		/**
		 * Return when the handed lease started: before the releasing command was sent.
		 * @return the {@link System#nanoTime()} of the hand-off
		 */
		long leaseStartNanos() {
			return this.leaseStartNanos;
		}

		void handedAt(long sentNanos) {
			this.leaseStartNanos = sentNanos;
		}

	}

	/**
	 * A caller waiting for the turn without a thread. It checks its wait time and the
	 * holder's lease on a timer, as {@link #enter} does between parks.
	 */
	private final class AsyncWaiter extends CompletableFuture<Entry> {

		private final long deadline;

		private final PriorityTurn.Pending pending;

		AsyncWaiter(long deadline, PriorityTurn.Pending pending) {
			this.deadline = deadline;
			this.pending = pending;
		}

		void recheck() {
			if (isDone()) {
				return;
			}
			long now = System.nanoTime();
			long remaining = this.deadline - now;
			if (remaining <= 0) {
				giveUp(Entry.TIMED_OUT);
				return;
			}
			long holderLeft = LocalLockQueue.this.holderDeadline - now;
			if (holderLeft <= 0) {
				giveUp(Entry.BYPASSED);
				return;
			}
			long park = Math.min(remaining, holderLeft);
			if (!LocalLockQueue.this.leaseKnown) {
				park = Math.min(park, LEASE_RECHECK_NANOS);
			}
			CompletableFuture.delayedExecutor(park, TimeUnit.NANOSECONDS, Runnable::run).execute(this::recheck);
		}

		// Unless the turn came meanwhile, which then completes this waiter.
		private void giveUp(Entry entry) {
			if (this.pending.abandon()) {
				complete(entry);
			}
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
		TIMED_OUT,

		/**
		 * The holder released the lock in Redis straight to this caller, with the turn.
		 */
		HANDED

	}

}
