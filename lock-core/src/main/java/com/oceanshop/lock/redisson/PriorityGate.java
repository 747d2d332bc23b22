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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;

import com.oceanshop.lock.LockType;

/**
 * The line of callers waiting in Redis for an {@link LockType#EXCLUSIVE},
 * {@link LockType#FAIR} or {@link LockType#WRITE} lock, ordered by priority and then
 * arrival: the sorted set {@link RedissonLockLayout#waitersKey} next to the lock. A
 * caller takes the lock only when nobody in the line is ahead of it, checked in the same
 * script that takes the lock ({@link PriorityScripts#PRIORITY_LOCK}), so an uncontended
 * acquisition costs one round trip and writes nothing to the line, and a caller finding
 * the lock free never takes it ahead of the line.
 * <p>
 * <b>Order.</b> A waiter's place in line is its arrival (on the server's clock, so the
 * instances' clocks do not matter) brought forward by its priority times the aging
 * interval: priority 10 with the default 100 ms interval lines up as if it had arrived
 * one second earlier. Equal priorities are therefore first come first served, and waiting
 * ages a low priority: a waiter of priority {@code q} is never overtaken by one of
 * priority {@code p} that arrives more than {@code (p - q)} aging intervals after it.
 * <p>
 * <b>Waking.</b> A waiter listens on the lock's own channel
 * ({@link RedissonLockLayout#wakeChannel}), where every release publishes (Redisson's
 * unlock, this project's fair release, a waiter leaving the line of a free lock), and
 * tries again when a message comes; the waiters of one instance share one subscription
 * per channel, which outlasts them briefly ({@link LockChannels}). Only as a safety net
 * for a lost message, and to keep its entry alive, it also tries again when the holder's
 * lease or the first waiter's entry runs out, and at least every {@link #RECHECK}; an
 * entry not refreshed for {@link #ENTRY_TTL} is dropped, so a dead instance holds up the
 * line for at most that long and leaves nothing behind. A waiter that stops waiting (wait
 * time over, interrupted, cancelled, failed, or stepping back for a better caller of its
 * own process) leaves the line at once.
 */
final class PriorityGate {

	/**
	 * Default aging interval: a waiter is lined up as if it had arrived this much earlier
	 * per priority level.
	 */
	static final Duration DEFAULT_AGING_INTERVAL = Duration.ofMillis(100);

	/**
	 * How long an entry of the line lives unless its waiter refreshes it.
	 */
	static final Duration ENTRY_TTL = Duration.ofSeconds(3);

	/**
	 * Longest a waiter waits without trying again (and so refreshing its entry) when no
	 * wake-up message comes.
	 */
	static final Duration RECHECK = Duration.ofSeconds(1);

	private static final long WAKE_MESSAGE = 0L;

	private final RedissonClient redisson;

	private final ScriptPipeline scripts;

	private final LockChannels channels;

	/**
	 * Default number of local hand-offs in a row while another instance waits: see
	 * {@link #setLocalHandOffs}.
	 */
	static final int DEFAULT_LOCAL_HAND_OFFS = 16;

	private volatile long agingNanos = DEFAULT_AGING_INTERVAL.toNanos();

	private volatile int localHandOffs = DEFAULT_LOCAL_HAND_OFFS;

	PriorityGate(RedissonClient redisson, ScriptPipeline scripts) {
		this.redisson = redisson;
		this.scripts = scripts;
		this.channels = new LockChannels(redisson);
	}

	LockChannels channels() {
		return this.channels;
	}

	void setAgingInterval(Duration agingInterval) {
		Objects.requireNonNull(agingInterval, "'agingInterval' must not be null");
		if (agingInterval.isNegative() || agingInterval.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException(
					"Priority aging interval must be between 0 and 1 hour, but was " + agingInterval);
		}
		this.agingNanos = agingInterval.toNanos();
	}

	Duration getAgingInterval() {
		return Duration.ofNanos(this.agingNanos);
	}

	/**
	 * Set how many times in a row an exclusive release may hand the lock to the next
	 * caller of its own instance although another instance's caller is first in line,
	 * provided the local caller ranks within one aging interval of it (the tolerance by
	 * which a caller may take a free lock ahead of the first in line): lock cohorting,
	 * which keeps most transfers of a key contended from several instances at one round
	 * trip. The caller in line waits at most that many holds longer.
	 * @param localHandOffs from 0 (the caller in line always goes first) to 1000
	 */
	void setLocalHandOffs(int localHandOffs) {
		if (localHandOffs < 0 || localHandOffs > 1000) {
			throw new IllegalArgumentException(
					"Local hand-offs in a row must be between 0 and 1000, but was " + localHandOffs);
		}
		this.localHandOffs = localHandOffs;
	}

	int getLocalHandOffs() {
		return this.localHandOffs;
	}

