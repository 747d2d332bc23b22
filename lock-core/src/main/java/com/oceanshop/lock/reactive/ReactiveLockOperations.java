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

package com.oceanshop.lock.reactive;

import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.oceanshop.lock.AsyncLockOperations;
import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;

/**
 * Interface of the distributed lock operations for Reactor, implemented by
 * {@link ReactiveLockTemplate}. Nothing happens until subscription: the lock is acquired
 * when the returned publisher is subscribed to, waiting without a thread, and released
 * when the protected publisher completes, errors or is cancelled, whichever thread
 * signals it (the {@code Flux.usingWhen} pattern). A lock lost while the protected
 * publisher runs (its renewal found it gone) ends it with a {@link LockLostException}
 * error signal.
 * <p>
 * As with {@link AsyncLockOperations}, each subscription is a scope of its own: it never
 * re-enters another hold of the same key; pass the {@link LockHandle} along instead.
 *
 * @since 0.1.0
 */
public interface ReactiveLockOperations {

	/**
	 * Acquire the lock on subscription. The subscriber must release the handle
	 * ({@link #release(LockHandle)}); cancelling before the handle arrives releases a
	 * lock granted after the cancellation.
	 * @param request what to lock
	 * @return a {@code Mono} of the held lock; an error of
	 * {@link LockAcquisitionException} if the wait time ran out, or of another lock
	 * exception
	 */
	Mono<LockHandle> acquire(LockRequest request);

	/**
	 * Try to acquire the lock once on subscription, without waiting.
	 * @param request what to lock
	 * @return a {@code Mono} of the held lock, empty if another owner holds it
	 */
	Mono<LockHandle> tryAcquire(LockRequest request);

	/**
	 * Release a lock on subscription.
	 * @param handle the held lock
	 * @return a {@code Mono} that completes once released, or errors with
	 * {@link LockLostException} if the lock had been lost before
	 */
	Mono<Void> release(LockHandle handle);

	/**
	 * Run the publisher that the callback returns under the lock: acquired on
	 * subscription, released when that publisher completes, errors or is cancelled.
	 * @param <T> the element type
	 * @param request what to lock
	 * @param callback returns the protected publisher
	 * @return the protected publisher's elements; completes after the release; errors
	 * with the publisher's error, the acquisition's, or {@link LockLostException} if the
	 * lock was lost
	 */
	<T> Flux<T> execute(LockRequest request, Function<? super LockHandle, ? extends Publisher<T>> callback);

	/**
	 * Run a {@code Mono} under the lock, as {@link #execute} does.
	 * @param <T> the value type
	 * @param request what to lock
	 * @param mono the protected work
	 * @return the work's value, emitted after the release
	 */
	default <T> Mono<T> locked(LockRequest request, Mono<T> mono) {
		return execute(request, (handle) -> mono).singleOrEmpty();
	}

	/**
	 * Run a {@code Flux} under the lock, as {@link #execute} does.
	 * @param <T> the element type
	 * @param request what to lock
	 * @param flux the protected work
	 * @return the work's elements
	 */
	default <T> Flux<T> locked(LockRequest request, Flux<T> flux) {
		return execute(request, (handle) -> flux);
	}

}
