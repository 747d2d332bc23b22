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
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.config.NameMapper;

import com.oceanshop.lock.LockException;
import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

/**
 * {@link LockProvider} backed by Redisson's {@code RLock}, {@code RFairLock},
 * {@code RReadWriteLock} and {@code RPermitExpirableSemaphore}.
 * <p>
 * The Redis key of a lock is the key prefix followed by the lock key, so
 * {@code inventory:reserve:PROD-123} lives at {@code lock:inventory:reserve:PROD-123}.
 * Fencing counters live at {@code {lock:inventory:reserve:PROD-123}:fence}: the hash tag
 * keeps them in the lock's cluster slot, and they are never removed, because a counter
 * that restarted would hand out tokens lower than ones issued before.
 * <p>
 * Every acquisition is its own owner in Redisson's terms: the client id plus an owner id
 * drawn for the acquisition, passed where Redisson expects a thread id. A handle is
 * therefore renewed, fenced and released from any thread, and another task that the
 * acquiring thread runs later never becomes its owner; a nested acquisition re-enters
 * only through {@link #reenter}. Auto-renewal is done by this provider rather than
 * Redisson's watchdog, so that a failed renewal is noticed: an auto-renewed lock is taken
 * with a lease of the renewal timeout (Redisson's {@code Config.lockWatchdogTimeout}) and
 * extended every third of it while its handle is open. When an extension finds the lock
 * gone, or no extension has succeeded for a whole renewal timeout, the lock is reported
 * lost.
 *
 * @since 0.1.0
 * @see RedissonLockTemplates
 */
public class RedissonLockProvider implements LockProvider, AutoCloseable {

	/**
	 * Default prefix of every Redis key this provider writes.
	 */
	public static final String DEFAULT_KEY_PREFIX = "lock:";

	private final RedissonClient redisson;

	private final String keyPrefix;

	private final RenewalScheduler renewals;

	private final RLockAcquirer locks;

	private final SemaphoreAcquirer semaphores;

	private final DeadlockDetector deadlocks;

	/**
	 * Create a provider with the {@link #DEFAULT_KEY_PREFIX default key prefix}.
	 * @param redisson the Redisson client
	 */
	public RedissonLockProvider(RedissonClient redisson) {
		this(redisson, DEFAULT_KEY_PREFIX);
	}

	/**
	 * Create a provider that renews locks on a daemon thread of its own, shut down by
	 * {@link #close()}.
	 * @param redisson the Redisson client
	 * @param keyPrefix prefix of every Redis key, for example {@code lock:}
	 */
	public RedissonLockProvider(RedissonClient redisson, String keyPrefix) {
		this(redisson, keyPrefix, null);
	}

	/**
	 * Create a provider that renews locks on the given scheduler, which it never shuts
	 * down; {@link #close()} then only stops this provider's renewals.
	 * @param redisson the Redisson client
	 * @param keyPrefix prefix of every Redis key, for example {@code lock:}
	 * @param renewalScheduler the scheduler to renew locks on, or {@code null} for a
	 * daemon thread of this provider's own
	 * @throws IllegalArgumentException if the key prefix has characters Redis keys of
	 * locks cannot have, or the client maps object names (a Redisson {@code NameMapper}),
	 * which locks cannot work with
	 */
	public RedissonLockProvider(RedissonClient redisson, String keyPrefix,
			@Nullable ScheduledExecutorService renewalScheduler) {
		this.redisson = Objects.requireNonNull(redisson, "'redisson' must not be null");
		Objects.requireNonNull(keyPrefix, "'keyPrefix' must not be null");
		for (char ch : keyPrefix.toCharArray()) {
			if (Character.isWhitespace(ch) || Character.isISOControl(ch) || "*?[]{}".indexOf(ch) >= 0) {
				throw new IllegalArgumentException("Key prefix '" + keyPrefix
						+ "' must not contain whitespace, control characters, glob characters or braces");
			}
		}
		requireUnmappedNames(redisson, keyPrefix);
		this.keyPrefix = keyPrefix;
		Duration renewalTimeout = Duration.ofMillis(redisson.getConfig().getLockWatchdogTimeout());
		this.renewals = new RenewalScheduler(renewalTimeout, redisson, renewalScheduler);
		this.locks = new RLockAcquirer(redisson, renewalTimeout);
		this.deadlocks = new DeadlockDetector(redisson, keyPrefix, this, this::redisKey, this.renewals);
		this.locks.setDeadlockDetector(this.deadlocks);
		this.semaphores = new SemaphoreAcquirer(redisson, this.locks.scripts(), renewalTimeout);
	}