	/**
	 * Return the head start, in micros, of a caller of the given rank now, as
	 * {@link PriorityScripts#PRIORITY_LOCK} takes it.
	 * @param rank the caller's rank ({@link #rank})
	 * @return the head start
	 */
	long headStartMicros(long rank) {
		return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - rank);
	}

	/**
	 * Return how far behind the first waiter's rank a caller may be and still take a free
	 * lock: one aging interval, none for a fair lock.
	 * @param type the lock type
	 * @return the tolerance in micros
	 */
	long toleranceMicros(LockType type) {
		return (type == LockType.FAIR) ? 0 : TimeUnit.NANOSECONDS.toMicros(this.agingNanos);
	}

	/**
	 * Return a caller's place in line in this process, lower first: its arrival brought
	 * forward by its priority times the aging interval, the same order as in Redis.
	 * @param arrivalNanos when the caller arrived, in {@link System#nanoTime()}
	 * @param priority the caller's priority
	 * @return the rank
	 */
	long rank(long arrivalNanos, int priority) {
		return arrivalNanos - priority * this.agingNanos;
	}

	/**
	 * Take the lock once if nobody in line is ahead (one round trip, which writes nothing
	 * to the line when the lock is free and nobody waits).
	 * @param target the lock and the caller
	 * @param priority the caller's priority
	 * @param arrivalNanos when the caller arrived, in {@link System#nanoTime()}
	 * @param join whether to join the line when the lock is not taken; the caller then
	 * either {@link #await waits} or {@link #leave leaves}
	 * @return {@code -1} when taken, otherwise the millis after which to try again at the
	 * latest
	 */
	CompletableFuture<Long> tryOnce(Target target, int priority, long arrivalNanos, boolean join) {
		return run(target, join ? 2 : 0, headStartMicros(System.nanoTime(), arrivalNanos, priority));
	}

	/**
	 * Take a caller out of the line; if the lock is free and others wait, wake them. A
	 * lock that a release handed to the caller meanwhile is given back
	 * ({@link PriorityScripts#PRIORITY_LEAVE}): the caller never learned it held it.
	 * @param target the lock and the caller
	 * @return the reply, 1 if the caller was in line
	 */
	CompletableFuture<Object> leave(Target target) {
		String name = target.name();
		return this.redisson.getScript(LongCodec.INSTANCE)
			.evalAsync(name, RScript.Mode.READ_WRITE, PriorityScripts.PRIORITY_LEAVE, RScript.ReturnType.LONG,
					List.of(RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name), name,
							target.channel()),
					target.entry(), publishCommand(), WAKE_MESSAGE, target.holder())
			.toCompletableFuture();
	}

	private long headStartMicros(long nowNanos, long arrivalNanos, int priority) {
		return TimeUnit.NANOSECONDS.toMicros(nowNanos - arrivalNanos + priority * this.agingNanos);
	}

	/**
	 * Wait in line for the lock, after a first attempt did not take it (and joined the
	 * line).
	 * @param target the lock and the caller
	 * @param priority the caller's priority
	 * @param arrivalNanos when the caller arrived, in {@link System#nanoTime()}
	 * @param deadlineNanos when its wait time runs out, in {@link System#nanoTime()}
	 * @return the wait, already started
	 */
	PriorityWait await(Target target, int priority, long arrivalNanos, long deadlineNanos) {
		PriorityWait wait = new PriorityWait(this, target, priority, arrivalNanos, deadlineNanos);
		wait.listen();
		return wait;
	}

	/**
	 * Try again for a caller already in line, refreshing its entry.
	 * @param target the lock and the caller
	 * @param nowNanos now, in {@link System#nanoTime()}
	 * @param arrivalNanos when the caller arrived, in {@link System#nanoTime()}
	 * @param priority the caller's priority
	 * @return the reply of {@link PriorityScripts#PRIORITY_LOCK}
	 */
	CompletableFuture<Long> retry(Target target, long nowNanos, long arrivalNanos, int priority) {
		return run(target, 1, headStartMicros(nowNanos, arrivalNanos, priority));
	}

	/**
	 * Return the live entries of the line, first in line first.
	 * @param name the lock's Redis key
	 * @return the waiters' entries and places in line
	 */
	List<Waiter> waiters(String name) {
		List<Object> reply = RedissonHold.await(this.redisson.getScript(StringCodec.INSTANCE)
			.<List<Object>>evalAsync(name, RScript.Mode.READ_ONLY, PriorityScripts.PRIORITY_WAITERS,
					RScript.ReturnType.LIST,
					List.of(RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name))));
		List<Waiter> waiters = new ArrayList<>(reply.size() / 2);
		for (int i = 0; i + 1 < reply.size(); i += 2) {
			waiters.add(new Waiter(String.valueOf(reply.get(i)),
					(long) Double.parseDouble(String.valueOf(reply.get(i + 1)))));
		}
		return waiters;
	}

	/**
	 * Return the keys of {@link PriorityScripts#PRIORITY_LOCK}.
	 * @param name the lock's Redis key
	 * @return lock, waiters, waiter expiries, fair queue, fair timeout set
	 */
	static List<Object> lockKeys(String name) {
		return List.of(name, RedissonLockLayout.waitersKey(name), RedissonLockLayout.waiterExpiryKey(name),
				RedissonLockLayout.fairQueueKey(name), RedissonLockLayout.fairTimeoutKey(name));
	}

	/**
	 * Return the arguments of {@link PriorityScripts#PRIORITY_LOCK}.
	 * @param target the lock and the caller
	 * @param join 0: never join the line, 1: always, 2: only when not taken
	 * @param headStartMicros the caller's head start
	 * @param toleranceMicros how far behind the first waiter it may take a free lock
	 * @return the arguments, in the script's order
	 */
	static Object[] lockArguments(Target target, int join, long headStartMicros, long toleranceMicros) {
		return new Object[] { target.leaseMillis(), target.holder(), join, headStartMicros, ENTRY_TTL.toMillis(),
				(target.type() == LockType.FAIR) ? 1 : 0, target.entry(), (target.type() == LockType.WRITE) ? 1 : 0,
				toleranceMicros };
	}

	private CompletableFuture<Long> run(Target target, int join, long headStartMicros) {
		String name = target.name();
		List<Object> keys = lockKeys(name);
		// A fair lock is first come first served; the others let a caller within one
		// aging interval of the first waiter take a free lock (PRIORITY_LOCK).
		Object[] args = lockArguments(target, join, headStartMicros, toleranceMicros(target.type()));
		return this.scripts.evalLong(PriorityScripts.PRIORITY_LOCK, keys, args, () -> {
			if (this.redisson instanceof Redisson client) {
				// As Redisson's own lock commands: synced to replicas where Redisson
				// syncs its locks (the script is safe to re-send).
				return client.getCommandExecutor()
					.syncedEvalWithRetry(name, LongCodec.INSTANCE, RedisCommands.EVAL_LONG,
							PriorityScripts.PRIORITY_LOCK, keys, args);
			}
			return this.redisson.getScript(LongCodec.INSTANCE)
				.<Long>evalAsync(name, RScript.Mode.READ_WRITE, PriorityScripts.PRIORITY_LOCK, RScript.ReturnType.LONG,
						keys, args);
		});
	}

	// Cheap: Redisson's subscribe service knows it once connected.
	private String publishCommand() {
		return RedissonLockLayout.publishCommand(this.redisson);
	}

	/**
	 * A lock and the caller that wants it.
	 *
	 * @param name the lock's Redis key
	 * @param type the lock type
	 * @param holder the caller's holder id ({@link RedissonLockLayout#holder})
	 * @param leaseMillis the lease
	 */
	record Target(String name, LockType type, String holder, long leaseMillis) {

		String entry() {
			return RedissonLockLayout.waiterEntry(this.holder, this.type == LockType.FAIR);
		}

		String channel() {
			return RedissonLockLayout.wakeChannel(this.name, this.type == LockType.WRITE);
		}

		/**
		 * Return whether a message on the lock's channel says that a release handed the
		 * lock to another waiter ({@link ReleaseScripts#EXCLUSIVE_HAND_OFF} and
		 * {@link ReleaseScripts#FAIR_UNLOCK} publish the new holder's owner id), so that
		 * trying now would be in vain.
		 * @param message the message
		 * @return whether it names another owner id
		 */
		boolean handedToAnother(Object message) {
			return (this.type == LockType.EXCLUSIVE || this.type == LockType.FAIR) && message instanceof Long ownerId
					&& ownerId >= RedissonLockLayout.FIRST_OWNER_ID && !this.holder.endsWith(":" + ownerId);
		}

	}

	/**
	 * How a wait in line ended.
	 *
	 * @param outcome the outcome
	 * @param sentNanos when the attempt that took the lock was sent, in
	 * {@link System#nanoTime()}: the lease counts from then
	 */
	record Result(Outcome outcome, long sentNanos) {
	}

	/**
	 * Outcomes of a wait in line.
	 */
	enum Outcome {

		/**
		 * The lock was taken.
		 */
		ACQUIRED,

		/**
		 * The wait time ran out.
		 */
		TIMED_OUT,

		/**
		 * A better caller of this process came; this one left the line for it.
		 */
		OUTRANKED,

		/**
		 * The caller gave up (interrupted, cancelled).
		 */
		CANCELLED

	}

	/**
	 * One entry of the line.
	 *
	 * @param entry the waiter's entry ({@link RedissonLockLayout#waiterEntry})
	 * @param placeMicros its place in line, micros of the server's clock
	 */
	record Waiter(String entry, long placeMicros) {
	}

}
