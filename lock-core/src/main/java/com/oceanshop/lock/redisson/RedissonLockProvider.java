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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.redisson.RedissonShutdownException;
import org.redisson.api.RFuture;
import org.redisson.api.RLock;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.LongCodec;

import com.oceanshop.lock.LockException;
import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.LockUnavailableException;

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
 * Locks are owned by the acquiring thread in Redisson's terms (client id plus thread id);
 * they are released with that owner, so a handle can be closed from any thread.
 * Auto-renewal is done by this provider rather than Redisson's watchdog, so that a failed
 * renewal is noticed: an auto-renewed lock is taken with a lease of the renewal timeout
 * (Redisson's {@code Config.lockWatchdogTimeout}) and extended every third of it while
 * its handle is open. When an extension finds the lock gone, or no extension has
 * succeeded for a whole renewal timeout, the lock is reported lost.
 *
 * @since 1.0.0
 */
public class RedissonLockProvider implements LockProvider, AutoCloseable {

	/**
	 * Default prefix of every Redis key this provider writes.
	 */
	public static final String DEFAULT_KEY_PREFIX = "lock:";

	private static final int MAX_REMEMBERED_SEMAPHORES = 10_000;

	private final RedissonClient redisson;

	private final String keyPrefix;

	private final Duration renewalTimeout;

	private volatile @Nullable ScheduledExecutorService renewalScheduler;

	private final ConcurrentMap<String, LocalLockQueue> localQueues = new ConcurrentHashMap<>();

	private volatile boolean localQueueing = true;

	private final ConcurrentMap<String, Boolean> semaphoresSetUp = new ConcurrentHashMap<>();

	private volatile @Nullable String publishCommand;

	/**
	 * Create a provider with the {@link #DEFAULT_KEY_PREFIX default key prefix}.
	 * @param redisson the Redisson client
	 */
	public RedissonLockProvider(RedissonClient redisson) {
		this(redisson, DEFAULT_KEY_PREFIX);
	}

	/**
	 * Create a provider.
	 * @param redisson the Redisson client
	 * @param keyPrefix prefix of every Redis key, for example {@code lock:}
	 */
	public RedissonLockProvider(RedissonClient redisson, String keyPrefix) {
		this.redisson = Objects.requireNonNull(redisson, "'redisson' must not be null");
		Objects.requireNonNull(keyPrefix, "'keyPrefix' must not be null");
		for (char ch : keyPrefix.toCharArray()) {
			if (Character.isWhitespace(ch) || Character.isISOControl(ch) || "*?[]{}".indexOf(ch) >= 0) {
				throw new IllegalArgumentException("Key prefix '" + keyPrefix
						+ "' must not contain whitespace, control characters, glob characters or braces");
			}
		}
		this.keyPrefix = keyPrefix;
		this.renewalTimeout = Duration.ofMillis(redisson.getConfig().getLockWatchdogTimeout());
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
		return this.renewalTimeout;
	}

	/**
	 * Return the Redisson client this provider works with.
	 * @return the client
	 */
	public RedissonClient getRedisson() {
		return this.redisson;
	}

	/**
	 * Set whether callers of this process queue locally, first come first served, in
	 * front of an {@link LockType#EXCLUSIVE}, {@link LockType#FAIR} or
	 * {@link LockType#WRITE} lock, so that only the first of them contends in Redis. On
	 * by default; it removes the pub/sub storm and the barging on a hot key without
	 * weakening the lock. Reentrant acquisitions skip the queue, and a waiter whose
	 * holder's lease ran out goes to Redis directly.
	 * @param localQueueing whether to queue locally
	 */
	public void setLocalQueueing(boolean localQueueing) {
		this.localQueueing = localQueueing;
	}

	/**
	 * Return whether callers of this process queue locally in front of exclusive locks.
	 * @return whether local queueing is on
	 * @see #setLocalQueueing(boolean)
	 */
	public boolean isLocalQueueing() {
		return this.localQueueing;
	}

	/**
	 * Return how many local queues exist now (for tests: none once every lock is
	 * released).
	 * @return the number of keys with a local queue
	 */
	int localQueueCount() {
		return this.localQueues.size();
	}

	/**
	 * Return the Redis key that holds the given lock.
	 * @param key the lock key
	 * @return the Redis key, prefix plus lock key
	 */
	public String redisKey(LockKey key) {
		return RedissonLockLayout.lockKey(this.keyPrefix, key.value());
	}

	@Override
	public @Nullable AcquiredLock tryAcquire(Attempt attempt) throws InterruptedException {
		LockRequest request = attempt.request();
		String name = redisKey(request.lockKey());
		try {
			HeldLock held = switch (request.type()) {
				case EXCLUSIVE, FAIR, WRITE -> acquireLock(attempt, name);
				case READ -> acquireLock(attempt, name);
				case SEMAPHORE -> acquireSemaphore(attempt, name);
			};
			if (held != null && attempt.autoRenew()) {
				held.startRenewal(renewalScheduler());
			}
			return held;
		}
		catch (RuntimeException ex) {
			throw translate(request.key(), "acquiring", ex);
		}
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

	private @Nullable HeldLock acquireLock(Attempt attempt, String name) throws InterruptedException {
		LockType type = attempt.request().type();
		if (type == LockType.READ || !this.localQueueing) {
			return acquireLock(attempt, name, null, false, System.nanoTime());
		}
		long begin = System.nanoTime();
		LocalLockQueue queue = LocalLockQueue.join(this.localQueues, name);
		boolean queued = false;
		boolean held = false;
		try {
			LocalLockQueue.Entry entry = queue.enter(attempt.waitTime().toNanos());
			if (entry == LocalLockQueue.Entry.TIMED_OUT) {
				return null;
			}
			if (entry == LocalLockQueue.Entry.FIRST || entry == LocalLockQueue.Entry.WAITED) {
				queue.own();
			}
			queued = entry != LocalLockQueue.Entry.BYPASSED;
			// A caller that found the turn taken was contended, whether it then got the
			// turn or went to Redis directly because the holder's lease ran out.
			boolean waitedLocally = entry == LocalLockQueue.Entry.WAITED || entry == LocalLockQueue.Entry.BYPASSED;
			HeldLock lock = acquireLock(attempt, name, queued ? queue : null, waitedLocally, begin);
			if (lock != null) {
				queue.leaseUntil(lock.leaseDeadlineNanos);
				// A queued hold stays in the queue until it is released or lost.
				held = queued;
			}
			else if (queued) {
				queue.exit();
			}
			return lock;
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

	private @Nullable HeldLock acquireLock(Attempt attempt, String name, @Nullable LocalLockQueue queue,
			boolean waitedLocally, long begin) throws InterruptedException {
		LockType type = attempt.request().type();
		RLock lock = lockFor(type, name);
		long leaseMillis = leaseOf(attempt).toMillis();
		boolean contended = waitedLocally;
		long leaseStart = System.nanoTime();
		// A first attempt without waiting tells contended acquisitions apart at no cost
		// for the uncontended ones; only a contended caller pays for the second command.
		boolean acquired = lock.tryLock(0, leaseMillis, TimeUnit.MILLISECONDS);
		long waitMillis = attempt.waitTime().toMillis() - TimeUnit.NANOSECONDS.toMillis(leaseStart - begin);
		if (!acquired && waitMillis > 0) {
			contended = true;
			acquired = lock.tryLock(waitMillis, leaseMillis, TimeUnit.MILLISECONDS);
			leaseStart = System.nanoTime();
		}
		if (!acquired) {
			return null;
		}
		long threadId = Thread.currentThread().getId();
		String owner = RedissonLockLayout.holder(this.redisson.getId(), threadId, type == LockType.WRITE);
		return new RLockHold(attempt.request().key(), name, lock, type, threadId, owner, contended, leaseStart,
				leaseMillis, attempt.leaseTime() != null, queue);
	}

	private Duration leaseOf(Attempt attempt) {
		Duration lease = attempt.leaseTime();
		return (lease != null) ? lease : this.renewalTimeout;
	}

	private @Nullable HeldLock acquireSemaphore(Attempt attempt, String name) throws InterruptedException {
		LockRequest request = attempt.request();
		RPermitExpirableSemaphore semaphore = this.redisson.getPermitExpirableSemaphore(name);
		// Setting the permits up is one round trip that is needed once per semaphore, so
		// it is skipped for semaphores this provider has already set up, unless an
		// attempt then finds no permit (the semaphore may have been removed since).
		boolean setUp = this.semaphoresSetUp.containsKey(name);
		if (!setUp) {
			semaphore.trySetPermits(request.maxPermits());
			rememberSetUp(name);
		}
		long leaseMillis = leaseOf(attempt).toMillis();
		boolean contended = false;
		long leaseStart = System.nanoTime();
		List<String> permitIds = semaphore.tryAcquire(request.permits(), 0, leaseMillis, TimeUnit.MILLISECONDS);
		if (permitIds.isEmpty() && setUp && semaphore.trySetPermits(request.maxPermits())) {
			leaseStart = System.nanoTime();
			permitIds = semaphore.tryAcquire(request.permits(), 0, leaseMillis, TimeUnit.MILLISECONDS);
		}
		if (permitIds.isEmpty() && !attempt.waitTime().isZero()) {
			contended = true;
			permitIds = semaphore.tryAcquire(request.permits(), attempt.waitTime().toMillis(), leaseMillis,
					TimeUnit.MILLISECONDS);
			leaseStart = System.nanoTime();
		}
		if (permitIds.isEmpty()) {
			return null;
		}
		return new SemaphoreHold(request.key(), name, semaphore, List.copyOf(permitIds), contended, leaseStart);
	}

	private void rememberSetUp(String name) {
		if (this.semaphoresSetUp.size() >= MAX_REMEMBERED_SEMAPHORES) {
			// Bounded: per-user semaphores can have unbounded names; forgetting only
			// costs one more set-up round trip.
			this.semaphoresSetUp.clear();
		}
		this.semaphoresSetUp.put(name, Boolean.TRUE);
	}

	/**
	 * Return how many callers of this process wait in the local queue of a lock: they are
	 * not yet visible in Redis, where only the head of the local queue waits.
	 * @param redisKey the lock's Redis key
	 * @return the number of local waiters, an estimate
	 */
	public int localWaiters(String redisKey) {
		LocalLockQueue queue = this.localQueues.get(redisKey);
		return (queue != null) ? queue.waiting() : 0;
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
			throw translate(key.value(), "checking", ex);
		}
	}

	private ScheduledExecutorService renewalScheduler() {
		ScheduledExecutorService scheduler = this.renewalScheduler;
		if (scheduler == null) {
			synchronized (this) {
				scheduler = this.renewalScheduler;
				if (scheduler == null) {
					ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
						Thread thread = new Thread(runnable, "ocean-lock-renewal");
						thread.setDaemon(true);
						return thread;
					});
					executor.setRemoveOnCancelPolicy(true);
					scheduler = executor;
					this.renewalScheduler = scheduler;
				}
			}
		}
		return scheduler;
	}

	/**
	 * Stop renewing locks. Auto-renewed locks still open then expire within the renewal
	 * timeout.
	 */
	@Override
	public void close() {
		ScheduledExecutorService scheduler = this.renewalScheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	private String publishCommand() {
		String command = this.publishCommand;
		if (command == null) {
			command = RedissonLockLayout.publishCommand(this.redisson);
			this.publishCommand = command;
		}
		return command;
	}

	static RuntimeException translate(String key, String action, Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof LockException lockException) {
			return lockException;
		}
		for (Throwable candidate = cause; candidate != null; candidate = candidate.getCause()) {
			if (isUnavailable(candidate)) {
				return new LockUnavailableException(key,
						"Redis unavailable while " + action + " lock '" + key + "': " + candidate.getMessage(), cause);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return new LockException(key, "Redis error while " + action + " lock '" + key + "': " + cause, cause);
	}

	private static boolean isUnavailable(Throwable ex) {
		// Redisson wraps transport failures ("Unexpected exception while processing
		// command"),
		// so the whole cause chain is inspected.
		return ex instanceof RedisConnectionException || ex instanceof RedisTimeoutException
				|| ex instanceof RedisNodeNotFoundException || ex instanceof RedisRetryException
				|| ex instanceof RedissonShutdownException || ex instanceof java.io.IOException;
	}

	static long checkToken(String key, @Nullable Long token) {
		if (token == null || token < 0) {
			throw new LockLostException(key,
					"Lock '" + key + "' is no longer held in Redis (its lease ran out): no fencing token issued");
		}
		return token;
	}

	/**
	 * A lock or set of permits held through this provider, with the optional renewal that
	 * keeps it alive.
	 */
	private abstract class HeldLock implements AcquiredLock {

		final String key;

		final String name;

		private final boolean contended;

		private volatile long renewedAtNanos;

		private volatile boolean renewing;

		private volatile boolean renewalInFlight;

		private volatile @Nullable ScheduledExecutorService scheduler;

		private volatile boolean lost;

		private volatile boolean released;

		private volatile @Nullable ScheduledFuture<?> renewal;

		private volatile @Nullable Runnable lossCallback;

		final long leaseDeadlineNanos;

		private final @Nullable LocalLockQueue queue;

		private final AtomicBoolean turnReleased = new AtomicBoolean();

		HeldLock(String key, String name, boolean contended, long leaseStartNanos, long leaseMillis,
				@Nullable LocalLockQueue queue) {
			this.key = key;
			this.name = name;
			this.contended = contended;
			this.renewedAtNanos = leaseStartNanos;
			this.leaseDeadlineNanos = (leaseMillis >= 0) ? leaseStartNanos + TimeUnit.MILLISECONDS.toNanos(leaseMillis)
					: Long.MAX_VALUE;
			this.queue = queue;
		}

		/**
		 * Hand the local turn on, once: on release, or as soon as the lock is known lost
		 * so that local waiters need not wait for the holder to notice.
		 */
		void releaseTurn() {
			LocalLockQueue queue = this.queue;
			if (queue != null && this.turnReleased.compareAndSet(false, true)) {
				queue.exit();
				queue.leave(RedissonLockProvider.this.localQueues, this.name);
			}
		}

		/**
		 * Extend the lease to the renewal timeout if this owner still holds the lock.
		 * @return whether the lock was still held
		 */
		abstract CompletionStage<Boolean> extend(long leaseMillis);

		/**
		 * Release in Redis.
		 * @return whether the lock was still held
		 */
		abstract boolean unlock();

		void startRenewal(ScheduledExecutorService scheduler) {
			this.scheduler = scheduler;
			long period = Math.max(1, RedissonLockProvider.this.renewalTimeout.toMillis() / 3);
			this.renewing = true;
			this.renewal = scheduler.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
			scheduleDeadlineCheck(this.renewedAtNanos);
		}

		private void renew() {
			if (this.released || this.lost) {
				cancelRenewal();
				return;
			}
			if (this.renewalInFlight) {
				return;
			}
			this.renewalInFlight = true;
			long sent = System.nanoTime();
			// Asynchronous, so a Redis that does not answer never blocks the scheduler
			// thread that also runs the deadline checks.
			extend(RedissonLockProvider.this.renewalTimeout.toMillis()).whenCompleteAsync((held, ex) -> {
				this.renewalInFlight = false;
				if (ex == null && Boolean.TRUE.equals(held)) {
					this.renewedAtNanos = sent;
					scheduleDeadlineCheck(sent);
				}
				else if (ex == null && !this.released) {
					markLost();
				}
				// Redis unreachable: the lease may still run; the deadline check reports
				// the loss once a whole renewal timeout has passed without an extension.
			}, Objects.requireNonNull(this.scheduler));
		}

		private void scheduleDeadlineCheck(long renewedAt) {
			long delay = renewedAt + RedissonLockProvider.this.renewalTimeout.toNanos() - System.nanoTime();
			Objects.requireNonNull(this.scheduler).schedule(() -> {
				if (!this.released && renewalOverdue()) {
					markLost();
				}
			}, Math.max(0, delay) + 1_000_000, TimeUnit.NANOSECONDS);
		}

		private boolean renewalOverdue() {
			return this.renewing
					&& System.nanoTime() - this.renewedAtNanos >= RedissonLockProvider.this.renewalTimeout.toNanos();
		}

		private void markLost() {
			if (this.lost) {
				return;
			}
			this.lost = true;
			cancelRenewal();
			releaseTurn();
			Runnable callback = this.lossCallback;
			if (callback != null) {
				callback.run();
			}
		}

		private void cancelRenewal() {
			ScheduledFuture<?> future = this.renewal;
			if (future != null) {
				future.cancel(false);
			}
		}

		@Override
		public boolean contended() {
			return this.contended;
		}

		@Override
		public boolean isLost() {
			return this.lost || renewalOverdue();
		}

		@Override
		public void whenLost(Runnable callback) {
			this.lossCallback = callback;
			if (this.lost) {
				callback.run();
			}
		}

		@Override
		public boolean release() {
			this.released = true;
			cancelRenewal();
			try {
				return unlock() && !this.lost;
			}
			catch (RuntimeException ex) {
				throw translate(this.key, "releasing", ex);
			}
			finally {
				releaseTurn();
			}
		}

		long fence(RScript script, String fenceScript, List<Object> keys, Object... args) {
			Long token;
			try {
				token = script.eval(this.name, RScript.Mode.READ_WRITE, fenceScript, RScript.ReturnType.LONG, keys,
						args);
			}
			catch (RuntimeException ex) {
				throw translate(this.key, "fencing", ex);
			}
			return checkToken(this.key, token);
		}

	}

	private final class RLockHold extends HeldLock {

		private final RLock lock;

		private final LockType type;

		private final long threadId;

		private final String owner;

		private final long leaseMillis;

		RLockHold(String key, String name, RLock lock, LockType type, long threadId, String owner, boolean contended,
				long leaseStartNanos, long leaseMillis, boolean fixedLease, @Nullable LocalLockQueue queue) {
			super(key, name, contended, leaseStartNanos, fixedLease ? leaseMillis : -1, queue);
			this.leaseMillis = leaseMillis;
			this.lock = lock;
			this.type = type;
			this.threadId = threadId;
			this.owner = owner;
		}

		@Override
		CompletionStage<Boolean> extend(long leaseMillis) {
			RScript script = RedissonLockProvider.this.redisson.getScript(LongCodec.INSTANCE);
			RFuture<Long> result = (this.type == LockType.READ) ? script.evalAsync(this.name, RScript.Mode.READ_WRITE,
					RedissonScripts.RENEW_READ_LOCK, RScript.ReturnType.LONG,
					List.of(this.name, RedissonLockLayout.readTimeoutPrefix(this.name)), leaseMillis, this.owner)
					: script.evalAsync(this.name, RScript.Mode.READ_WRITE, RedissonScripts.RENEW_LOCK,
							RScript.ReturnType.LONG, List.of(this.name), leaseMillis, this.owner);
			return result.thenApply((held) -> held != null && held == 1L);
		}

		@Override
		public long fencingToken() {
			return fence(RedissonLockProvider.this.redisson.getScript(LongCodec.INSTANCE), RedissonScripts.LOCK_FENCE,
					List.of(this.name, RedissonLockLayout.fenceKey(this.name)), this.owner);
		}

		@Override
		boolean unlock() {
			if (this.type == LockType.FAIR) {
				return unlockFair();
			}
			try {
				this.lock.unlockAsync(this.threadId).toCompletableFuture().join();
				return true;
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof IllegalMonitorStateException) {
					return false;
				}
				throw ex;
			}
		}

		private boolean unlockFair() {
			String name = this.name;
			Long result = RedissonLockProvider.this.redisson.getScript(LongCodec.INSTANCE)
				.eval(name, RScript.Mode.READ_WRITE, RedissonScripts.FAIR_UNLOCK, RScript.ReturnType.LONG,
						List.of(name, RedissonLockLayout.fairQueueKey(name), RedissonLockLayout.fairTimeoutKey(name),
								RedissonLockLayout.fairChannelPrefix(name)),
						0L, this.leaseMillis, this.owner, System.currentTimeMillis(), publishCommand());
			return result != null && result >= 0;
		}

	}

	private final class SemaphoreHold extends HeldLock {

		private final RPermitExpirableSemaphore semaphore;

		private final List<String> permitIds;

		SemaphoreHold(String key, String name, RPermitExpirableSemaphore semaphore, List<String> permitIds,
				boolean contended, long leaseStartNanos) {
			super(key, name, contended, leaseStartNanos, -1, null);
			this.semaphore = semaphore;
			this.permitIds = permitIds;
		}

		@Override
		CompletionStage<Boolean> extend(long leaseMillis) {
			CompletableFuture<Boolean> all = CompletableFuture.completedFuture(true);
			for (String permitId : this.permitIds) {
				CompletionStage<Boolean> one = this.semaphore.updateLeaseTimeAsync(permitId, leaseMillis,
						TimeUnit.MILLISECONDS);
				all = all.thenCombine(one, (a, b) -> a && b);
			}
			return all;
		}

		@Override
		public long fencingToken() {
			Object[] args = new Object[this.permitIds.size() + 1];
			args[0] = Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < this.permitIds.size(); i++) {
				args[i + 1] = RedissonLockLayout.permitIdBytes(this.permitIds.get(i));
			}
			return fence(RedissonLockProvider.this.redisson.getScript(ByteArrayCodec.INSTANCE),
					RedissonScripts.SEMAPHORE_FENCE,
					List.of(RedissonLockLayout.semaphoreTimeoutKey(this.name), RedissonLockLayout.fenceKey(this.name)),
					args);
		}

		@Override
		boolean unlock() {
			return this.semaphore.tryRelease(this.permitIds) == this.permitIds.size();
		}

	}

}
