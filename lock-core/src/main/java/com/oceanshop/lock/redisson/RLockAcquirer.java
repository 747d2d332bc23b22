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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RFuture;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.LockProvider.Attempt;
import com.oceanshop.lock.LockType;

/**
 * Acquires the {@code RLock}-based lock types ({@link LockType#EXCLUSIVE},
 * {@link LockType#FAIR}, {@link LockType#READ}, {@link LockType#WRITE}). Unless local
 * queueing is off, callers of this process line up in a {@link LocalLockQueue} in front
 * of an exclusive, fair or write lock, so that only the first of them contends in Redis.
 * Unless priority ordering is off, the callers that wait for one of those locks line up
 * in Redis too, by priority and then arrival ({@link PriorityGate}), and the head of the
 * local queue steps back for a better local caller while it waits there; the local queue
 * is ordered by the same rank.
 * <p>
 * This class is the blocking path, and the one a blocking caller takes a lock handed over
 * by the release on; {@link RLockAsyncAcquirer} is the asynchronous one; the rules they
 * share, and the owner ids, are in {@link RLockAttempts}.
 */
final class RLockAcquirer {

	private final RLockAttempts attempts;

	private final RLockAsyncAcquirer async;

	private volatile @Nullable DeadlockDetector deadlocks;

	RLockAcquirer(RedissonClient redisson, Duration renewalTimeout) {
		this.attempts = new RLockAttempts(redisson, renewalTimeout);
		this.async = new RLockAsyncAcquirer(this.attempts);
	}

	void setPriorityOrdering(boolean priorityOrdering) {
		this.attempts.setPriorityOrdering(priorityOrdering);
	}

	boolean isPriorityOrdering() {
		return this.attempts.isPriorityOrdering();
	}

	PriorityGate gate() {
		return this.attempts.gate();
	}

	ScriptPipeline scripts() {
		return this.attempts.scripts();
	}

	void setLocalQueueing(boolean localQueueing) {
		this.attempts.setLocalQueueing(localQueueing);
	}

	boolean isLocalQueueing() {
		return this.attempts.isLocalQueueing();
	}

	void setDeadlockDetector(@Nullable DeadlockDetector deadlocks) {
		this.deadlocks = deadlocks;
	}

	/**
	 * Return how many callers of this process wait in the local queue of a lock.
	 * @param name the lock's Redis key
	 * @return the number of local waiters, an estimate
	 */
	int localWaiters(String name) {
		LocalLockQueue queue = this.attempts.localQueues().get(name);
		return (queue != null) ? queue.waiting() : 0;
	}

	/**
	 * Return how many local queues exist now.
	 * @return the number of keys with a local queue
	 */
	int localQueueCount() {
		return this.attempts.localQueues().size();
	}

	/**
	 * Try to acquire a lock without blocking a thread while waiting
	 * ({@link RLockAsyncAcquirer}).
	 * @param attempt the attempt
	 * @param name the lock's Redis key
	 * @return the hold, or {@code null} if the wait time ran out
	 */
	CompletableFuture<@Nullable RedissonHold> acquireAsync(Attempt attempt, String name) {
		return this.async.acquire(attempt, name);
	}

