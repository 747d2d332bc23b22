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
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Interface of the distributed lock operations for asynchronous code, implemented by
 * {@link LockTemplate} beside {@link LockOperations}. Waiting for a held lock blocks no
 * thread: the returned futures complete when the lock is granted, on the template's
 * {@link LockTemplate.Builder#asyncExecutor(java.util.concurrent.Executor) asynchronous
 * executor}, never on a Redis client thread. Defaults, validation, retries while Redis is
 * unreachable, the circuit breaker, renewal, fencing, loss reporting and the
 * {@link LockListener} events are the same as for the blocking operations.
 * <p>
 * Scope: an asynchronous acquisition has no thread to be bound to, so it is a scope of
 * its own and never re-enters another hold, also not one of the calling thread's
 * {@code execute} scope: it waits like any other caller (a nested acquisition of the same
 * key inside it waits for it until its wait time runs out). Pass the {@link LockHandle}
 * along instead of acquiring the key again. The reactive API
 * ({@code com.oceanshop.lock.reactive}) follows the same rule.
 * <p>
 * Cancelling a returned future stops the wait and releases a lock acquired after the
 * cancellation, so a cancelled acquisition never keeps a lock.
 *
 * @since 0.1.0
 * @see com.oceanshop.lock.reactive.ReactiveLockOperations
 */
public interface AsyncLockOperations {

	/**
	 * Acquire the lock, waiting up to the request's wait time without blocking a thread.
	 * The caller must {@link LockHandle#closeAsync() close} the handle.
	 * @param request what to lock
	 * @return a future completed with the held lock, or exceptionally with
	 * {@link LockAcquisitionException} if the wait time ran out,
	 * {@link LockUnavailableException} if Redis could not be reached, or another
	 * {@link LockException}
	 */
	CompletableFuture<LockHandle> acquireAsync(LockRequest request);

	/**
	 * Try to acquire the lock once, without waiting, whatever the request's wait time.
	 * @param request what to lock
	 * @return a future completed with the held lock, or empty if another owner holds it
	 */
	CompletableFuture<Optional<LockHandle>> tryAcquireAsync(LockRequest request);

	/**
	 * Acquire the lock, start the callback, and release the lock when the stage it
	 * returns completes, normally or exceptionally, whichever thread completes it.
	 * Cancelling the returned future while the work runs cancels the work's future and
	 * releases the lock (work that ignores cancellation then runs on without it).
	 * @param <T> the result type
	 * @param request what to lock
	 * @param callback starts the protected work
	 * @return a future completed with the work's result once the lock is released;
	 * exceptionally with the work's failure, with the acquisition's failure (as
	 * {@link #acquireAsync}), or with {@link LockLostException} if the work completed
	 * normally but the lock had been lost before it was released
	 */
	<T extends @Nullable Object> CompletableFuture<T> executeAsync(LockRequest request, AsyncLockCallback<T> callback);

}
