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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RFuture;
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

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
 * Every acquisition is its own owner: Redisson's thread id argument is a number drawn for
 * the acquisition, never the acquiring thread's id, so that a pooled thread running
 * another task while the first task's handle is still open does not re-enter the lock,
 * and the hold can be released, renewed and fenced from any thread.
 */
final class RLockAcquirer {

	// Above every real thread id (they count up from 1), so that an owner id never
	// names a thread; the holder field stays <clientId>:<digits>.
	private static final AtomicLong ownerIds = new AtomicLong(RedissonLockLayout.FIRST_OWNER_ID);

	private final RedissonClient redisson;

	private final Duration renewalTimeout;

	private final ConcurrentMap<String, LocalLockQueue> localQueues = new ConcurrentHashMap<>();

	private volatile boolean localQueueing = true;

	private volatile @Nullable String publishCommand;

	private volatile @Nullable DeadlockDetector deadlocks;

	private final PriorityGate gate;

	private volatile boolean priorityOrdering = true;

	RLockAcquirer(RedissonClient redisson, Duration renewalTimeout) {
		this.redisson = redisson;
		this.renewalTimeout = renewalTimeout;
		this.gate = new PriorityGate(redisson);
	}

	void setPriorityOrdering(boolean priorityOrdering) {
		this.priorityOrdering = priorityOrdering;
	}

	boolean isPriorityOrdering() {
		return this.priorityOrdering;
	}

	PriorityGate gate() {
		return this.gate;
	}

	void setLocalQueueing(boolean localQueueing) {
		this.localQueueing = localQueueing;
	}

	boolean isLocalQueueing() {
		return this.localQueueing;
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
		LocalLockQueue queue = this.localQueues.get(name);
		return (queue != null) ? queue.waiting() : 0;
	}