	/**
	 * Try to acquire a lock.
	 * @param attempt the attempt
	 * @param name the lock's Redis key
	 * @return the hold, or {@code null} if the wait time ran out
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable RedissonHold acquire(Attempt attempt, String name) throws InterruptedException {
		DeadlockDetector deadlocks = this.deadlocks;
		DeadlockDetector.Waiter waiter = (deadlocks != null) ? deadlocks.watch(attempt, name) : null;
		if (waiter == null) {
			return acquire(attempt, name, null);
		}
		try {
			return acquire(attempt, name, waiter);
		}
		catch (InterruptedException ex) {
			// The victim of a deadlock left the local queue and Redis as an interrupted
			// waiter does.
			if (waiter.end()) {
				throw waiter.deadlock();
			}
			throw ex;
		}
		finally {
			waiter.end();
		}
	}

	private @Nullable RedissonHold acquire(Attempt attempt, String name, DeadlockDetector.@Nullable Waiter waiter)
			throws InterruptedException {
		LockType type = attempt.request().type();
		long begin = System.nanoTime();
		long rank = this.attempts.gate().rank(begin, attempt.request().priority());
		if (!this.attempts.queuesLocally(type)) {
			return acquireInRedis(attempt, name, null, false, begin, rank, waiter).hold();
		}
		LocalLockQueue queue = LocalLockQueue.join(this.attempts.localQueues(), name);
		boolean queued = false;
		boolean held = false;
		try {
			while (true) {
				long waitNanos = attempt.waitTime().toNanos() - (System.nanoTime() - begin);
				LocalLockQueue.Successor successor = null;
				LocalLockQueue.Entry entry = queue.enter(rank, 0);
				if (entry == LocalLockQueue.Entry.TIMED_OUT && waitNanos > 0) {
					// The turn is taken: a waiter an exclusive holder can release the
					// lock
					// to in Redis, its owner id fixed before it waits.
					successor = this.attempts.handsOff(type) ? this.attempts.successor(attempt, rank) : null;
					entry = enter(queue, rank, waitNanos, waiter, successor);
				}
				if (entry == LocalLockQueue.Entry.TIMED_OUT) {
					return null;
				}
				if (entry == LocalLockQueue.Entry.HANDED && successor != null) {
					// The holder released the lock to this caller: it holds it in Redis
					// and has the turn. A deadlock victim handed the lock keeps it.
					queue.own();
					RedissonHold lock = this.attempts.hold(attempt, name, successor.ownerId(), true,
							successor.leaseStartNanos(), this.attempts.target(attempt, name, successor.ownerId()),
							queue);
					held = true;
					queue.leaseUntil(lock.leaseDeadlineNanos());
					lock.turnLease(queue::extendLeaseUntil);
					return lock;
				}
				if (entry == LocalLockQueue.Entry.FIRST || entry == LocalLockQueue.Entry.WAITED) {
					queue.own();
				}
				queued = entry != LocalLockQueue.Entry.BYPASSED;
				if (waiter != null) {
					waiter.checkpoint();
				}
				// A caller that found the turn taken was contended, whether it then got
				// the turn or went to Redis directly because the holder's lease ran out.
				boolean waitedLocally = entry == LocalLockQueue.Entry.WAITED || entry == LocalLockQueue.Entry.BYPASSED;
				RLockAttempts.Attempted attempted = acquireInRedis(attempt, name, queued ? queue : null, waitedLocally,
						begin, rank, waiter);
				if (attempted.outranked()) {
					// A better local caller came while this one waited in Redis: it takes
					// the turn, this one lines up again with its own rank.
					queued = false;
					queue.exit();
					continue;
				}
				RedissonHold lock = attempted.hold();
				if (lock != null) {
					queue.leaseUntil(lock.leaseDeadlineNanos());
					if (queued) {
						// A nested hold may only push the recorded deadline out.
						lock.turnLease(queue::extendLeaseUntil);
					}
					// A queued hold stays in the queue until it is released or lost.
					held = queued;
				}
				else if (queued) {
					queue.exit();
				}
				return lock;
			}
		}
		catch (InterruptedException | RuntimeException | Error ex) {
			if (queued) {
				queue.exit();
			}
			throw ex;
		}
		finally {
			if (!held) {
				queue.leave(this.attempts.localQueues(), name);
			}
		}
	}

	/**
	 * Wait for a turn that is taken; a watched acquisition is in the wait-for graph only
	 * while it waits.
	 */
	private static LocalLockQueue.Entry enter(LocalLockQueue queue, long rank, long waitNanos,
			DeadlockDetector.@Nullable Waiter waiter, LocalLockQueue.@Nullable Successor successor)
			throws InterruptedException {
		if (waiter == null) {
			return queue.enter(rank, waitNanos, successor);
		}
		waiter.arm();
		try {
			return queue.enter(rank, waitNanos, successor);
		}
		finally {
			waiter.disarm();
		}
	}

