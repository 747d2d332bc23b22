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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

import com.oceanshop.lock.LockProvider.Attempt;
import com.oceanshop.lock.LockType;

/**
 * What the blocking ({@link RLockAcquirer}) and the asynchronous
 * ({@link RLockAsyncAcquirer}) acquisition of the {@code RLock}-based lock types share:
 * the settings (local queueing, priority ordering), the local queues and the priority
 * line, owner ids, and the rules of one attempt in Redis (which way a type waits, the
 * caller's target in the line, the hold a granted attempt becomes, its lease start, and
 * leaving a fair lock's queue).
 * <p>
 * Every acquisition is its own owner: Redisson's thread id argument is a number drawn for
 * the acquisition, never the acquiring thread's id, so that a pooled thread running
 * another task while the first task's handle is still open does not re-enter the lock,
 * and the hold can be released, renewed and fenced from any thread.
 */
final class RLockAttempts {

	// Above every real thread id (they count up from 1), so that an owner id never
	// names a thread; the holder field stays <clientId>:<digits>.
	private static final AtomicLong ownerIds = new AtomicLong(RedissonLockLayout.FIRST_OWNER_ID);

	private final RedissonClient redisson;

	private final Duration renewalTimeout;

	private final ConcurrentMap<String, LocalLockQueue> localQueues = new ConcurrentHashMap<>();

	private final PriorityGate gate;

	private final ScriptPipeline scripts;

	private volatile boolean localQueueing = true;

	private volatile boolean priorityOrdering = true;

	private volatile @Nullable String publishCommand;

	RLockAttempts(RedissonClient redisson, Duration renewalTimeout) {
		this.redisson = redisson;
		this.renewalTimeout = renewalTimeout;
		this.scripts = new ScriptPipeline(redisson);
		this.gate = new PriorityGate(redisson, this.scripts);
	}

	PriorityGate gate() {
		return this.gate;
	}

	ScriptPipeline scripts() {
		return this.scripts;
	}

	void setLocalQueueing(boolean localQueueing) {
		this.localQueueing = localQueueing;
	}

	boolean isLocalQueueing() {
		return this.localQueueing;
	}

	void setPriorityOrdering(boolean priorityOrdering) {
		this.priorityOrdering = priorityOrdering;
	}

	boolean isPriorityOrdering() {
		return this.priorityOrdering;
	}

	ConcurrentMap<String, LocalLockQueue> localQueues() {
		return this.localQueues;
	}

	/**
	 * Whether callers of this type line up in a local queue: exclusive, fair and write
	 * locks, unless local queueing is off.
	 */
	boolean queuesLocally(LockType type) {
		return type != LockType.READ && this.localQueueing;
	}

	/**
	 * Whether callers of this type wait in Redis through Redisson's own {@code tryLock}
	 * rather than in the priority line: read locks, and every type when priority ordering
	 * is off.
	 */
	boolean waitsWithRedisson(LockType type) {
		return type == LockType.READ || !this.priorityOrdering;
	}

	long nextOwnerId() {
		return ownerIds.getAndIncrement();
	}

	long leaseMillis(Attempt attempt) {
		return LeaseRenewal.leaseOf(attempt, this.renewalTimeout).toMillis();
	}

	LocalLockQueue.Successor successor(Attempt attempt, long rank) {
		long ownerId = nextOwnerId();
		return new LocalLockQueue.Successor(ownerId,
				RedissonLockLayout.holder(this.redisson.getId(), ownerId, attempt.request().type() == LockType.WRITE),
				leaseMillis(attempt), rank);
	}

	PriorityGate.Target target(Attempt attempt, String name, long ownerId) {
		LockType type = attempt.request().type();
		return new PriorityGate.Target(name, type,
				RedissonLockLayout.holder(this.redisson.getId(), ownerId, type == LockType.WRITE),
				leaseMillis(attempt));
	}

	RedissonHold hold(Attempt attempt, String name, long ownerId, boolean contended, long leaseStart,
			PriorityGate.Target target, @Nullable LocalLockQueue queue) {
		return hold(attempt, name, lockFor(target.type(), name), ownerId, contended, leaseStart, target.leaseMillis(),
				queue);
	}