	/**
	 * Return how many local queues exist now.
	 * @return the number of keys with a local queue
	 */
	int localQueueCount() {
		return this.localQueues.size();
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
		long rank = this.gate.rank(begin, attempt.request().priority());
		if (type == LockType.READ || !this.localQueueing) {
			return acquireInRedis(attempt, name, null, false, begin, rank, waiter).hold();
		}
		LocalLockQueue queue = LocalLockQueue.join(this.localQueues, name);
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
					successor = handsOff(type) ? successor(attempt) : null;
					entry = enter(queue, rank, waitNanos, waiter, successor);
				}
				if (entry == LocalLockQueue.Entry.TIMED_OUT) {
					return null;
				}
				if (entry == LocalLockQueue.Entry.HANDED && successor != null) {
					// The holder released the lock to this caller: it holds it in Redis
					// and has the turn. A deadlock victim handed the lock keeps it.
					queue.own();
					RedissonHold lock = hold(attempt, name, successor.ownerId(), true, successor.leaseStartNanos(),
							target(attempt, name, successor.ownerId()), queue);
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
				Attempted attempted = acquireInRedis(attempt, name, queued ? queue : null, waitedLocally, begin, rank,
						waiter);
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
				queue.leave(this.localQueues, name);
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

	private LocalLockQueue.Successor successor(Attempt attempt) {
		long ownerId = ownerIds.getAndIncrement();
		return new LocalLockQueue.Successor(ownerId, RedissonLockLayout.holder(this.redisson.getId(), ownerId, false),
				LeaseRenewal.leaseOf(attempt, this.renewalTimeout).toMillis());
	}

	/**
	 * Try to acquire a lock without blocking a thread while waiting: in the local queue
	 * the caller is a future that the hand-over completes, and in Redis it waits on
	 * Redisson's asynchronous {@code tryLockAsync}.
	 * @param attempt the attempt
	 * @param name the lock's Redis key
	 * @return the hold, or {@code null} if the wait time ran out
	 */
	CompletableFuture<@Nullable RedissonHold> acquireAsync(Attempt attempt, String name) {
		AsyncAcquisition acquisition = new AsyncAcquisition();
		long begin = System.nanoTime();
		long rank = this.gate.rank(begin, attempt.request().priority());
		if (attempt.request().type() == LockType.READ || !this.localQueueing) {
			inRedisAsync(acquisition, attempt, name, null, false, begin, rank).whenComplete((attempted, failure) -> {
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
		LocalLockQueue queue = LocalLockQueue.join(this.localQueues, name);
		enterAsync(acquisition, attempt, name, queue, begin, rank);
		return acquisition.result();
	}

	// One pass through the local queue and Redis; a caller that steps back for a better
	// local caller comes through here again.
	private void enterAsync(AsyncAcquisition acquisition, Attempt attempt, String name, LocalLockQueue queue,
			long begin, long rank) {
		long waitNanos = Math.max(attempt.waitTime().toNanos() - (System.nanoTime() - begin), 0);
		acquisition.waitOn(queue.enterAsync(rank, waitNanos)).whenComplete((entry, failure) -> {
			if (failure != null || entry == LocalLockQueue.Entry.TIMED_OUT) {
				queue.leave(this.localQueues, name);
				acquisition.fail(failure);
				return;
			}
			boolean queued = entry != LocalLockQueue.Entry.BYPASSED;
			if (queued) {
				queue.own();
			}
			boolean waitedLocally = entry == LocalLockQueue.Entry.WAITED || entry == LocalLockQueue.Entry.BYPASSED;
			inRedisAsync(acquisition, attempt, name, queued ? queue : null, waitedLocally, begin, rank)
				.whenComplete((attempted, redisFailure) -> {
					if (attempted != null && attempted.outranked()) {
						queue.exit();
						enterAsync(acquisition, attempt, name, queue, begin, rank);
						return;
					}
					RedissonHold lock = (attempted != null) ? attempted.hold() : null;
					if (lock != null) {
						queue.leaseUntil(lock.leaseDeadlineNanos());
						if (queued) {
							lock.turnLease(queue::extendLeaseUntil);
						}
						else {
							queue.leave(this.localQueues, name);
						}
						acquisition.deliver(lock);
						return;
					}
					if (queued) {
						queue.exit();
					}
					queue.leave(this.localQueues, name);
					acquisition.fail(redisFailure);
				});
		});
	}

	private CompletableFuture<Attempted> inRedisAsync(AsyncAcquisition acquisition, Attempt attempt, String name,
			@Nullable LocalLockQueue queue, boolean waitedLocally, long begin, long rank) {
		if (attempt.request().type() == LockType.READ || !this.priorityOrdering) {
			return acquireInRedisAsync(acquisition, attempt, name, queue, waitedLocally, begin)
				.thenApply((lock) -> (lock != null) ? new Attempted(lock, false) : Attempted.NOT_ACQUIRED);
		}
		if (acquisition.isDone()) {
			return CompletableFuture.completedFuture(Attempted.NOT_ACQUIRED);
		}
		long ownerId = ownerIds.getAndIncrement();
		PriorityGate.Target target = target(attempt, name, ownerId);
		long firstSent = System.nanoTime();
		long deadline = begin + attempt.waitTime().toNanos();
		boolean join = deadline - firstSent > 0;
		// Not a cancellable step: a lock the script takes after a cancellation must still
		// reach deliver(), which releases it.
		return this.gate.tryOnce(target, attempt.request().priority(), begin, join).thenCompose((reply) -> {
			if (reply < 0) {
				return CompletableFuture.completedFuture(
						new Attempted(hold(attempt, name, ownerId, waitedLocally, firstSent, target, queue), false));
			}
			if (!join) {
				return CompletableFuture.completedFuture(Attempted.NOT_ACQUIRED);
			}
			if (deadline - System.nanoTime() <= 0 || acquisition.isDone()) {
				return this.gate.leave(target).handle((left, failure) -> Attempted.NOT_ACQUIRED);
			}
			PriorityGate.Wait wait = this.gate.await(target, attempt.request().priority(), begin, deadline);
			if (queue != null) {
				queue.watch(rank, wait::stepBack);
			}
			acquisition.waitOn(wait.cancellable());
			return wait.outcome().thenApply((result) -> {
				if (queue != null) {
					queue.unwatch();
				}
				return attempted(result, attempt, name, ownerId, target, queue);
			});
		});
	}

	private Attempted attempted(PriorityGate.Result result, Attempt attempt, String name, long ownerId,
			PriorityGate.Target target, @Nullable LocalLockQueue queue) {
		return switch (result.outcome()) {
			case ACQUIRED ->
				new Attempted(hold(attempt, name, ownerId, true, result.sentNanos(), target, queue), false);
			case OUTRANKED -> Attempted.OUTRANKED;
			case TIMED_OUT, CANCELLED -> Attempted.NOT_ACQUIRED;
		};
	}

	private PriorityGate.Target target(Attempt attempt, String name, long ownerId) {
		LockType type = attempt.request().type();
		return new PriorityGate.Target(name, type,
				RedissonLockLayout.holder(this.redisson.getId(), ownerId, type == LockType.WRITE),
				LeaseRenewal.leaseOf(attempt, this.renewalTimeout).toMillis());
	}

	private RedissonHold hold(Attempt attempt, String name, long ownerId, boolean contended, long leaseStart,
			PriorityGate.Target target, @Nullable LocalLockQueue queue) {
		return hold(attempt, name, lockFor(target.type(), name), ownerId, contended, leaseStart, target.leaseMillis(),
				queue);
	}

	private CompletableFuture<@Nullable RedissonHold> acquireInRedisAsync(AsyncAcquisition acquisition, Attempt attempt,
			String name, @Nullable LocalLockQueue queue, boolean waitedLocally, long begin) {
		if (acquisition.isDone()) {
			return CompletableFuture.completedFuture(null);
		}
		LockType type = attempt.request().type();
		RLock lock = lockFor(type, name);
		long leaseMillis = LeaseRenewal.leaseOf(attempt, this.renewalTimeout).toMillis();
		long ownerId = ownerIds.getAndIncrement();
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
							? grantedLeaseStartAsync(name, type, ownerId, leaseMillis)
								.thenApply((leaseStart) -> new long[] { 1, leaseStart })
							: CompletableFuture.completedFuture(null));
			});
		return granted.handle((grant, failure) -> {
			if (failure != null) {
				if (type == LockType.FAIR) {
					leaveFairQueueAsync(name, ownerId, queuedFor[0]);
				}
				throw (failure instanceof CompletionException completion) ? completion
						: new CompletionException(failure);
			}
			return (grant != null) ? hold(attempt, name, lock, ownerId, grant[0] == 1, grant[1], leaseMillis, queue)
					: null;
		});
	}

	private Attempted acquireInRedis(Attempt attempt, String name, @Nullable LocalLockQueue queue,
			boolean waitedLocally, long begin, long rank, DeadlockDetector.@Nullable Waiter waiter)
			throws InterruptedException {
		if (attempt.request().type() == LockType.READ || !this.priorityOrdering) {
			RedissonHold lock = acquireWithRedisson(attempt, name, queue, waitedLocally, begin, waiter);
			return (lock != null) ? new Attempted(lock, false) : Attempted.NOT_ACQUIRED;
		}
		long ownerId = ownerIds.getAndIncrement();
		PriorityGate.Target target = target(attempt, name, ownerId);
		long firstSent = System.nanoTime();
		long deadline = begin + attempt.waitTime().toNanos();
		boolean join = deadline - firstSent > 0;
		// One round trip when the lock is free and nobody waits in line; a caller that
		// will wait joins the line in the same round trip.
		if (RedissonHold.await(this.gate.tryOnce(target, attempt.request().priority(), begin, join)) < 0) {
			return new Attempted(hold(attempt, name, ownerId, waitedLocally, firstSent, target, queue), false);
		}
		if (!join) {
			return Attempted.NOT_ACQUIRED;
		}
		if (deadline - System.nanoTime() <= 0) {
			RedissonHold.await(this.gate.leave(target));
			return Attempted.NOT_ACQUIRED;
		}
		PriorityGate.Wait wait = this.gate.await(target, attempt.request().priority(), begin, deadline);
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
				hold(attempt, name, ownerId, true, late.sentNanos(), target, null).releaseAsync();
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
		return attempted(result, attempt, name, ownerId, target, queue);
	}

	private @Nullable RedissonHold acquireWithRedisson(Attempt attempt, String name, @Nullable LocalLockQueue queue,
			boolean waitedLocally, long begin, DeadlockDetector.@Nullable Waiter waiter) throws InterruptedException {
		LockType type = attempt.request().type();
		RLock lock = lockFor(type, name);
		long leaseMillis = LeaseRenewal.leaseOf(attempt, this.renewalTimeout).toMillis();
		long ownerId = ownerIds.getAndIncrement();
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
				leaseStart = acquired ? grantedLeaseStart(name, type, ownerId, leaseMillis) : System.nanoTime();
			}
		}
		catch (InterruptedException | RuntimeException ex) {
			if (type == LockType.FAIR) {
				leaveFairQueue(name, ownerId, queuedFor, ex);
			}
			throw ex;
		}
		if (!acquired) {
			return null;
		}
		return hold(attempt, name, lock, ownerId, contended, leaseStart, leaseMillis, queue);
	}

	private RedissonHold hold(Attempt attempt, String name, RLock lock, long ownerId, boolean contended,
			long leaseStart, long leaseMillis, @Nullable LocalLockQueue queue) {
		Runnable turnRelease = (queue != null) ? () -> {
			queue.exit();
			queue.leave(this.localQueues, name);
		} : null;
		RLockHold.HandOff handOff = (queue != null && handsOff(attempt.request().type())) ? new RLockHold.HandOff() {

			@Override
			public LocalLockQueue.@Nullable Successor reserve() {
				return queue.reserveSuccessor();
			}

			@Override
			public void exit(boolean handed) {
				queue.exit(handed);
				queue.leave(RLockAcquirer.this.localQueues, name);
			}

		} : null;
		return new RLockHold(this.redisson, attempt.request().key(), name, lock, attempt.request().type(), ownerId,
				contended, leaseStart, leaseMillis, attempt.leaseTime() != null, turnRelease, this::publishCommand,
				handOff);
	}

	/**
	 * Whether holders of this type release the lock straight to the next local waiter:
	 * exclusive locks, while other instances' waiters wait in the priority line (so that
	 * a release sees them and lets them take their turn).
	 */
	private boolean handsOff(LockType type) {
		return type == LockType.EXCLUSIVE && this.priorityOrdering;
	}

	/**
	 * Return when the lease of a lock granted by Redisson's waiting {@code tryLock}
	 * started. That call returns when one of its re-sent attempts was granted, but not
	 * when that attempt was sent: counting the lease from the return would put the local
	 * deadline after Redis's by the reply's delay. Redis says how much of the lease is
	 * left; counted from before that question was sent, the deadline is never late.
	 * @param name the lock's Redis key
	 * @param type the lock type
	 * @param ownerId the acquisition's owner id
	 * @param leaseMillis the lease Redis was asked for
	 * @return the lease start, in {@link System#nanoTime()}
	 */
	private long grantedLeaseStart(String name, LockType type, long ownerId, long leaseMillis) {
		return RedissonHold.await(grantedLeaseStartAsync(name, type, ownerId, leaseMillis));
	}

	private CompletableFuture<Long> grantedLeaseStartAsync(String name, LockType type, long ownerId, long leaseMillis) {
		String key = (type == LockType.READ) ? RedissonLockLayout.readTimeoutKey(name,
				RedissonLockLayout.holder(this.redisson.getId(), ownerId, false), 1) : name;
		long asked = System.nanoTime();
		return this.redisson.getKeys().remainTimeToLiveAsync(key).toCompletableFuture().thenApply((ttl) -> {
			long left = Math.max(0, Math.min(ttl, leaseMillis));
			return asked - TimeUnit.MILLISECONDS.toNanos(leaseMillis - left);
		});
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

	/**
	 * Take the calling thread out of a fair lock's queue in Redis: Redisson leaves an
	 * interrupted or failed waiter there, and the waiters behind it would wait for its
	 * turn to time out (minutes). Runs even when the thread is interrupted.
	 * @param name the lock's Redis key
	 * @param ownerId the waiter's owner id
	 * @param queuedFor the wait time the waiter queued with, by which the waiters behind
	 * it move up
	 * @param failure why the waiter stops waiting; a failure to leave is added to it
	 */
	private void leaveFairQueue(String name, long ownerId, long queuedFor, Exception failure) {
		try {
			leaveFairQueueAsync(name, ownerId, queuedFor).join();
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

	private CompletableFuture<Object> leaveFairQueueAsync(String name, long ownerId, long queuedFor) {
		String holder = RedissonLockLayout.holder(this.redisson.getId(), ownerId, false);
		return this.redisson.getScript(LongCodec.INSTANCE)
			.evalAsync(name, RScript.Mode.READ_WRITE, RedissonScripts.FAIR_LEAVE_QUEUE, RScript.ReturnType.LONG,
					List.of(name, RedissonLockLayout.fairQueueKey(name), RedissonLockLayout.fairTimeoutKey(name),
							RedissonLockLayout.fairChannelPrefix(name)),
					holder, queuedFor, 0L, publishCommand())
			.toCompletableFuture();
	}

	private RLock lockFor(LockType type, String name) {
		return switch (type) {
			case EXCLUSIVE -> this.redisson.getLock(name);
			case FAIR -> this.redisson.getFairLock(name);
			case READ -> this.redisson.getReadWriteLock(name).readLock();
			case WRITE -> this.redisson.getReadWriteLock(name).writeLock();
			case SEMAPHORE -> throw new IllegalArgumentException("A semaphore is not an RLock");
		};
	}

	private String publishCommand() {
		String command = this.publishCommand;
		if (command == null) {
			command = RedissonLockLayout.publishCommand(this.redisson);
			this.publishCommand = command;
		}
		return command;
	}

	/**
	 * Result of one go at a lock in Redis.
	 *
	 * @param hold the hold, or {@code null} if not acquired
	 * @param outranked whether the caller stepped back for a better local caller
	 */
	private record Attempted(@Nullable RedissonHold hold, boolean outranked) {

		static final Attempted NOT_ACQUIRED = new Attempted(null, false);

		static final Attempted OUTRANKED = new Attempted(null, true);

	}

}