	/**
	 * Return the prefix of every Redis key this provider writes.
	 * @return the key prefix
	 */
	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Return the renewal timeout: an auto-renewed lock whose holder died expires within
	 * this time.
	 * @return the renewal timeout, Redisson's {@code lockWatchdogTimeout}
	 */
	public Duration getRenewalTimeout() {
		return this.renewals.timeout();
	}

	/**
	 * Return the Redisson client this provider works with.
	 * @return the client
	 */
	RedissonClient getRedisson() {
		return this.redisson;
	}

	/**
	 * Set whether callers of this process queue locally, first come first served, in
	 * front of an {@link LockType#EXCLUSIVE}, {@link LockType#FAIR} or
	 * {@link LockType#WRITE} lock, so that only the first of them contends in Redis. On
	 * by default; it removes the pub/sub storm and the barging on a hot key without
	 * weakening the lock. Nested acquisitions that re-enter a scope's lock skip the
	 * queue, and a waiter whose holder's lease ran out goes to Redis directly.
	 * @param localQueueing whether to queue locally
	 */
	public void setLocalQueueing(boolean localQueueing) {
		this.locks.setLocalQueueing(localQueueing);
	}

	/**
	 * Return whether callers of this process queue locally in front of exclusive locks.
	 * @return whether local queueing is on
	 * @see #setLocalQueueing(boolean)
	 */
	public boolean isLocalQueueing() {
		return this.locks.isLocalQueueing();
	}

	/**
	 * Set whether this provider detects deadlocks across instances: an acquisition that
	 * must wait while its flow (the lock scopes open on its thread) holds other locks is
	 * entered in a wait-for graph in Redis, and when flows wait for each other in a
	 * cycle, the youngest waiter fails at once with
	 * {@link com.oceanshop.lock.LockDeadlockException}. On by default; acquisitions that
	 * do not wait, or whose flow holds nothing, write nothing.
	 * @param deadlockDetection whether to detect deadlocks
	 */
	public void setDeadlockDetection(boolean deadlockDetection) {
		this.deadlocks.setEnabled(deadlockDetection);
	}

	/**
	 * Return whether this provider detects deadlocks across instances.
	 * @return whether deadlock detection is on
	 * @see #setDeadlockDetection(boolean)
	 */
	public boolean isDeadlockDetection() {
		return this.deadlocks.isEnabled();
	}

	/**
	 * Set whether the callers that wait for an {@link LockType#EXCLUSIVE},
	 * {@link LockType#FAIR} or {@link LockType#WRITE} lock line up in Redis by
	 * {@link LockRequest#priority() priority}, then arrival, across instances: a sorted
	 * set next to the lock ({@code {<key>}:waiters}) that only waiting callers write to,
	 * checked in the same round trip that takes the lock. On by default. When off,
	 * waiters wait in Redisson as before (a fair lock in Redisson's FIFO queue) and
	 * priority orders only the local queue. Every instance of an application should use
	 * the same setting.
	 * @param priorityOrdering whether waiters line up by priority in Redis
	 */
	public void setPriorityOrdering(boolean priorityOrdering) {
		this.locks.setPriorityOrdering(priorityOrdering);
	}

	/**
	 * Return whether waiters line up by priority in Redis.
	 * @return whether priority ordering is on
	 * @see #setPriorityOrdering(boolean)
	 */
	public boolean isPriorityOrdering() {
		return this.locks.isPriorityOrdering();
	}

	/**
	 * Set the aging interval of priorities: a waiter lines up as if it had arrived this
	 * much earlier per priority level, so waiting ages a low priority. A waiter of
	 * priority {@code q} is never overtaken by one of priority {@code p} that arrives
	 * more than {@code (p - q)} intervals after it. 100 ms by default; every instance of
	 * an application should use the same interval.
	 * @param agingInterval the interval, from 0 (priority ignored, arrival order) to 1
	 * hour
	 */
	public void setPriorityAgingInterval(Duration agingInterval) {
		this.locks.gate().setAgingInterval(agingInterval);
	}

	/**
	 * Return the aging interval of priorities.
	 * @return the interval
	 * @see #setPriorityAgingInterval(Duration)
	 */
	public Duration getPriorityAgingInterval() {
		return this.locks.gate().getAgingInterval();
	}

