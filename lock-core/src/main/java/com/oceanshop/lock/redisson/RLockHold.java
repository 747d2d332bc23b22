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

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.pubsub.LockPubSub;

import com.oceanshop.lock.LockType;

/**
 * An {@code RLock}, {@code RFairLock}, read lock or write lock held by one Redisson
 * holder: the client id plus the hold's own owner id, passed to Redisson as its thread
 * id. It is renewed, fenced and released with that holder, so from any thread, and
 * released in one command by this project's release scripts. An exclusive lock whose
 * caller waited in the local queue is released straight to the next local waiter when it
 * can be ({@link HandOff}): one command moves the lock.
 */
final class RLockHold extends RedissonHold {

	private final RedissonClient redisson;

	private final ScriptPipeline scripts;

	private final LockType type;

	private final String holder;

	private final long leaseMillis;

	private final Supplier<String> publishCommand;

	private final @Nullable HandOff handOff;

	/**
	 * Create a hold.
	 * @param redisson the client
	 * @param key the lock key
	 * @param name the lock's Redis key
	 * @param lock the Redisson lock (unused: released by this project's own scripts)
	 * @param type the lock type
	 * @param threadId the hold's owner id, passed to Redisson as its thread id
	 * @param contended whether the caller had to wait
	 * @param leaseStartNanos when the lease started, in {@link System#nanoTime()}
	 * @param leaseMillis the lease the lock was taken with
	 * @param fixedLease whether that lease is fixed rather than renewed
	 * @param turnRelease hands the local turn on, or {@code null} when not queued locally
	 * @param publishCommand the command that wakes a fair lock's next waiter
	 * @param handOff the local queue's hand-off for an exclusive lock, or {@code null}
	 */
	RLockHold(RedissonClient redisson, ScriptPipeline scripts, String key, String name, RLock lock, LockType type,
			long threadId, boolean contended, long leaseStartNanos, long leaseMillis, boolean fixedLease,
			@Nullable Runnable turnRelease, Supplier<String> publishCommand, @Nullable HandOff handOff) {
		super(key, name, contended, leaseStartNanos, fixedLease ? leaseMillis : -1, turnRelease);
		this.redisson = redisson;
		this.scripts = scripts;
		this.type = type;
		this.holder = RedissonLockLayout.holder(redisson.getId(), threadId, type == LockType.WRITE);
		this.leaseMillis = leaseMillis;
		this.publishCommand = publishCommand;
		this.handOff = handOff;
	}

	@Override
	CompletionStage<Boolean> extend(long leaseMillis) {
		return RenewalBatches.renew(this.redisson, List.of(renewalTarget()), leaseMillis)
			.thenApply((held) -> held.get(0));
	}

	@Override
	RenewalBatches.Target renewalTarget() {
		return new RenewalBatches.LockTarget(this.name, this.holder, this.type == LockType.READ);
	}

	@Override
	CompletionStage<Boolean> isHeldInRedisAsync() {
		return this.redisson.getScript(LongCodec.INSTANCE)
			.<Long>evalAsync(this.name, RScript.Mode.READ_ONLY, RedissonScripts.HOLDS_LOCK, RScript.ReturnType.LONG,
					List.of(this.name), this.holder)
			.thenApply((held) -> held != null && held == 1L);
	}

	@Override
	public long fencingToken() {
		return RedissonFencing.lockToken(this.redisson, this.key, this.name, this.holder);
	}

	@Override
	CompletionStage<Boolean> unlockAsync() {
		String name = this.name;
		String script;
		List<Object> keys;
		Long message = LockPubSub.UNLOCK_MESSAGE;
		switch (this.type) {
			case FAIR -> {
				HandOff handOff = this.handOff;
				if (handOff != null && claimTurn()) {
					return releaseTo(handOff, this::unlockFair, (result) -> result >= 0);
				}
				return unlockFair(null).thenApply((result) -> result != null && result >= 0);
			}
			case WRITE -> {
				HandOff handOff = this.handOff;
				if (handOff != null && claimTurn()) {
					return releaseTo(handOff, this::releaseWrite, (result) -> result >= 1);
				}
				return releaseWrite(null).thenApply((result) -> result != null && result >= 1);
			}
			case READ -> {
				script = ReleaseScripts.READ_RELEASE;
				keys = List.of(name, RedissonLockLayout.readWriteChannel(name),
						RedissonLockLayout.readHolderTimeoutPrefix(name, this.holder),
						RedissonLockLayout.readTimeoutPrefix(name), RedissonLockLayout.releasedKey(name));
			}
			default -> {
				HandOff handOff = this.handOff;
				// Only before the turn went on, e.g. to the waiters of a lock found lost.
				if (handOff != null && claimTurn()) {
					return releaseTo(handOff, this::handOffExclusive, (result) -> result >= 1);
				}
				script = ReleaseScripts.EXCLUSIVE_RELEASE;
				keys = List.of(name, RedissonLockLayout.lockChannel(name), RedissonLockLayout.releasedKey(name));
			}
		}
		return this.scripts
			.evalLong(name, script, keys, message, this.holder, this.publishCommand.get(),
					RedissonLockLayout.unlockLatchMillis(this.redisson))
			.thenApply((result) -> result != null && result == 1L);
	}

