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

package com.oceanshop.lock;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Service provider interface that does the Redis work behind {@link LockTemplate}. The
 * template owns key rules, defaults, retries and listeners; a provider only acquires,
 * releases and inspects locks. The Redisson-backed implementation is
 * {@code com.oceanshop.lock.redisson.RedissonLockProvider}.
 *
 * @since 0.1.0
 */
public interface LockProvider {

	/**
	 * Try to acquire a lock on the calling thread.
	 * @param attempt what to acquire, with resolved timeouts
	 * @return the acquired lock, or {@code null} if the wait time ran out
	 * @throws InterruptedException if the thread was interrupted while waiting
	 * @throws LockUnavailableException if Redis could not be reached and a retry may
	 * succeed
	 */
	@Nullable AcquiredLock tryAcquire(Attempt attempt) throws InterruptedException;

	/**
	 * Try to acquire a lock without blocking the calling thread while it waits. The
	 * future completes with the acquired lock, with {@code null} if the wait time ran
	 * out, or exceptionally with a {@link LockUnavailableException} (a retry may succeed)
	 * or another {@link LockException}. Cancelling the future stops the wait; a lock
	 * acquired after the cancellation is released by the provider.
	 * <p>
	 * The default runs {@link #tryAcquire} on a new thread, so a provider without a
	 * non-blocking path still works, one thread per waiting caller; the Redisson provider
	 * waits without a thread.
	 * @param attempt what to acquire, with resolved timeouts
	 * @return the acquired lock, or {@code null} if the wait time ran out
	 * @since 0.1.0
	 */
	default CompletableFuture<@Nullable AcquiredLock> tryAcquireAsync(Attempt attempt) {
		CompletableFuture<@Nullable AcquiredLock> result = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				AcquiredLock lock = tryAcquire(attempt);
				if (!result.complete(lock) && lock != null) {
					lock.release();
				}
			}
			catch (InterruptedException ex) {
				result.completeExceptionally(new LockInterruptedException(attempt.request().key(), ex));
			}
			catch (RuntimeException | Error ex) {
				result.completeExceptionally(ex);
			}
		}, "ocean-lock-async-acquire");
		waiter.setDaemon(true);
		result.whenComplete((lock, failure) -> {
			if (result.isCancelled()) {
				waiter.interrupt();
			}
		});
		waiter.start();
		return result;
	}

	/**
	 * Re-enter a lock for a nested acquisition of the same key inside the scope that
	 * holds it ({@link LockTemplate#execute execute}, a {@link DistributedLock} method):
	 * the nested hold shares the held lock's owner, and the lock stays held in Redis
	 * until the last of them is released. The lock's expiry is extended to cover the
	 * nested lease when that is longer, and never shortened.
	 * @param held the lock held by the enclosing scope, acquired through this provider
	 * @param attempt the nested acquisition, with resolved timeouts
	 * @return the nested hold, or {@code null} if this provider cannot re-enter the lock,
	 * in which case the nested acquisition waits like any other caller
	 * @throws LockLostException if the held lock is no longer held
	 * @throws LockUnavailableException if Redis could not be reached
	 */
	default @Nullable AcquiredLock reenter(AcquiredLock held, Attempt attempt) {
		return null;
	}

	/**
	 * Return whether the key is held by anyone, in any mode.
	 * @param key the validated key
	 * @return whether it is held
	 */
	boolean isLocked(LockKey key);

	/**
	 * One acquisition attempt with every default resolved.
	 *
	 * @param request the original request
	 * @param waitTime how long to wait, zero for a single attempt
	 * @param leaseTime the fixed lease, or {@code null} for auto-renewal
	 */
	record Attempt(LockRequest request, Duration waitTime, @Nullable Duration leaseTime) {

		/**
		 * Return whether the lock is kept alive by renewal.
		 * @return {@code true} if there is no fixed lease
		 */
		public boolean autoRenew() {
			return this.leaseTime == null;
		}

	}

	/**
	 * A lock held through a provider.
	 */
	interface AcquiredLock {

		/**
		 * Return whether the first attempt found the lock held, so the caller had to
		 * wait.
		 * @return whether the acquisition was contended
		 */
		boolean contended();

		/**
		 * Return when the lease of this lock started in the store, as a
		 * {@link System#nanoTime()} at or before the moment the store granted it (for
		 * example when the granting command was sent), so that the caller's deadline is
		 * never later than the store's. Empty when the provider cannot tell; the template
		 * then counts a contended lease from the acquisition's return.
		 * @return the lease start, or empty
		 */
		default OptionalLong leaseStartNanos() {
			return OptionalLong.empty();
		}

		/**
		 * Return whether this provider already knows the lock is lost (for example a
		 * renewal found it gone). Must not call Redis.
		 * @return whether the lock is known to be lost
		 */
		boolean isLost();

		/**
		 * Register the callback to run, once, when this provider notices that the lock
		 * was lost while held (for example a renewal found it gone). It may run on a
		 * provider thread. If the loss is already known, it runs at once.
		 * @param callback the callback
		 */
		default void whenLost(Runnable callback) {
		}

		/**
		 * Atomically check that the lock is still held and issue the next fencing token
		 * for its key.
		 * @return the token
		 * @throws LockLostException if the lock is no longer held
		 */
		long fencingToken();

		/**
		 * Release the lock. May be called from any thread, at most once.
		 * @return {@code true} if the lock was still held and is now released,
		 * {@code false} if it had been lost before
		 * @throws LockUnavailableException if Redis could not be reached
		 */
		boolean release();

		/**
		 * Release the lock without blocking the calling thread. May be called from any
		 * thread, at most once, instead of {@link #release()}. The default calls
		 * {@link #release()}.
		 * @return {@code true} if the lock was still held and is now released,
		 * {@code false} if it had been lost before; completes exceptionally with a
		 * {@link LockUnavailableException} if Redis could not be reached
		 * @since 0.1.0
		 */
		default CompletableFuture<Boolean> releaseAsync() {
			try {
				return CompletableFuture.completedFuture(release());
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

	}

}
