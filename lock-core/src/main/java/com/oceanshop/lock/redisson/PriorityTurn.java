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

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * One turn that local callers, parked threads and futures alike, wait for in order of
 * rank, lowest first, then arrival: the rank is a caller's arrival brought forward by its
 * priority times the aging interval ({@link PriorityGate#rank}), so equal priorities are
 * first come first served. Like a fair {@code Semaphore} of one permit, a caller never
 * takes a free turn while others wait, and a released turn goes straight to the first
 * waiter.
 * <p>
 * The holder of the turn may {@link #watch watch} for a better caller while it still
 * waits in Redis: when one queues, the holder is told once, so that it can step back and
 * hand the turn over ({@link PriorityWait#stepBack}).
 * <p>
 * A parked thread may bring a <em>successor</em> token (what it would need to be handed
 * the lock itself, see {@link LocalLockQueue}). The holder may {@link #reserveNext
 * reserve} the first waiter when it has one: until the holder {@link #release(boolean)
 * releases} the turn, that waiter neither times out nor leaves, and is then granted the
 * turn, told whether the lock came with it.
 */
final class PriorityTurn {

	private static final Comparator<Waiter> ORDER = Comparator.comparingLong((Waiter waiter) -> waiter.rank)
		.thenComparingLong((waiter) -> waiter.sequence);

	static {
		// Initialized with the turn, not by the first of thousands of virtual threads
		// that
		// queue at once: a virtual thread waiting for another thread to initialize a
		// class
		// pins its carrier.
		try {
			MethodHandles.lookup().ensureInitialized(Waiter.class);
			MethodHandles.lookup().ensureInitialized(Pending.class);
		}
		catch (IllegalAccessException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** {@link #acquire}: the turn was not taken. */
	static final int NOT_ACQUIRED = 0;

	/** {@link #acquire}: the caller has the turn. */
	static final int ACQUIRED = 1;

	/** {@link #acquire}: the caller has the turn, and its token the lock. */
	static final int HANDED = 2;

	// How long a reserved waiter whose time ran out parks at a time until the release.
	private static final long RESERVED_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final ReentrantLock lock = new ReentrantLock();

	private final TreeSet<Waiter> waiters = new TreeSet<>(ORDER);

	private boolean taken;

	private long sequence;

	private long watchedRank;

	private @Nullable Runnable stepBack;

	// The waiter the holder's release goes to; it brought a successor token.
	private @Nullable Waiter reserved;

	/**
	 * Take the turn, parking the calling thread for it at most the given time.
	 * @param rank the caller's rank, lower first
	 * @param timeout how long to wait; zero or less takes a free turn only
	 * @param unit the unit of the timeout
	 * @return whether the caller has the turn
	 * @throws InterruptedException if interrupted while waiting; the caller then does not
	 * have the turn
	 */
	boolean tryAcquire(long rank, long timeout, TimeUnit unit) throws InterruptedException {
		return acquire(rank, timeout, unit, null) != NOT_ACQUIRED;
	}

	/**
	 * Take the turn as {@link #tryAcquire} does, bringing a successor token a holder may
	 * {@link #reserveNext reserve}.
	 * @param rank the caller's rank, lower first
	 * @param timeout how long to wait; zero or less takes a free turn only
	 * @param unit the unit of the timeout
	 * @param successor the caller's token, or {@code null}
	 * @return {@link #NOT_ACQUIRED}, {@link #ACQUIRED}, or {@link #HANDED} when the
	 * holder released the turn with the lock handed to this caller's token
	 * @throws InterruptedException if interrupted while waiting, unless reserved by then
	 * (its interrupt status is then set again on return)
	 */
	int acquire(long rank, long timeout, TimeUnit unit, @Nullable Object successor) throws InterruptedException {
		Runnable outranked;
		Waiter waiter;
		this.lock.lockInterruptibly();
		try {
			if (takeFree()) {
				return ACQUIRED;
			}
			if (timeout <= 0) {
				return NOT_ACQUIRED;
			}
			waiter = new Waiter(rank, this.sequence++, this.lock.newCondition(), null);
			waiter.successor = successor;
			this.waiters.add(waiter);
			outranked = outranked(rank);
		}
		finally {
			this.lock.unlock();
		}
		run(outranked);
		long remaining = unit.toNanos(timeout);
		List<Waiter> granted = new ArrayList<>(1);
		boolean interrupted = false;
		this.lock.lock();
		try {
			while (!waiter.granted) {
				if (remaining <= 0) {
					if (!waiter.reserved) {
						this.waiters.remove(waiter);
						return NOT_ACQUIRED;
					}
					// Reserved: the holder is releasing the turn to this waiter now.
					remaining = RESERVED_PARK_NANOS;
				}
				try {
					remaining = waiter.condition.awaitNanos(remaining);
				}
				catch (InterruptedException ex) {
					if (!waiter.reserved) {
						throw ex;
					}
					interrupted = true;
				}
			}
			return waiter.handed ? HANDED : ACQUIRED;
		}
		catch (InterruptedException ex) {
			if (waiter.granted) {
				handOver(granted);
			}
			else {
				this.waiters.remove(waiter);
			}
			throw ex;
		}
		finally {
			this.lock.unlock();
			complete(granted);
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Reserve the first waiter for the holder's release, if it brought a successor token.
	 * Called by the holder of the turn, at most once per release.
	 * @return the first waiter's token, or {@code null} when nobody waits or the first
	 * waiter has none
	 */
	@Nullable Object reserveNext() {
		this.lock.lock();
		try {
			Waiter first = this.waiters.isEmpty() ? null : this.waiters.first();
			if (first == null || first.successor == null || this.reserved != null) {
				return null;
			}
			first.reserved = true;
			this.reserved = first;
			return first.successor;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Take the turn without parking a thread.
	 * @param rank the caller's rank, lower first
	 * @return the caller's place in line, whose future completes when the turn is the
	 * caller's (at once when it was free)
	 */
	Pending acquireAsync(long rank) {
		return acquireAsync(rank, null);
	}

	/**
	 * Take the turn without parking a thread, bringing a successor token a holder may
	 * {@link #reserveNext reserve} if the caller has to wait.
	 * @param rank the caller's rank, lower first
	 * @param successor makes the caller's token, called only when the caller queues; or
	 * {@code null}
	 * @return the caller's place in line, whose future completes when the turn is the
	 * caller's (at once when it was free): with {@code true} when the holder released the
	 * turn with the lock handed to the caller's token, else {@code false}
	 */
	Pending acquireAsync(long rank, @Nullable Supplier<?> successor) {
		Runnable outranked;
		Pending pending = new Pending();
		this.lock.lock();
		try {
			if (takeFree()) {
				pending.complete(false);
				return pending;
			}
			Waiter waiter = new Waiter(rank, this.sequence++, null, pending);
			waiter.successor = (successor != null) ? successor.get() : null;
			pending.waiter = waiter;
			this.waiters.add(waiter);
			outranked = outranked(rank);
		}
		finally {
			this.lock.unlock();
		}
		run(outranked);
		return pending;
	}

	/**
	 * Give up the turn: it goes to the first waiter, if any.
	 */
	void release() {
		release(false);
	}

	/**
	 * Release the turn: to the reserved waiter if there is one, telling it whether the
	 * lock was handed to its token, else to the first waiter.
	 * @param handed whether the reserved waiter's token now holds the lock
	 */
	void release(boolean handed) {
		List<Waiter> granted = new ArrayList<>(1);
		this.lock.lock();
		try {
			Waiter reserved = this.reserved;
			this.reserved = null;
			if (reserved != null) {
				reserved.reserved = false;
			}
			if (reserved != null && handed) {
				this.stepBack = null;
				this.waiters.remove(reserved);
				reserved.handed = true;
				reserved.granted = true;
				Condition condition = reserved.condition;
				if (condition != null) {
					condition.signal();
				}
				else {
					granted.add(reserved);
				}
			}
			else {
				handOver(granted);
			}
		}
		finally {
			this.lock.unlock();
		}
		complete(granted);
	}

	/**
	 * Ask to be told once when a caller of a lower rank than the holder's queues, for as
	 * long as the holder of the turn waits in Redis; at once if one waits already.
	 * @param rank the holder's rank
	 * @param stepBack what to run then, outside of any lock
	 */
	void watch(long rank, Runnable stepBack) {
		Runnable now = null;
		this.lock.lock();
		try {
			if (!this.waiters.isEmpty() && this.waiters.first().rank < rank) {
				now = stepBack;
			}
			else {
				this.watchedRank = rank;
				this.stepBack = stepBack;
			}
		}
		finally {
			this.lock.unlock();
		}
		run(now);
	}

	/**
	 * Stop watching, for example once the lock is held.
	 */
	void unwatch() {
		this.lock.lock();
		try {
			this.stepBack = null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many callers wait for the turn.
	 * @return the number of waiters
	 */
	int queueLength() {
		this.lock.lock();
		try {
			return this.waiters.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean takeFree() {
		if (this.taken) {
			return false;
		}
		// A released turn is handed to the first waiter, so a free turn has none.
		this.taken = true;
		this.stepBack = null;
		return true;
	}

	private @Nullable Runnable outranked(long rank) {
		Runnable stepBack = this.stepBack;
		if (stepBack != null && rank < this.watchedRank) {
			this.stepBack = null;
			return stepBack;
		}
		return null;
	}

	private void handOver(List<Waiter> granted) {
		this.stepBack = null;
		Waiter next = this.waiters.pollFirst();
		if (next == null) {
			this.taken = false;
			return;
		}
		next.granted = true;
		if (next.condition != null) {
			next.condition.signal();
		}
		else {
			granted.add(next);
		}
	}

	// Outside the lock: a future's dependants run on this thread.
	private void complete(List<Waiter> granted) {
		for (Waiter waiter : granted) {
			Pending pending = waiter.pending;
			if (pending != null && !pending.complete(waiter.handed)) {
				// Cancelled meanwhile: the turn goes on.
				release();
			}
		}
	}

	private static void run(@Nullable Runnable action) {
		if (action != null) {
			action.run();
		}
	}

	/**
	 * An asynchronous caller's place in line: completes when the turn is the caller's,
	 * with {@code true} if the holder's release handed the lock to the caller's token
	 * with it, else {@code false}.
	 */
	final class Pending extends CompletableFuture<Boolean> {

		private @Nullable Waiter waiter;

		/**
		 * Return the successor token the caller brought when it queued.
		 * @return the token, or {@code null} when it brought none or found the turn free
		 */
		@Nullable Object successor() {
			Waiter waiter = this.waiter;
			return (waiter != null) ? waiter.successor : null;
		}

		/**
		 * Leave the line, unless the turn was handed to this caller already.
		 * @return whether the caller left the line without the turn
		 */
		boolean abandon() {
			PriorityTurn.this.lock.lock();
			try {
				Waiter waiter = this.waiter;
				// A reserved caller stays: the holder is releasing the turn to it now.
				return waiter != null && !waiter.granted && !waiter.reserved
						&& PriorityTurn.this.waiters.remove(waiter);
			}
			finally {
				PriorityTurn.this.lock.unlock();
			}
		}

	}

	private static final class Waiter {

		private final long rank;

		private final long sequence;

		private final @Nullable Condition condition;

		private final @Nullable Pending pending;

		private boolean granted;

		private @Nullable Object successor;

		private boolean reserved;

		private boolean handed;

		Waiter(long rank, long sequence, @Nullable Condition condition, @Nullable Pending pending) {
			this.rank = rank;
			this.sequence = sequence;
			this.condition = condition;
			this.pending = pending;
		}

	}

}