	/**
	 * Release the lock with a command that may hand it to the reserved local waiter, if
	 * there is one; then hand the local turn on, with the lock or without it. If the
	 * reply never comes, the turn goes on without the lock: a lock that was handed all
	 * the same expires after the waiter's lease, in the unsafe direction never.
	 * @param handOff the local queue's side
	 * @param release sends the release, given the reserved waiter or {@code null};
	 * replies 2 when it handed the lock to that waiter
	 * @param released which replies mean the hold was released
	 */
	private CompletionStage<Boolean> releaseTo(HandOff handOff,
			Function<LocalLockQueue.@Nullable Successor, CompletionStage<Long>> release, LongPredicate released) {
		LocalLockQueue.Successor next;
		CompletionStage<Long> reply;
		long sent = System.nanoTime();
		try {
			next = handOff.reserve();
			reply = release.apply(next);
		}
		catch (RuntimeException | Error ex) {
			handOff.exit(false);
			throw ex;
		}
		return reply.handle((result, failure) -> {
			boolean handed = next != null && result != null && result == 2L;
			if (handed) {
				next.handedAt(sent);
			}
			handOff.exit(handed);
			if (failure != null) {
				throw (failure instanceof CompletionException completion) ? completion
						: new CompletionException(failure);
			}
			return result != null && released.test(result);
		});
	}

	/**
	 * Release an exclusive lock to the next holder: the first waiter of another instance
	 * in the priority line, else (or for a bounded batch of releases, when it ranks close
	 * enough to that waiter) the given local waiter if there is one
	 * ({@link ReleaseScripts#EXCLUSIVE_HAND_OFF}).
	 */
	private CompletionStage<Long> handOffExclusive(LocalLockQueue.@Nullable Successor next) {
		String name = this.name;
		PriorityGate gate = Objects.requireNonNull(this.handOff).gate();
		return this.scripts.evalLong(name, ReleaseScripts.EXCLUSIVE_HAND_OFF,
				List.of(name, RedissonLockLayout.lockChannel(name), RedissonLockLayout.releasedKey(name),
						RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name)),
				LockPubSub.UNLOCK_MESSAGE, this.holder, this.publishCommand.get(),
				RedissonLockLayout.unlockLatchMillis(this.redisson), (next != null) ? next.holder() : "",
				(next != null) ? next.leaseMillis() : 0L, PriorityGate.RECHECK.toMillis(),
				(next != null) ? gate.headStartMicros(next.rank()) : 0L, gate.toleranceMicros(LockType.EXCLUSIVE),
				gate.getLocalHandOffs());
	}

	/**
	 * Release a write lock, to the given local writer when nothing else holds it and
	 * nobody waits for it in Redis ({@link ReleaseScripts#WRITE_RELEASE}).
	 */
	private CompletionStage<Long> releaseWrite(LocalLockQueue.@Nullable Successor next) {
		String name = this.name;
		return this.scripts.evalLong(name, ReleaseScripts.WRITE_RELEASE,
				List.of(name, RedissonLockLayout.readWriteChannel(name), RedissonLockLayout.releasedKey(name),
						RedissonLockLayout.waitersKey(name)),
				LockPubSub.READ_UNLOCK_MESSAGE, this.holder, this.publishCommand.get(),
				RedissonLockLayout.unlockLatchMillis(this.redisson), (next != null) ? next.holder() : "",
				(next != null) ? next.leaseMillis() : 0L);
	}

	/**
	 * Release a fair lock to the next holder in arrival order: the given local waiter, or
	 * the first waiter of another instance in the priority line, when nobody waits in
	 * Redisson's fair queue ({@link ReleaseScripts#FAIR_UNLOCK}).
	 */
	private CompletionStage<Long> unlockFair(LocalLockQueue.@Nullable Successor next) {
		String name = this.name;
		HandOff handOff = this.handOff;
		PriorityGate gate = (handOff != null) ? handOff.gate() : null;
		// One request id per release: a re-sent release returns the first one's outcome.
		String latch = RedissonLockLayout.unlockLatchKey(name, RedissonLockLayout.randomId());
		return this.scripts.evalLong(name, ReleaseScripts.FAIR_UNLOCK,
				List.of(name, RedissonLockLayout.fairQueueKey(name), RedissonLockLayout.fairTimeoutKey(name),
						RedissonLockLayout.fairChannelPrefix(name), latch, RedissonLockLayout.waitersKey(name),
						RedissonLockLayout.waiterExpiryKey(name)),
				0L, this.leaseMillis, this.holder, System.currentTimeMillis(), this.publishCommand.get(),
				RedissonLockLayout.unlockLatchMillis(this.redisson), (next != null) ? next.holder() : "",
				(next != null) ? next.leaseMillis() : 0L, PriorityGate.RECHECK.toMillis(),
				(next != null && gate != null) ? gate.headStartMicros(next.rank()) : 0L,
				(gate != null) ? gate.toleranceMicros(LockType.FAIR) : 0L);
	}

	/**
	 * The local queue's side of a release straight to the next local waiter.
	 */
	interface HandOff {

		/**
		 * Reserve the first local waiter, if it can be handed the lock.
		 * @return what it needs, or {@code null}
		 */
		LocalLockQueue.@Nullable Successor reserve();

		/**
		 * Hand the turn on, once.
		 * @param handed whether the reserved waiter now holds the lock
		 */
		void exit(boolean handed);

		/**
		 * Return the line in Redis that a release weighs a local waiter against.
		 * @return the priority gate
		 */
		PriorityGate gate();

	}

}
