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

import java.util.concurrent.CompletableFuture;

/**
 * A lock held through {@link LockOperations}. Closing the handle releases the lock; use
 * it in try-with-resources: <pre class="code">
 * try (LockHandle lock = lockTemplate.acquire(LockRequest.of("payment:charge:ORD-1"))) {
 *     paymentStore.charge(order, lock.fencingToken());
 * }
 * </pre> A handle may be closed from a thread other than the one that acquired it (a
 * virtual thread, a future's callback). Handles are safe to share between threads.
 *
 * @since 0.1.0
 */
public interface LockHandle extends AutoCloseable {

	/**
	 * Return the key this handle locks.
	 * @return the key, {@code context:operation:id}
	 */
	String key();

	/**
	 * Return the lock type.
	 * @return the type
	 */
	LockType type();

	/**
	 * Return a fencing token for this holding: a number strictly greater than every token
	 * issued before for the same key, to be stored with each write the lock protects so
	 * that the store can reject writes carrying an older token. The first call costs one
	 * Redis round trip (which also proves the lock is still held); later calls on the
	 * same handle return the same token. Holders that never ask pay nothing.
	 * @return the fencing token
	 * @throws LockLostException if the lock is no longer held (its lease ran out)
	 * @throws LockException if locking is disabled, so there is no token to give
	 */
	long fencingToken();

	/**
	 * Return whether this handle still holds its lock, as far as this process knows
	 * without asking Redis: {@code false} once closed, once the lease deadline has
	 * passed, once a renewal failed, or when locking is disabled. A {@code true} answer
	 * cannot rule out a loss this process has not observed yet (a failover, an operator's
	 * force release); fencing tokens are the defence against those.
	 * @return whether the lock is believed held
	 */
	boolean isHeld();

	/**
	 * Release the lock. The first call on a lock that was lost before release throws
	 * {@link LockLostException}; every later call does nothing.
	 * @throws LockLostException if the lock had been lost before this release
	 * @throws LockUnavailableException if Redis could not be reached; the lock then
	 * expires by itself after its lease or renewal timeout
	 */
	@Override
	void close();

	/**
	 * Release the lock without blocking the calling thread, as {@link #close()} does: the
	 * first call on a lock that was lost before release completes exceptionally with
	 * {@link LockLostException}; every later call completes at once. Holds acquired
	 * through {@link AsyncLockOperations} release this way. The default calls
	 * {@link #close()}.
	 * @return a future completed when the lock is released
	 * @since 0.1.0
	 */
	default CompletableFuture<Void> closeAsync() {
		try {
			close();
			return CompletableFuture.completedFuture(null);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Register a callback to run, once, when this process notices that the lock was lost
	 * while held (a renewal found it gone, or its lease ran out). It runs on a
	 * notification thread, or at once if the loss is already known; it never runs for a
	 * handle that holds nothing. Reactive callers get a loss as an error signal this way.
	 * The default does nothing.
	 * @param callback the callback
	 * @since 0.1.0
	 */
	default void whenLost(Runnable callback) {
	}

}