	Attempted attempted(PriorityGate.Result result, Attempt attempt, String name, long ownerId,
			PriorityGate.Target target, @Nullable LocalLockQueue queue) {
		return switch (result.outcome()) {
			case ACQUIRED ->
				new Attempted(hold(attempt, name, ownerId, true, result.sentNanos(), target, queue), false);
			case OUTRANKED -> Attempted.OUTRANKED;
			case TIMED_OUT, CANCELLED -> Attempted.NOT_ACQUIRED;
		};
	}

	RedissonHold hold(Attempt attempt, String name, RLock lock, long ownerId, boolean contended, long leaseStart,
			long leaseMillis, @Nullable LocalLockQueue queue) {
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
				queue.leave(RLockAttempts.this.localQueues, name);
			}

			@Override
			public PriorityGate gate() {
				return RLockAttempts.this.gate;
			}

		} : null;
		return new RLockHold(this.redisson, this.scripts, attempt.request().key(), name, lock, attempt.request().type(),
				ownerId, contended, leaseStart, leaseMillis, attempt.leaseTime() != null, turnRelease,
				this::publishCommand, handOff);
	}

	/**
	 * Whether holders of this type release the lock straight to the next local waiter:
	 * exclusive, fair and write locks, while other instances' waiters wait in the
	 * priority line (so that a release sees them and lets them take their turn).
	 */
	boolean handsOff(LockType type) {
		return type != LockType.READ && type != LockType.SEMAPHORE && this.priorityOrdering;
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
	long grantedLeaseStart(String name, LockType type, long ownerId, long leaseMillis) {
		return RedissonHold.await(grantedLeaseStartAsync(name, type, ownerId, leaseMillis));
	}

	CompletableFuture<Long> grantedLeaseStartAsync(String name, LockType type, long ownerId, long leaseMillis) {
		String key = (type == LockType.READ) ? RedissonLockLayout.readTimeoutKey(name,
				RedissonLockLayout.holder(this.redisson.getId(), ownerId, false), 1) : name;
		long asked = System.nanoTime();
		return this.redisson.getKeys().remainTimeToLiveAsync(key).toCompletableFuture().thenApply((ttl) -> {
			long left = Math.max(0, Math.min(ttl, leaseMillis));
			return asked - TimeUnit.MILLISECONDS.toNanos(leaseMillis - left);
		});
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
	void leaveFairQueue(String name, long ownerId, long queuedFor, Exception failure) {
		try {
			leaveFairQueueAsync(name, ownerId, queuedFor).join();
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

	CompletableFuture<Object> leaveFairQueueAsync(String name, long ownerId, long queuedFor) {
		String holder = RedissonLockLayout.holder(this.redisson.getId(), ownerId, false);
		return this.redisson.getScript(LongCodec.INSTANCE)
			.evalAsync(name, RScript.Mode.READ_WRITE, RedissonScripts.FAIR_LEAVE_QUEUE, RScript.ReturnType.LONG,
					List.of(name, RedissonLockLayout.fairQueueKey(name), RedissonLockLayout.fairTimeoutKey(name),
							RedissonLockLayout.fairChannelPrefix(name)),
					holder, queuedFor, 0L, publishCommand())
			.toCompletableFuture();
	}

	RLock lockFor(LockType type, String name) {
		return switch (type) {
			case EXCLUSIVE -> this.redisson.getLock(name);
			case FAIR -> this.redisson.getFairLock(name);
			case READ -> this.redisson.getReadWriteLock(name).readLock();
			case WRITE -> this.redisson.getReadWriteLock(name).writeLock();
			case SEMAPHORE -> throw new IllegalArgumentException("A semaphore is not an RLock");
		};
	}

	String publishCommand() {
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
	record Attempted(@Nullable RedissonHold hold, boolean outranked) {

		static final Attempted NOT_ACQUIRED = new Attempted(null, false);

		static final Attempted OUTRANKED = new Attempted(null, true);

	}

}
