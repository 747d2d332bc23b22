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
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RLock;

import com.oceanshop.lock.LockProvider.Attempt;
import com.oceanshop.lock.LockType;

/**
 * Acquires the {@code RLock}-based lock types without blocking a thread while waiting:
 * the asynchronous counterpart of {@link RLockAcquirer}, by the same rules
 * ({@link RLockAttempts}). In the local queue the caller is a future that the hand-over
 * completes; in Redis it waits in the priority line ({@link PriorityGate}) or on
 * Redisson's asynchronous {@code tryLockAsync}. Cancelling the result gives up the wait;
 * a lock taken meanwhile is released ({@link AsyncAcquisition}).
 */
final class RLockAsyncAcquirer {

	private final RLockAttempts attempts;

	RLockAsyncAcquirer(RLockAttempts attempts) {
		this.attempts = attempts;
	}

	/**
	 * Try to acquire a lock without blocking a thread while waiting.
	 * @param attempt the attempt
	 * @param name the lock's Redis key
	 * @return the hold, or {@code null} if the wait time ran out
	 */
	CompletableFuture<@Nullable RedissonHold> acquire(Attempt attempt, String name) {
		AsyncAcquisition acquisition = new AsyncAcquisition();
		long begin = System.nanoTime();
		long rank = this.attempts.gate().rank(begin, attempt.request().priority());
		if (!this.attempts.queuesLocally(attempt.request().type())) {
			inRedis(acquisition, attempt, name, null, false, begin, rank).whenComplete((attempted, failure) -> {
				RedissonHold lock = (attempted != null) ? attempted.hold() : null;
				if (lock != null) {
					acquisition.deliver(lock);
				}
				else {
					acquisition.fail(failure);
				}
			});
			return acquisition.result();
		}
		LocalLockQueue queue = LocalLockQueue.join(this.attempts.localQueues(), name);
		enter(acquisition, attempt, name, queue, begin, rank);
		return acquisition.result();
	}

	// One pass through the local queue and Redis; a caller that steps back for a better
	// local caller comes through here again.
	private void enter(AsyncAcquisition acquisition, Attempt attempt, String name, LocalLockQueue queue, long begin,
			long rank) {
		long waitNanos = Math.max(attempt.waitTime().toNanos() - (System.nanoTime() - begin), 0);
		// A waiter an exclusive holder can release the lock to in Redis, its owner id
		// fixed before it waits (made only if the turn is taken).
		AtomicReference<LocalLockQueue.@Nullable Successor> successor = new AtomicReference<>();
		@Nullable Supplier<LocalLockQueue.Successor> successors = this.attempts.handsOff(attempt.request().type()) ? () -> {
			LocalLockQueue.Successor next = this.attempts.successor(attempt, rank);
			successor.set(next);
			return next;
		} : null;
		acquisition.waitOn(queue.enterAsync(rank, waitNanos, successors, (next) -> unwanted(attempt, name, next)))
			.whenComplete((entry, failure) -> {
				if (failure != null || entry == LocalLockQueue.Entry.TIMED_OUT) {
					queue.leave(this.attempts.localQueues(), name);
					acquisition.fail(failure);
					return;
				}
				LocalLockQueue.Successor handed = successor.get();
				if (entry == LocalLockQueue.Entry.HANDED && handed != null) {
					// The holder released the lock to this caller: it holds it in Redis
					// and
					// has the turn.
					queue.own();
					RedissonHold lock = this.attempts.hold(attempt, name, handed.ownerId(), true,
							handed.leaseStartNanos(), this.attempts.target(attempt, name, handed.ownerId()), queue);
					queue.leaseUntil(lock.leaseDeadlineNanos());
					lock.turnLease(queue::extendLeaseUntil);
					acquisition.deliver(lock);
					return;
				}
				boolean queued = entry != LocalLockQueue.Entry.BYPASSED;
				if (queued) {
					queue.own();
				}
				boolean waitedLocally = entry == LocalLockQueue.Entry.WAITED || entry == LocalLockQueue.Entry.BYPASSED;
				inRedis(acquisition, attempt, name, queued ? queue : null, waitedLocally, begin, rank)
					.whenComplete((attempted, redisFailure) -> {
						if (attempted != null && attempted.outranked()) {
							queue.exit();
							enter(acquisition, attempt, name, queue, begin, rank);
							return;
						}
						RedissonHold lock = (attempted != null) ? attempted.hold() : null;
						if (lock != null) {
							queue.leaseUntil(lock.leaseDeadlineNanos());
							if (queued) {
								lock.turnLease(queue::extendLeaseUntil);
							}
							else {
								queue.leave(this.attempts.localQueues(), name);
							}
							acquisition.deliver(lock);
							return;
						}
						if (queued) {
							queue.exit();
						}
						queue.leave(this.attempts.localQueues(), name);
						acquisition.fail(redisFailure);
					});
			});
	}