	private RLockAttempts.Attempted acquireInRedis(Attempt attempt, String name, @Nullable LocalLockQueue queue,
			boolean waitedLocally, long begin, long rank, DeadlockDetector.@Nullable Waiter waiter)
			throws InterruptedException {
		if (this.attempts.waitsWithRedisson(attempt.request().type())) {
			RedissonHold lock = acquireWithRedisson(attempt, name, queue, waitedLocally, begin, waiter);
			return (lock != null) ? new RLockAttempts.Attempted(lock, false) : RLockAttempts.Attempted.NOT_ACQUIRED;
		}
		long ownerId = this.attempts.nextOwnerId();
		PriorityGate.Target target = this.attempts.target(attempt, name, ownerId);
		long firstSent = System.nanoTime();
		long deadline = begin + attempt.waitTime().toNanos();
		boolean join = deadline - firstSent > 0;
		// One round trip when the lock is free and nobody waits in line; a caller that
		// will wait joins the line in the same round trip.
		if (RedissonHold.await(this.attempts.gate().tryOnce(target, attempt.request().priority(), begin, join)) < 0) {
			return new RLockAttempts.Attempted(
					this.attempts.hold(attempt, name, ownerId, waitedLocally, firstSent, target, queue), false);
		}
		if (!join) {
			return RLockAttempts.Attempted.NOT_ACQUIRED;
		}
		if (deadline - System.nanoTime() <= 0) {
			RedissonHold.await(this.attempts.gate().leave(target));
			return RLockAttempts.Attempted.NOT_ACQUIRED;
		}
		PriorityWait wait = this.attempts.gate().await(target, attempt.request().priority(), begin, deadline);
		if (queue != null) {
			queue.watch(rank, wait::stepBack);
		}
		if (waiter != null) {
			waiter.arm();
		}
		PriorityGate.Result result;
		try {
			result = wait.outcome().get();
		}
		catch (InterruptedException ex) {
			// Leave the line before returning; a lock taken meanwhile is released.
			wait.cancel();
			PriorityGate.Result late = wait.outcome().handle((done, failure) -> done).join();
			if (late != null && late.outcome() == PriorityGate.Outcome.ACQUIRED) {
				this.attempts.hold(attempt, name, ownerId, true, late.sentNanos(), target, null).releaseAsync();
			}
			throw ex;
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
		finally {
			if (waiter != null) {
				waiter.disarm();
			}
			if (queue != null) {
				queue.unwatch();
			}
		}
		return this.attempts.attempted(result, attempt, name, ownerId, target, queue);
	}

	private @Nullable RedissonHold acquireWithRedisson(Attempt attempt, String name, @Nullable LocalLockQueue queue,
			boolean waitedLocally, long begin, DeadlockDetector.@Nullable Waiter waiter) throws InterruptedException {
		LockType type = attempt.request().type();
		RLock lock = this.attempts.lockFor(type, name);
		long leaseMillis = this.attempts.leaseMillis(attempt);
		long ownerId = this.attempts.nextOwnerId();
		boolean contended = waitedLocally;
		long leaseStart = System.nanoTime();
		// A first attempt without waiting tells contended acquisitions apart at no cost
		// for the uncontended ones; only a contended caller pays for the second command.
		boolean acquired;
		// A fair waiter's turn in Redis times out this long after the one before it.
		long queuedFor = RedissonLockLayout.FAIR_THREAD_WAIT_MILLIS;
		try {
			acquired = await(lock.tryLockAsync(0, leaseMillis, TimeUnit.MILLISECONDS, ownerId));
			long waitMillis = attempt.waitTime().toMillis() - TimeUnit.NANOSECONDS.toMillis(leaseStart - begin);
			if (!acquired && waitMillis > 0) {
				contended = true;
				queuedFor = waitMillis;
				if (waiter != null) {
					waiter.arm();
				}
				try {
					acquired = await(lock.tryLockAsync(waitMillis, leaseMillis, TimeUnit.MILLISECONDS, ownerId));
				}
				finally {
					if (waiter != null) {
						waiter.disarm();
					}
				}
				leaseStart = acquired ? this.attempts.grantedLeaseStart(name, type, ownerId, leaseMillis)
						: System.nanoTime();
			}
		}
		catch (InterruptedException | RuntimeException ex) {
			if (type == LockType.FAIR) {
				this.attempts.leaveFairQueue(name, ownerId, queuedFor, ex);
			}
			throw ex;
		}
		if (!acquired) {
			return null;
		}
		return this.attempts.hold(attempt, name, lock, ownerId, contended, leaseStart, leaseMillis, queue);
	}

	/**
	 * Wait for an acquisition as Redisson's blocking {@code tryLock} does, interruptibly.
	 * An interrupted caller cancels the attempt: Redisson then releases a lock that its
	 * attempt acquires after the cancellation.
	 * @param attempt the attempt
	 * @return whether the lock was acquired
	 * @throws InterruptedException if interrupted while waiting
	 */
	private static boolean await(RFuture<Boolean> attempt) throws InterruptedException {
		CompletableFuture<Boolean> future = attempt.toCompletableFuture();
		try {
			return Boolean.TRUE.equals(future.get());
		}
		catch (InterruptedException ex) {
			future.cancel(false);
			throw ex;
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
	}

	private static RuntimeException rethrow(Throwable cause) {
		if (cause instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		throw new CompletionException(cause);
	}

}
