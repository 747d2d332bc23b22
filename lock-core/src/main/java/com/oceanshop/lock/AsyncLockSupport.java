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
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oceanshop.lock.LockProvider.AcquiredLock;
import com.oceanshop.lock.LockProvider.Attempt;

/**
 * The asynchronous operations of {@link LockTemplate}: the same defaults, circuit
 * breaker, retry rules and listener events as its blocking acquisition, with every wait
 * (for the lock, for a retry's backoff) on a future or a timer instead of a thread.
 */
final class AsyncLockSupport {

	private static final Logger logger = LoggerFactory.getLogger(AsyncLockSupport.class);

	private final LockTemplate template;

	private final LockProvider provider;

	private final LockListener listener;

	private final LockCircuitBreaker circuitBreaker;

	private final int maxRetries;

	private final Duration retryBackoff;

	private final Executor executor;

	AsyncLockSupport(LockTemplate template, LockListener listener, int maxRetries, Duration retryBackoff,
			Executor executor) {
		this.template = template;
		this.provider = template.getProvider();
		this.listener = listener;
		this.circuitBreaker = template.getCircuitBreaker();
		this.maxRetries = maxRetries;
		this.retryBackoff = retryBackoff;
		this.executor = executor;
	}

	CompletableFuture<LockHandle> acquire(LockRequest request, Duration waitTime) {
		CompletableFuture<LockHandle> result = new CompletableFuture<>();
		if (!this.template.isEnabled()) {
			result.complete(new DisabledLockHandle(request, null));
			return result;
		}
		Duration leaseTime = this.template.getDefaults().leaseTime(request);
		long start = System.nanoTime();
		// As LockTemplate: every later event of this acquisition and of its hold goes to
		// the listener it returns (a span per acquisition, for example).
		LockListener listener = this.listener.onStarted(request);
		boolean trial;
		try {
			trial = this.circuitBreaker.beforeCall(request.key());
		}
		catch (LockUnavailableException ex) {
			signal(() -> failed(result, request, start, ex, listener));
			return result;
		}
		Retries retries = new Retries(request, waitTime, leaseTime, start);
		result.whenComplete((handle, failure) -> {
			if (result.isCancelled()) {
				retries.cancel();
			}
		});
		// The provider completes on its own threads (Redis client, timers): the
		// listeners,
		// like the caller's continuations, run on the executor instead.
		retries.acquiring.whenComplete((grant, failure) -> signal(() -> {
			Throwable cause = unwrap(failure);
			if (cause == null || (cause instanceof LockException && !(cause instanceof LockUnavailableException))) {
				// Granted, timed out or an error reply: either way Redis answered.
				this.circuitBreaker.onSuccess();
			}
			else if (cause instanceof LockUnavailableException) {
				this.circuitBreaker.onUnavailable();
			}
			if (trial) {
				this.circuitBreaker.releaseTrial();
			}
			if (cause != null) {
				failed(result, request, start, cause, listener);
				return;
			}
			long acquired = System.nanoTime();
			Duration waited = Duration.ofNanos(acquired - start);
			if (grant == null) {
				listener.onTimeout(request, waited);
				result.completeExceptionally(new LockAcquisitionException(request.key(), request.type(), waited));
				return;
			}
			listener.onAcquired(request, waited, grant.lock().contended());
			LockHandle handle = new DefaultLockHandle(request, grant.lock(), listener, acquired,
					grant.leaseStartNanos(), leaseTime, this.provider);
			if (!result.complete(handle)) {
				handle.closeAsync();
			}
		}));
		return result;
	}

	private void failed(CompletableFuture<LockHandle> result, LockRequest request, long start, Throwable cause,
			LockListener listener) {
		Throwable failure = (cause instanceof CancellationException)
				? new LockException(request.key(), "Acquisition of lock '" + request.key() + "' was cancelled", cause)
				: cause;
		listener.onFailure(request, since(start), failure);
		if (cause instanceof LockUnavailableException unavailable && request.runUnlockedIfUnavailable()) {
			logger.warn("Running without lock '{}' because Redis is unavailable (the request opted in): {}",
					request.key(), unavailable.getMessage());
			result.complete(new DisabledLockHandle(request, unavailable));
			return;
		}
		result.completeExceptionally(cause);
	}

