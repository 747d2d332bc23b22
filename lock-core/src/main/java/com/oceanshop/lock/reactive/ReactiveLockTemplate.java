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

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.oceanshop.lock.AsyncLockOperations;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;

/**
 * {@link ReactiveLockOperations} over the {@link AsyncLockOperations} of a
 * {@link LockTemplate}, so that defaults, retries, the circuit breaker, listeners
 * (metrics), renewal and fencing are the template's. <pre class="code">
 * Mono&lt;Order&gt; placed = reactiveLockTemplate.locked(LockRequest.of("order:place:" + orderId),
 *     orders.place(orderId));
 * </pre> Instances are thread-safe and meant to be shared.
 *
 * @since 0.1.0
 */
public class ReactiveLockTemplate implements ReactiveLockOperations {

	private final AsyncLockOperations operations;

	/**
	 * Create a template over the asynchronous operations of a {@link LockTemplate}.
	 * @param operations the asynchronous operations
	 */
	public ReactiveLockTemplate(AsyncLockOperations operations) {
		this.operations = Objects.requireNonNull(operations, "'operations' must not be null");
	}

	@Override
	public Mono<LockHandle> acquire(LockRequest request) {
		Objects.requireNonNull(request, "'request' must not be null");
		return givenBackOnCancel(() -> this.operations.acquireAsync(request), ReactiveLockTemplate::releaseDiscarded);
	}

	@Override
	public Mono<LockHandle> tryAcquire(LockRequest request) {
		Objects.requireNonNull(request, "'request' must not be null");
		return givenBackOnCancel(() -> this.operations.tryAcquireAsync(request),
				(acquired) -> acquired.ifPresent(ReactiveLockTemplate::releaseDiscarded))
			.flatMap(Mono::justOrEmpty);
	}

	/**
	 * The value of an acquisition that starts on subscription; whatever it acquires is
	 * either emitted or given back, never dropped. Reactor's own future adapter may drop
	 * it: a subscriber that cancels before it requests (as a cancelled coroutine does)
	 * never sees a value that the future already holds, and cancelling a completed future
	 * does nothing. So the cancellation is handled here: the future is cancelled (the
	 * provider then releases a lock granted later), and a value it has or gets is given
	 * back, unless it went downstream first.
	 */
	private static <T> Mono<T> givenBackOnCancel(Supplier<CompletableFuture<T>> acquisition, Consumer<T> giveBack) {
		return Mono.defer(() -> {
			CompletableFuture<T> acquiring = acquisition.get();
			AtomicBoolean decided = new AtomicBoolean();
			return Mono.fromFuture(acquiring, true)
				.filter((value) -> decided.compareAndSet(false, true))
				.doOnCancel(() -> {
					if (decided.compareAndSet(false, true)) {
						acquiring.cancel(false);
						acquiring.thenAccept(giveBack);
					}
				});
		});
	}

	@Override
	public Mono<Void> release(LockHandle handle) {
		Objects.requireNonNull(handle, "'handle' must not be null");
		return Mono.fromFuture(handle::closeAsync, true);
	}

	@Override
	public <T> Flux<T> execute(LockRequest request, Function<? super LockHandle, ? extends Publisher<T>> callback) {
		Objects.requireNonNull(callback, "'callback' must not be null");
		return Flux.usingWhen(acquire(request),
				(handle) -> Flux.from(callback.apply(handle)).takeUntilOther(lost(handle)), this::release,
				(handle, error) -> release(handle).onErrorResume((releaseError) -> {
					// The work's error wins; a lock lost under failed work adds to it.
					if (releaseError != error) {
						error.addSuppressed(releaseError);
					}
					return Mono.empty();
				}), this::release);
	}

	// Nobody is left to use it, release it or hear about its loss.
	private static void releaseDiscarded(LockHandle handle) {
		handle.closeAsync().exceptionally((failure) -> null);
	}

	private static Mono<Void> lost(LockHandle handle) {
		return Mono.create(
				(sink) -> handle.whenLost(() -> sink.error(new LockLostException(handle.key(),
						"Lock '" + handle.key()
								+ "' was lost while the reactive work held it (its renewal found it gone); "
								+ "the work was cancelled, and what it did may have raced with another holder"))));
	}

}
