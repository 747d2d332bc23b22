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

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Interface of the distributed lock operations, implemented by {@link LockTemplate}.
 * <p>
 * A lock is owned by its handle, not by the thread that acquired it: the handle may be
 * closed from any thread, and no other acquisition shares it by accident. Reentrancy is
 * by scope: inside an {@link #execute execute} callback or a {@link DistributedLock}
 * method, an acquisition of the same key on the same thread re-enters that scope's lock
 * (a {@link LockType#READ} inside a {@link LockType#WRITE} scope too; semaphores never).
 * Outside such a scope, an acquisition waits like any other caller, also when the same
 * thread holds an open handle of the key; to nest, take the outer lock with
 * {@code execute} or {@code @DistributedLock}.
 *
 * @since 0.1.0
 */
public interface LockOperations {

	/**
	 * Acquire the lock, run the callback, and always release the lock, also when the
	 * callback throws. The callback is the lock's scope: on its thread, acquisitions of
	 * the same key re-enter the lock, and {@link LockContext#current()} returns it.
	 * @param <T> the result type
	 * @param request what to lock
	 * @param callback the protected code
	 * @return the callback's result
	 * @throws LockAcquisitionException if the lock was not acquired within the wait time
	 * @throws LockLostException if the callback returned normally but the lock had been
	 * lost before it was released; the callback's work may have raced with another holder
	 * @throws LockUnavailableException if Redis could not be reached
	 * @throws LockInterruptedException if the thread was interrupted while waiting
	 */
	<T extends @Nullable Object> T execute(LockRequest request, LockCallback<T> callback);

	/**
	 * Acquire the lock, waiting up to the request's wait time. The caller must
	 * {@link LockHandle#close() close} the handle. Inside a scope of the same key on this
	 * thread, the scope's lock is re-entered and held until both are released; outside,
	 * the call waits even for a handle of the same thread.
	 * @param request what to lock
	 * @return the held lock
	 * @throws LockAcquisitionException if the lock was not acquired within the wait time
	 * @throws LockLostException if the lock of the enclosing scope of the same key is no
	 * longer held, so it cannot be re-entered
	 * @throws LockUnavailableException if Redis could not be reached
	 * @throws LockInterruptedException if the thread was interrupted while waiting
	 */
	LockHandle acquire(LockRequest request);

	/**
	 * Try to acquire the lock once, without waiting, whatever the request's wait time.
	 * Inside a scope of the same key on this thread, the scope's lock is re-entered.
	 * @param request what to lock
	 * @return the held lock, or empty if another owner holds it
	 * @throws LockUnavailableException if Redis could not be reached
	 */
	Optional<LockHandle> tryAcquire(LockRequest request);

	/**
	 * Return whether anyone holds the key now, in any mode (exclusive, fair, read, write,
	 * or at least one semaphore permit).
	 * @param key the key, {@code context:operation:id}
	 * @return whether the key is held
	 * @throws InvalidLockKeyException if the key breaks the key rules
	 * @throws LockUnavailableException if Redis could not be reached
	 */
	boolean isLocked(String key);

}
