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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.redisson.RedissonShutdownException;
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
 * Auto-renewal of locks is Redisson's watchdog ({@code Config.lockWatchdogTimeout}); for
 * semaphore permits this provider renews the permits' leases itself with the same
 * timeout.
 *
 * @since 1.0.0
 */
public class RedissonLockProvider implements LockProvider, AutoCloseable {

	/**
	 * Default prefix of every Redis key this provider writes.
	 */
	public static final String DEFAULT_KEY_PREFIX = "lock:";

	private static final String LOCK_FENCE_SCRIPT = """
			if redis.call('hexists', KEYS[1], ARGV[1]) == 1 then
				return redis.call('incr', KEYS[2])
			end
			return -1
			""";

	private static final String SEMAPHORE_FENCE_SCRIPT = """
			for i = 2, #ARGV do
				local expiry = redis.call('zscore', KEYS[1], ARGV[i])
				if expiry == false or tonumber(expiry) <= tonumber(ARGV[1]) then
					return -1
				end
			end
			return redis.call('incr', KEYS[2])
			""";

	private static final String IS_LOCKED_SCRIPT = """
			local t = redis.call('type', KEYS[1])['ok']
			if t == 'hash' then
				return 1
			end
			if t == 'string' and redis.call('zcount', KEYS[2], '(' .. ARGV[1], '+inf') > 0 then
				return 1
			end
			return 0
			""";

	private final RedissonClient redisson;

	private final String keyPrefix;

	private final Duration renewalTimeout;

	private volatile @Nullable ScheduledExecutorService renewalScheduler;

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
	 * Return the Redis key that holds the given lock.
	 * @param key the lock key
	 * @return the Redis key, prefix plus lock key
	 */
	public String redisKey(LockKey key) {
		return this.keyPrefix + key.value();
	}

	@Override
	public @Nullable AcquiredLock tryAcquire(Attempt attempt) throws InterruptedException {
		LockRequest request = attempt.request();
		String name = redisKey(request.lockKey());
		try {
			return switch (request.type()) {
				case EXCLUSIVE -> acquireLock(this.redisson.getLock(name), attempt, name);
				case FAIR -> acquireLock(this.redisson.getFairLock(name), attempt, name);
				case READ -> acquireLock(this.redisson.getReadWriteLock(name).readLock(), attempt, name);
				case WRITE -> acquireLock(this.redisson.getReadWriteLock(name).writeLock(), attempt, name);
				case SEMAPHORE -> acquireSemaphore(attempt, name);
			};
		}
		catch (RuntimeException ex) {
			throw translate(request.key(), "acquiring", ex);
		}
	}

	private @Nullable AcquiredLock acquireLock(RLock lock, Attempt attempt, String name) throws InterruptedException {
		long leaseMillis = attempt.autoRenew() ? -1 : attempt.leaseTime().toMillis();
		long waitMillis = attempt.waitTime().toMillis();
		boolean contended = false;
		// A first attempt without waiting tells contended acquisitions apart at no cost
		// for
		// the uncontended ones; only a contended caller pays for the second command.
		boolean acquired = lock.tryLock(0, leaseMillis, TimeUnit.MILLISECONDS);
		if (!acquired && waitMillis > 0) {
			contended = true;
			acquired = lock.tryLock(waitMillis, leaseMillis, TimeUnit.MILLISECONDS);
		}
		if (!acquired) {
			return null;
		}
		long threadId = Thread.currentThread().getId();
		String owner = this.redisson.getId() + ":" + threadId
				+ ((attempt.request().type() == LockType.WRITE) ? ":write" : "");
		return new RedissonAcquiredLock(attempt.request().key(), name, lock, threadId, owner, contended,
				attempt.request().type() == LockType.FAIR);
	}

	private @Nullable AcquiredLock acquireSemaphore(Attempt attempt, String name) throws InterruptedException {
		LockRequest request = attempt.request();
		RPermitExpirableSemaphore semaphore = this.redisson.getPermitExpirableSemaphore(name);
		semaphore.trySetPermits(request.maxPermits());
		Duration lease = attempt.autoRenew() ? this.renewalTimeout : attempt.leaseTime();
		long leaseMillis = lease.toMillis();
		boolean contended = false;
		List<String> permitIds = semaphore.tryAcquire(request.permits(), 0, leaseMillis, TimeUnit.MILLISECONDS);
		if (permitIds.isEmpty() && !attempt.waitTime().isZero()) {
			contended = true;
			permitIds = semaphore.tryAcquire(request.permits(), attempt.waitTime().toMillis(), leaseMillis,
					TimeUnit.MILLISECONDS);
		}
		if (permitIds.isEmpty()) {
			return null;
		}
		SemaphorePermits permits = new SemaphorePermits(request.key(), name, semaphore, List.copyOf(permitIds),
				contended);
		if (attempt.autoRenew()) {
			permits.startRenewal(renewalScheduler(), this.renewalTimeout);
		}
		return permits;
	}