	<T extends @Nullable Object> CompletableFuture<T> execute(LockRequest request, AsyncLockCallback<T> callback) {
		Objects.requireNonNull(callback, "'callback' must not be null");
		CompletableFuture<T> result = new CompletableFuture<>();
		CompletableFuture<LockHandle> acquiring = this.template.acquireAsync(request);
		Cancellable work = new Cancellable();
		result.whenComplete((value, failure) -> {
			if (result.isCancelled()) {
				acquiring.cancel(false);
				work.cancel();
			}
		});
		acquiring.whenComplete((handle, failure) -> {
			if (failure != null) {
				result.completeExceptionally(unwrap(failure));
				return;
			}
			if (result.isDone()) {
				handle.closeAsync();
				return;
			}
			CompletableFuture<T> running;
			try {
				CompletionStage<T> stage = callback.doInLock(handle);
				running = Objects
					.requireNonNull(stage,
							() -> "Callback for lock '" + request.key()
									+ "' returned null instead of a CompletionStage")
					.toCompletableFuture();
			}
			catch (Throwable ex) {
				running = CompletableFuture.failedFuture(ex);
			}
			work.set(running, result);
			running.whenComplete((value, workFailure) -> handle.closeAsync().whenComplete((done, releaseFailure) -> {
				Throwable releaseCause = unwrap(releaseFailure);
				if (workFailure != null) {
					Throwable cause = unwrap(workFailure);
					if (releaseCause != null && releaseCause != cause) {
						cause.addSuppressed(releaseCause);
					}
					result.completeExceptionally(cause);
				}
				else if (releaseCause != null) {
					result.completeExceptionally(releaseCause);
				}
				else {
					result.complete(value);
				}
			}));
		});
		return result;
	}

	private void signal(Runnable completion) {
		// The provider completes on its own (Redis client) threads, which must never run
		// the caller's continuations: they may block.
		try {
			this.executor.execute(completion);
		}
		catch (RejectedExecutionException ex) {
			completion.run();
		}
	}

	static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	/**
	 * The provider calls of one acquisition, retried after a backoff while Redis cannot
	 * be reached, as {@link LockTemplate} retries its blocking calls.
	 */
	private final class Retries {

		final CompletableFuture<@Nullable LockGrant> acquiring = new CompletableFuture<>();

		private final Cancellable step = new Cancellable();

		private final LockRequest request;

		private final Duration waitTime;

		private final @Nullable Duration leaseTime;

		private final long start;

		Retries(LockRequest request, Duration waitTime, @Nullable Duration leaseTime, long start) {
			this.request = request;
			this.waitTime = waitTime;
			this.leaseTime = leaseTime;
			this.start = start;
			call(new Attempt(request, waitTime, leaseTime), 0, AsyncLockSupport.this.retryBackoff);
		}

		void cancel() {
			this.acquiring.cancel(false);
			this.step.cancel();
		}

		private void call(Attempt attempt, int failures, Duration backoff) {
			long callStart = System.nanoTime();
			CompletableFuture<@Nullable AcquiredLock> call;
			try {
				call = AsyncLockSupport.this.provider.tryAcquireAsync(attempt);
			}
			catch (RuntimeException ex) {
				call = CompletableFuture.failedFuture(ex);
			}
			this.step.set(call, this.acquiring);
			call.whenComplete((lock, failure) -> {
				if (failure == null) {
					granted((lock != null) ? LockGrant.of(lock, callStart) : null, failures, backoff);
					return;
				}
				Throwable cause = unwrap(failure);
				if (!(cause instanceof LockUnavailableException unavailable)) {
					this.acquiring.completeExceptionally(cause);
					return;
				}
				int failed = failures + 1;
				boolean withinWait = since(this.start).plus(backoff).compareTo(this.waitTime) < 0;
				if (failed > AsyncLockSupport.this.maxRetries || !withinWait) {
					this.acquiring.completeExceptionally(LockTemplate.retriesExhausted(this.request, failed,
							AsyncLockSupport.this.maxRetries, unavailable));
					return;
				}
				logger.debug("Redis unavailable for lock '{}', retry {} of {} in {} ms", this.request.key(), failed,
						AsyncLockSupport.this.maxRetries, backoff.toMillis());
				CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS, Runnable::run)
					.execute(() -> callAgain(failed, backoff.multipliedBy(2)));
			});
		}

		// As LockTemplate: a spent grant is released and tried again within the wait.
		private void granted(@Nullable LockGrant grant, int failures, Duration backoff) {
			if (grant == null || !grant.spent(this.leaseTime)) {
				if (!this.acquiring.complete(grant) && grant != null) {
					grant.lock().releaseAsync();
				}
				return;
			}
			// The next call starts off the Redis client's threads, as the first did.
			grant.discard(this.request, this.leaseTime).thenRun(() -> signal(() -> {
				if (since(this.start).compareTo(this.waitTime) >= 0) {
					this.acquiring.complete(null);
				}
				else {
					callAgain(failures, backoff);
				}
			}));
		}

		private void callAgain(int failures, Duration backoff) {
			if (this.acquiring.isDone()) {
				return;
			}
			Duration remaining = this.waitTime.minus(since(this.start));
			call(new Attempt(this.request, remaining.isNegative() ? Duration.ZERO : remaining, this.leaseTime),
					failures, backoff);
		}

	}

	/**
	 * The future a caller's future waits on now, cancelled when the caller's is.
	 */
	private static final class Cancellable {

		private volatile @Nullable Future<?> current;

		void set(Future<?> step, Future<?> owner) {
			this.current = step;
			if (owner.isCancelled()) {
				step.cancel(false);
			}
		}

		void cancel() {
			Future<?> step = this.current;
			if (step != null) {
				step.cancel(false);
			}
		}

	}

}