	/**
	 * Set how many times in a row a release may hand an exclusive lock to the next caller
	 * of this instance although another instance's caller is first in the priority line,
	 * provided the local caller ranks within one aging interval of it (the tolerance by
	 * which any caller may take a free lock ahead of the first in line, so priorities and
	 * aging keep their promise). Batching transfers inside an instance (lock cohorting)
	 * keeps most of them at one round trip when a key is contended from several
	 * instances; the caller in line waits at most that many holds longer. 16 by default.
	 * @param localHandOffs from 0 (the other instance's caller always goes first) to 1000
	 * @since 0.1.0
	 */
	public void setLocalHandOffs(int localHandOffs) {
		this.locks.gate().setLocalHandOffs(localHandOffs);
	}

	/**
	 * Return how many times in a row a release may hand an exclusive lock to a caller of
	 * this instance while another instance's caller is first in line.
	 * @return the number of local hand-offs in a row
	 * @see #setLocalHandOffs(int)
	 */
	public int getLocalHandOffs() {
		return this.locks.gate().getLocalHandOffs();
	}

	/**
	 * Set whether the acquisition and release commands of every lock type go through one
	 * pipelined connection of this provider's own instead of Redisson's connection pool,
	 * where the client's configuration allows: a single server, no TLS, no name or
	 * command mapper, static credentials. Concurrent callers' commands then share writes
	 * and flushes, at a fraction of Redisson's client CPU per command; any command the
	 * pipeline cannot complete goes through Redisson, with Redisson's retries. On by
	 * default. Each write ends with a marker whose reply must come back in step, so a
	 * request or reply lost on the way closes the connection instead of handing a reply
	 * to the wrong command (docs/reliability.md).
	 * @param commandPipelining whether to pipeline lock commands
	 * @since 0.1.0
	 */
	public void setCommandPipelining(boolean commandPipelining) {
		this.locks.scripts().setEnabled(commandPipelining);
	}

	/**
	 * Return whether lock commands go through this provider's own pipelined connection
	 * where the client's configuration allows.
	 * @return whether command pipelining is on
	 * @see #setCommandPipelining(boolean)
	 */
	public boolean isCommandPipelining() {
		return this.locks.scripts().isEnabled();
	}

	// Redisson maps the names of its objects (the RLock a lock is) but the lock scripts
	// address the lock's own keys and helper keys as given: with a NameMapper they would
	// lock different keys, and a reader would not exclude a writer.
	private static void requireUnmappedNames(RedissonClient redisson, String keyPrefix) {
		if (redisson instanceof Redisson client) {
			NameMapper mapper = client.getCommandExecutor().getServiceManager().getConfig().getNameMapper();
			if (mapper != null && mapper.getClass() != NameMapper.direct().getClass()) {
				throw new IllegalArgumentException("The Redisson client maps object names (NameMapper "
						+ mapper.getClass().getName() + "), which locks cannot work with: Redisson would map "
						+ "the names of its lock objects but not the keys that the lock scripts address, so "
						+ "locks would not exclude each other. Give the lock provider a client without a "
						+ "NameMapper, and put a per-tenant prefix into the key prefix (app.lock.key-prefix, now '"
						+ keyPrefix + "') instead");
			}
		}
	}

	RLockAcquirer rlocks() {
		return this.locks;
	}

	/**
	 * Return the instances waiting in Redis for a lock, first in line first (for tests
	 * and diagnostics).
	 * @param redisKey the lock's Redis key
	 * @return the waiters' holder ids and places in line
	 */
	List<PriorityGate.Waiter> priorityWaiters(String redisKey) {
		return this.locks.gate().waiters(redisKey);
	}

	/**
	 * Return this instance's lasting subscriptions of lock channels (for tests).
	 * @return the channels
	 */
	LockChannels lockChannels() {
		return this.locks.gate().channels();
	}

	/**
	 * Return how many local queues exist now (for tests: none once every lock is
	 * released).
	 * @return the number of keys with a local queue
	 */
	int localQueueCount() {
		return this.locks.localQueueCount();
	}

	/**
	 * Return how many auto-renewed holds this provider renews now (for tests: none once
	 * every lock is released).
	 * @return the number of running renewals
	 */
	int renewalCount() {
		return this.renewals.activeCount();
	}

	/**
	 * Return the Redis key that holds the given lock.
	 * @param key the lock key
	 * @return the Redis key, prefix plus lock key
	 */
	String redisKey(LockKey key) {
		return RedissonLockLayout.lockKey(this.keyPrefix, key.value());
	}

	/**
	 * Return how many callers of this process wait in the local queue of a lock: they are
	 * not yet visible in Redis, where only the head of the local queue waits.
	 * @param redisKey the lock's Redis key
	 * @return the number of local waiters, an estimate
	 */
	int localWaiters(String redisKey) {
		return this.locks.localWaiters(redisKey);
	}