	// A lock handed to a caller that was gone by then (cancelled): nobody else would
	// release it, and it would block the lock for its lease. Released as the type's own
	// hold, without the local turn, which goes on by itself.
	private void unwanted(Attempt attempt, String name, LocalLockQueue.Successor handed) {
		this.attempts
			.hold(attempt, name, handed.ownerId(), true, handed.leaseStartNanos(),
					this.attempts.target(attempt, name, handed.ownerId()), null)
			.releaseAsync();
	}

	private CompletableFuture<RLockAttempts.Attempted> inRedis(AsyncAcquisition acquisition, Attempt attempt,
			String name, @Nullable LocalLockQueue queue, boolean waitedLocally, long begin, long rank) {
		if (this.attempts.waitsWithRedisson(attempt.request().type())) {
			return acquireWithRedisson(acquisition, attempt, name, queue, waitedLocally, begin)
				.thenApply((lock) -> (lock != null) ? new RLockAttempts.Attempted(lock, false)
						: RLockAttempts.Attempted.NOT_ACQUIRED);
		}
		if (acquisition.isDone()) {
			return CompletableFuture.completedFuture(RLockAttempts.Attempted.NOT_ACQUIRED);
		}
		long ownerId = this.attempts.nextOwnerId();
		PriorityGate.Target target = this.attempts.target(attempt, name, ownerId);
		long firstSent = System.nanoTime();
		long deadline = begin + attempt.waitTime().toNanos();
		boolean join = deadline - firstSent > 0;
		// Not a cancellable step: a lock the script takes after a cancellation must still
		// reach deliver(), which releases it.
		return this.attempts.gate().tryOnce(target, attempt.request().priority(), begin, join).thenCompose((reply) -> {
			if (reply < 0) {
				return CompletableFuture.completedFuture(new RLockAttempts.Attempted(
						this.attempts.hold(attempt, name, ownerId, waitedLocally, firstSent, target, queue), false));
			}
			if (!join) {
				return CompletableFuture.completedFuture(RLockAttempts.Attempted.NOT_ACQUIRED);
			}
			if (deadline - System.nanoTime() <= 0 || acquisition.isDone()) {
				return this.attempts.gate()
					.leave(target)
					.handle((left, failure) -> RLockAttempts.Attempted.NOT_ACQUIRED);
			}
			PriorityWait wait = this.attempts.gate().await(target, attempt.request().priority(), begin, deadline);
			if (queue != null) {
				queue.watch(rank, wait::stepBack);
			}
			acquisition.waitOn(wait.cancellable());
			return wait.outcome().thenApply((result) -> {
				if (queue != null) {
					queue.unwatch();
				}
				return this.attempts.attempted(result, attempt, name, ownerId, target, queue);
			});
		});
	}

	private CompletableFuture<@Nullable RedissonHold> acquireWithRedisson(AsyncAcquisition acquisition, Attempt attempt,
			String name, @Nullable LocalLockQueue queue, boolean waitedLocally, long begin) {
		if (acquisition.isDone()) {
			return CompletableFuture.completedFuture(null);
		}
		LockType type = attempt.request().type();
		RLock lock = this.attempts.lockFor(type, name);
		long leaseMillis = this.attempts.leaseMillis(attempt);
		long ownerId = this.attempts.nextOwnerId();
		long firstSent = System.nanoTime();
		long[] queuedFor = { RedissonLockLayout.FAIR_THREAD_WAIT_MILLIS };
		CompletableFuture<long[]> granted = acquisition
			.waitOn(lock.tryLockAsync(0, leaseMillis, TimeUnit.MILLISECONDS, ownerId).toCompletableFuture())
			.thenCompose((acquired) -> {
				// { contended, leaseStart }, or null when not acquired
				if (Boolean.TRUE.equals(acquired)) {
					return CompletableFuture.completedFuture(new long[] { waitedLocally ? 1 : 0, firstSent });
				}
				long waitMillis = attempt.waitTime().toMillis() - TimeUnit.NANOSECONDS.toMillis(firstSent - begin);
				if (waitMillis <= 0 || acquisition.isDone()) {
					return CompletableFuture.completedFuture(null);
				}
				queuedFor[0] = waitMillis;
				return acquisition
					.waitOn(lock.tryLockAsync(waitMillis, leaseMillis, TimeUnit.MILLISECONDS, ownerId)
						.toCompletableFuture())
					.thenCompose((acquiredLater) -> Boolean.TRUE.equals(acquiredLater)
							? this.attempts.grantedLeaseStartAsync(name, type, ownerId, leaseMillis)
								.thenApply((leaseStart) -> new long[] { 1, leaseStart })
							: CompletableFuture.completedFuture(null));
			});
		return granted.handle((grant, failure) -> {
			if (failure != null) {
				if (type == LockType.FAIR) {
					this.attempts.leaveFairQueueAsync(name, ownerId, queuedFor[0]);
				}
				throw (failure instanceof CompletionException completion) ? completion
						: new CompletionException(failure);
			}
			return (grant != null)
					? this.attempts.hold(attempt, name, lock, ownerId, grant[0] == 1, grant[1], leaseMillis, queue)
					: null;
		});
	}

}