	@Override
	public boolean isLocked(LockKey key) {
		String name = redisKey(key);
		try {
			Long result = this.redisson.getScript(LongCodec.INSTANCE)
				.eval(name, RScript.Mode.READ_ONLY, IS_LOCKED_SCRIPT, RScript.ReturnType.LONG,
						List.of(name, suffixName(name, "timeout")), System.currentTimeMillis());
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
	 * Stop renewing semaphore permits. Locks renewed by Redisson's watchdog stop when the
	 * Redisson client shuts down.
	 */
	@Override
	public void close() {
		ScheduledExecutorService scheduler = this.renewalScheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	static String suffixName(String name, String suffix) {
		// Same rule as Redisson's RedissonObject.suffixName: keep the key's cluster slot.
		return name.contains("{") ? name + ":" + suffix : "{" + name + "}:" + suffix;
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

	private final class RedissonAcquiredLock implements AcquiredLock {

		private final String key;

		private final String name;

		private final RLock lock;

		private final long threadId;

		private final String owner;

		private final boolean contended;

		private final boolean fair;

		RedissonAcquiredLock(String key, String name, RLock lock, long threadId, String owner, boolean contended,
				boolean fair) {
			this.fair = fair;
			this.key = key;
			this.name = name;
			this.lock = lock;
			this.threadId = threadId;
			this.owner = owner;
			this.contended = contended;
		}

		@Override
		public boolean contended() {
			return this.contended;
		}

		@Override
		public boolean isLost() {
			return false;
		}

		@Override
		public long fencingToken() {
			Long token;
			try {
				token = RedissonLockProvider.this.redisson.getScript(LongCodec.INSTANCE)
					.eval(this.name, RScript.Mode.READ_WRITE, LOCK_FENCE_SCRIPT, RScript.ReturnType.LONG,
							List.of(this.name, suffixName(this.name, "fence")), this.owner);
			}
			catch (RuntimeException ex) {
				throw translate(this.key, "fencing", ex);
			}
			return checkToken(this.key, token);
		}

		@Override
		public boolean release() {
			try {
				// Redisson's fair unlock reports success when the lock has already
				// expired
				// (it wakes the next waiter instead), so ownership is checked first.
				if (this.fair && !this.lock.isHeldByThread(this.threadId)) {
					return false;
				}
				this.lock.unlockAsync(this.threadId).toCompletableFuture().join();
				return true;
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof IllegalMonitorStateException) {
					return false;
				}
				throw translate(this.key, "releasing", ex);
			}
			catch (RuntimeException ex) {
				throw translate(this.key, "releasing", ex);
			}
		}

	}

	static long checkToken(String key, @Nullable Long token) {
		if (token == null || token < 0) {
			throw new com.oceanshop.lock.LockLostException(key,
					"Lock '" + key + "' is no longer held in Redis (its lease ran out): no fencing token issued");
		}
		return token;
	}

	private final class SemaphorePermits implements AcquiredLock {

		private final String key;

		private final String name;

		private final RPermitExpirableSemaphore semaphore;

		private final List<String> permitIds;

		private final boolean contended;

		private volatile boolean lost;

		private volatile boolean released;

		private volatile long lastRenewalNanos = System.nanoTime();

		private volatile java.util.concurrent.@Nullable ScheduledFuture<?> renewal;

		SemaphorePermits(String key, String name, RPermitExpirableSemaphore semaphore, List<String> permitIds,
				boolean contended) {
			this.key = key;
			this.name = name;
			this.semaphore = semaphore;
			this.permitIds = permitIds;
			this.contended = contended;
		}

		void startRenewal(ScheduledExecutorService scheduler, Duration timeout) {
			long period = Math.max(1, timeout.toMillis() / 3);
			this.renewal = scheduler.scheduleWithFixedDelay(() -> renew(timeout), period, period,
					TimeUnit.MILLISECONDS);
		}

		private void renew(Duration timeout) {
			if (this.released || this.lost) {
				cancelRenewal();
				return;
			}
			try {
				for (String permitId : this.permitIds) {
					if (!this.semaphore.updateLeaseTime(permitId, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
						this.lost = true;
						cancelRenewal();
						return;
					}
				}
				this.lastRenewalNanos = System.nanoTime();
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() - this.lastRenewalNanos >= timeout.toNanos()) {
					this.lost = true;
					cancelRenewal();
				}
			}
		}

		private void cancelRenewal() {
			java.util.concurrent.ScheduledFuture<?> future = this.renewal;
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
			return this.lost;
		}

		@Override
		public long fencingToken() {
			Object[] args = new Object[this.permitIds.size() + 1];
			args[0] = Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < this.permitIds.size(); i++) {
				args[i + 1] = hexToBytes(this.permitIds.get(i));
			}
			Long token;
			try {
				token = RedissonLockProvider.this.redisson.getScript(ByteArrayCodec.INSTANCE)
					.eval(this.name, RScript.Mode.READ_WRITE, SEMAPHORE_FENCE_SCRIPT, RScript.ReturnType.LONG,
							List.of(suffixName(this.name, "timeout"), suffixName(this.name, "fence")), args);
			}
			catch (RuntimeException ex) {
				throw translate(this.key, "fencing", ex);
			}
			return checkToken(this.key, token);
		}

		@Override
		public boolean release() {
			this.released = true;
			cancelRenewal();
			try {
				return this.semaphore.tryRelease(this.permitIds) == this.permitIds.size() && !this.lost;
			}
			catch (RuntimeException ex) {
				throw translate(this.key, "releasing", ex);
			}
		}

	}

	private static byte[] hexToBytes(String hex) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) Integer.parseInt(hex, i * 2, i * 2 + 2, 16);
		}
		return bytes;
	}

}