	@Override
	public @Nullable AcquiredLock tryAcquire(Attempt attempt) throws InterruptedException {
		LockRequest request = attempt.request();
		String name = redisKey(request.lockKey());
		if (this.renewals.isClosed()) {
			throw new LockException(request.key(),
					"Cannot acquire lock '" + request.key() + "': the lock provider is closed");
		}
		try {
			RedissonHold held = switch (request.type()) {
				case EXCLUSIVE, FAIR, WRITE, READ -> this.locks.acquire(attempt, name);
				case SEMAPHORE -> this.semaphores.acquire(attempt, name);
			};
			if (held != null && attempt.autoRenew()) {
				startRenewal(held, request, false);
			}
			return held;
		}
		catch (RuntimeException ex) {
			throw RedissonErrors.translate(request.key(), "acquiring", ex);
		}
	}

	@Override
	public CompletableFuture<@Nullable AcquiredLock> tryAcquireAsync(Attempt attempt) {
		LockRequest request = attempt.request();
		String name = redisKey(request.lockKey());
		if (this.renewals.isClosed()) {
			return CompletableFuture.failedFuture(new LockException(request.key(),
					"Cannot acquire lock '" + request.key() + "': the lock provider is closed"));
		}
		CompletableFuture<@Nullable RedissonHold> acquiring = switch (request.type()) {
			case EXCLUSIVE, FAIR, WRITE, READ -> this.locks.acquireAsync(attempt, name);
			case SEMAPHORE -> this.semaphores.acquireAsync(attempt, name);
		};
		CompletableFuture<@Nullable AcquiredLock> result = new CompletableFuture<>();
		result.whenComplete((lock, failure) -> {
			if (result.isCancelled()) {
				acquiring.cancel(false);
			}
		});
		acquiring.whenComplete((held, failure) -> {
			if (failure != null) {
				result.completeExceptionally((failure instanceof CancellationException) ? failure
						: RedissonErrors.translate(request.key(), "acquiring", failure));
				return;
			}
			if (held != null && attempt.autoRenew()) {
				try {
					startRenewal(held, request, true);
				}
				catch (LockException ex) {
					result.completeExceptionally(ex);
					return;
				}
			}
			if (!result.complete(held) && held != null) {
				held.releaseAsync();
			}
		});
		return result;
	}

	private void startRenewal(RedissonHold held, LockRequest request, boolean async) {
		try {
			if (this.renewals.isClosed()) {
				throw new RejectedExecutionException("closed");
			}
			held.startRenewal(this.renewals);
		}
		catch (RejectedExecutionException ex) {
			// Closed while acquiring: give the lock and the local turn back.
			if (async) {
				held.releaseAsync();
			}
			else {
				try {
					held.release();
				}
				catch (RuntimeException releaseFailure) {
					ex.addSuppressed(releaseFailure);
				}
			}
			throw new LockException(request.key(),
					"Cannot acquire lock '" + request.key() + "': the lock provider is closed", ex);
		}
	}

	@Override
	public @Nullable AcquiredLock reenter(AcquiredLock held, Attempt attempt) {
		RedissonHold hold = (held instanceof ReenteredHold nested) ? nested.held() : null;
		if (hold == null && held instanceof RLockHold lock) {
			hold = lock;
		}
		if (hold == null) {
			return null;
		}
		String key = attempt.request().key();
		ReenteredHold reentered = hold.reenter(LeaseRenewal.leaseOf(attempt, this.renewals.timeout()).toMillis(),
				!attempt.autoRenew());
		if (reentered == null) {
			throw new LockLostException(key, "Lock '" + key + "' held by the enclosing scope is no longer held; "
					+ "the nested acquisition cannot re-enter it");
		}
		if (attempt.autoRenew()) {
			reentered.startRenewal(this.renewals);
		}
		return reentered;
	}

	@Override
	public boolean isLocked(LockKey key) {
		String name = redisKey(key);
		try {
			Long result = this.redisson.getScript(LongCodec.INSTANCE)
				.eval(name, RScript.Mode.READ_ONLY, RedissonScripts.IS_LOCKED, RScript.ReturnType.LONG,
						List.of(name, RedissonLockLayout.semaphoreTimeoutKey(name)), System.currentTimeMillis());
			return result != null && result == 1L;
		}
		catch (RuntimeException ex) {
			throw RedissonErrors.translate(key.value(), "checking", ex);
		}
	}

	/**
	 * Stop renewing locks. Auto-renewed locks still open then expire within the renewal
	 * timeout. A renewal scheduler given to the constructor is not shut down.
	 */
	@Override
	public void close() {
		this.renewals.close();
		this.locks.scripts().close();
	}

}
