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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oceanshop.lock.LockProvider.AcquiredLock;
import com.oceanshop.lock.LockProvider.Attempt;

/**
 * Central class for distributed locking: acquires locks through a {@link LockProvider},
 * applies {@link LockDefaults}, retries when Redis is unreachable, and reports every
 * event to a {@link LockListener}. <pre class="code">
 * Reservation reservation = lockTemplate.execute(
 *     LockRequest.builder("inventory:reserve:" + productId).waitTime(Duration.ofSeconds(10)).build(),
 *     (lock) -&gt; inventory.reserve(productId, quantity));
 * </pre> When built with {@link Builder#enabled(boolean) enabled(false)} (the operators'
 * rollback switch), every operation runs the protected code without a distributed lock
 * and hands out handles whose {@link LockHandle#isHeld()} is {@code false}.
 * <p>
 * Each handle owns its lock; nested acquisitions re-enter only inside a scope of the same
 * key ({@code execute} callback, {@link DistributedLock} method) on the same thread, and
 * wait like any other caller elsewhere (see {@link LockOperations}).
 * <p>
 * The {@link AsyncLockOperations asynchronous operations} wait without a thread and are
 * scopes of their own; {@code com.oceanshop.lock.reactive.ReactiveLockTemplate} builds
 * the Reactor API on them.
 * <p>
 * Instances are thread-safe and meant to be shared.
 *
 * @since 0.1.0
 */
public class LockTemplate implements LockOperations, AsyncLockOperations {

	private static final Logger logger = LoggerFactory.getLogger(LockTemplate.class);

	private final LockProvider provider;

	private final LockDefaults defaults;

	private final LockListener listener;

	private final boolean enabled;

	private final int maxRetries;

	private final Duration retryBackoff;

	private final LockCircuitBreaker circuitBreaker;

	private final LockReleaseDeferral releaseDeferral;

	private final AsyncLockSupport async;

	/**
	 * Create a template from a builder.
	 * @param builder the builder
	 */
	protected LockTemplate(Builder builder) {
		this.provider = builder.provider;
		this.defaults = builder.defaults;
		this.listener = builder.listener;
		this.enabled = builder.enabled;
		this.maxRetries = builder.maxRetries;
		this.retryBackoff = builder.retryBackoff;
		this.circuitBreaker = builder.circuitBreaker;
		this.releaseDeferral = builder.releaseDeferral;
		this.async = new AsyncLockSupport(this, this.listener, this.maxRetries, this.retryBackoff,
				builder.asyncExecutor);
		if (!this.enabled) {
			logger.warn("Distributed locking is DISABLED: protected code runs without a distributed lock "
					+ "(rollback mode)");
		}
	}

	/**
	 * Start building a template over the given provider.
	 * @param provider the provider doing the Redis work
	 * @return a builder
	 */
	public static Builder builder(LockProvider provider) {
		return new Builder(provider);
	}

	@Override
	public <T extends @Nullable Object> T execute(LockRequest request, LockCallback<T> callback) {
		Objects.requireNonNull(callback, "'callback' must not be null");
		LockHandle handle = acquire(request);
		T result;
		// The callback is the lock's scope: an acquisition of the same key inside it, on
		// this thread, re-enters this lock instead of waiting for it.
		try (LockContext.Scope scope = LockContext.bind(List.of(handle))) {
			result = callback.doInLock(handle);
		}
		catch (Throwable ex) {
			try {
				release(handle);
			}
			catch (RuntimeException closeEx) {
				ex.addSuppressed(closeEx);
			}
			throw ex;
		}
		release(handle);
		return result;
	}

	private void release(LockHandle handle) {
		// Work done in a transaction that is still open must not be read by the next
		// holder before it commits: the deferral may keep the lock until then.
		if (!this.releaseDeferral.defer(List.of(handle))) {
			handle.close();
		}
	}

	@Override
	public LockHandle acquire(LockRequest request) {
		Objects.requireNonNull(request, "'request' must not be null");
		return doAcquire(request, this.defaults.waitTime(request));
	}

	@Override
	public Optional<LockHandle> tryAcquire(LockRequest request) {
		Objects.requireNonNull(request, "'request' must not be null");
		try {
			return Optional.of(doAcquire(request, Duration.ZERO));
		}
		catch (LockAcquisitionException ex) {
			return Optional.empty();
		}
	}

	@Override
	public CompletableFuture<LockHandle> acquireAsync(LockRequest request) {
		Objects.requireNonNull(request, "'request' must not be null");
		return this.async.acquire(request, this.defaults.waitTime(request));
	}

	@Override
	public CompletableFuture<Optional<LockHandle>> tryAcquireAsync(LockRequest request) {
		Objects.requireNonNull(request, "'request' must not be null");
		return this.async.acquire(request, Duration.ZERO).handle((handle, failure) -> {
			Throwable cause = AsyncLockSupport.unwrap(failure);
			if (cause == null) {
				return Optional.of(handle);
			}
			if (cause instanceof LockAcquisitionException) {
				return Optional.empty();
			}
			throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
		});
	}

	@Override
	public <T extends @Nullable Object> CompletableFuture<T> executeAsync(LockRequest request,
			AsyncLockCallback<T> callback) {
		return this.async.execute(request, callback);
	}

	@Override
	public boolean isLocked(String key) {
		return this.provider.isLocked(LockKey.parse(key));
	}

	/**
	 * Return whether distributed locking is enabled.
	 * @return {@code false} in rollback mode
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Return the defaults applied to requests.
	 * @return the defaults
	 */
	public LockDefaults getDefaults() {
		return this.defaults;
	}

	/**
	 * Return the circuit breaker guarding acquisitions against an unreachable Redis.
	 * @return the circuit breaker
	 */
	public LockCircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Return the provider doing the Redis work.
	 * @return the provider
	 */
	public LockProvider getProvider() {
		return this.provider;
	}

	private LockHandle doAcquire(LockRequest request, Duration waitTime) {
		if (!this.enabled) {
			return new DisabledLockHandle(request, null);
		}
		Duration leaseTime = this.defaults.leaseTime(request);
		long start = System.nanoTime();
		// Every later event of this acquisition and of its hold goes to the listener it
		// started (a tracing span keeps its state there).
		LockListener listener = this.listener.onStarted(request);
		DefaultLockHandle enclosing = LockContext.enclosing(request, this.provider);
		if (enclosing != null) {
			LockHandle nested = reenter(enclosing, new Attempt(request, waitTime, leaseTime), start, listener);
			if (nested != null) {
				return nested;
			}
		}
		LockGrant grant;
		try {
			boolean trial = this.circuitBreaker.beforeCall(request.key());
			try {
				grant = acquireWithRetries(new Attempt(request, waitTime, leaseTime), start);
				// Granted or timed out: either way Redis answered.
				this.circuitBreaker.onSuccess();
			}
			catch (LockUnavailableException ex) {
				this.circuitBreaker.onUnavailable();
				throw ex;
			}
			catch (LockException ex) {
				// An error reply: Redis is reachable.
				this.circuitBreaker.onSuccess();
				throw ex;
			}
			finally {
				if (trial) {
					// A trial that ended without telling (interrupted, failed in this
					// process) must not leave the breaker half-open for good.
					this.circuitBreaker.releaseTrial();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			LockInterruptedException failure = new LockInterruptedException(request.key(), ex);
			listener.onFailure(request, since(start), failure);
			throw failure;
		}
		catch (LockUnavailableException ex) {
			listener.onFailure(request, since(start), ex);
			if (request.runUnlockedIfUnavailable()) {
				logger.warn("Running without lock '{}' because Redis is unavailable (the request opted in): {}",
						request.key(), ex.getMessage());
				return new DisabledLockHandle(request, ex);
			}
			throw ex;
		}
		catch (LockDeadlockException ex) {
			listener.onDeadlock(request, since(start), ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			listener.onFailure(request, since(start), ex);
			throw ex;
		}
		long acquired = System.nanoTime();
		Duration waited = Duration.ofNanos(acquired - start);
		if (grant == null) {
			listener.onTimeout(request, waited);
			throw new LockAcquisitionException(request.key(), request.type(), waited);
		}
		listener.onAcquired(request, waited, grant.lock().contended());
		return new DefaultLockHandle(request, grant.lock(), listener, acquired, grant.leaseStartNanos(), leaseTime,
				this.provider);
	}

	private @Nullable LockHandle reenter(DefaultLockHandle enclosing, Attempt attempt, long start,
			LockListener listener) {
		LockRequest request = attempt.request();
		AcquiredLock lock;
		try {
			if (!enclosing.isHeld()) {
				throw new LockLostException(request.key(), "Lock '" + request.key()
						+ "' held by the enclosing scope is no longer held; the nested acquisition cannot re-enter it");
			}
			lock = this.provider.reenter(enclosing.acquiredLock(), attempt);
		}
		catch (RuntimeException ex) {
			listener.onFailure(request, since(start), ex);
			throw ex;
		}
		if (lock == null) {
			return null;
		}
		long acquired = System.nanoTime();
		listener.onAcquired(request, Duration.ofNanos(acquired - start), false);
		// The lease was extended by a command sent after 'start'.
		return new DefaultLockHandle(request, lock, listener, acquired, start, attempt.leaseTime(), this.provider);
	}

	/**
	 * Call the provider until it grants a lock that is still of use, times out, or fails:
	 * a {@link LockUnavailableException} is retried after a backoff, a
	 * {@linkplain LockGrant#spent spent} grant is released and tried again, both within
	 * the wait time.
	 */
	private @Nullable LockGrant acquireWithRetries(Attempt attempt, long start) throws InterruptedException {
		int failures = 0;
		Duration backoff = this.retryBackoff;
		Duration waitTime = attempt.waitTime();
		while (true) {
			long callStart = System.nanoTime();
			try {
				AcquiredLock lock = this.provider.tryAcquire(attempt);
				if (lock == null) {
					return null;
				}
				LockGrant grant = LockGrant.of(lock, callStart);
				if (!grant.spent(attempt.leaseTime())) {
					return grant;
				}
				grant.discard(attempt.request(), attempt.leaseTime()).join();
				if (since(start).compareTo(waitTime) >= 0) {
					return null;
				}
			}
			catch (LockUnavailableException ex) {
				failures++;
				// Retries stay within the caller's wait time: a request thread must not
				// be held longer than it asked to wait just because Redis is away, and a
				// caller that asked not to wait (tryAcquire) gets no retry at all.
				boolean withinWait = since(start).plus(backoff).compareTo(waitTime) < 0;
				if (failures > this.maxRetries || !withinWait) {
					throw retriesExhausted(attempt.request(), failures, this.maxRetries, ex);
				}
				logger.debug("Redis unavailable for lock '{}', retry {} of {} in {} ms", attempt.request().key(),
						failures, this.maxRetries, backoff.toMillis());
				Thread.sleep(backoff.toMillis());
				backoff = backoff.multipliedBy(2);
			}
			Duration remaining = waitTime.minus(since(start));
			attempt = new Attempt(attempt.request(), remaining.isNegative() ? Duration.ZERO : remaining,
					attempt.leaseTime());
		}
	}

	static LockUnavailableException retriesExhausted(LockRequest request, int failures, int maxRetries,
			LockUnavailableException last) {
		return new LockUnavailableException(request.key(),
				"Redis is unavailable: could not acquire lock '" + request.key() + "' after " + failures
						+ ((failures == 1) ? " attempt" : " attempts") + " (maxRetries=" + maxRetries + "): "
						+ last.getMessage(),
				last.getCause());
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	/**
	 * Builder for {@link LockTemplate}.
	 */
	public static class Builder {

		private final LockProvider provider;

		private LockDefaults defaults = LockDefaults.standard();

		private LockListener listener = LockListener.NO_OP;

		private boolean enabled = true;

		private int maxRetries = 3;

		private Duration retryBackoff = Duration.ofMillis(50);

		private LockCircuitBreaker circuitBreaker = new LockCircuitBreaker(5, Duration.ofSeconds(5));

		private LockReleaseDeferral releaseDeferral = LockReleaseDeferral.NONE;

		private Executor asyncExecutor = ForkJoinPool.commonPool();

		/**
		 * Create a builder.
		 * @param provider the provider doing the Redis work
		 */
		protected Builder(LockProvider provider) {
			this.provider = Objects.requireNonNull(provider, "'provider' must not be null");
		}

		/**
		 * Set the defaults for requests that leave wait or lease time unset.
		 * @param defaults the defaults
		 * @return this builder
		 */
		public Builder defaults(LockDefaults defaults) {
			this.defaults = Objects.requireNonNull(defaults, "'defaults' must not be null");
			return this;
		}

		/**
		 * Set the listener told about every lock event.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(LockListener listener) {
			this.listener = Objects.requireNonNull(listener, "'listener' must not be null");
			return this;
		}

		/**
		 * Set whether distributed locking is enabled. {@code false} is the rollback
		 * switch: protected code runs without a distributed lock.
		 * @param enabled whether to lock
		 * @return this builder
		 */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/**
		 * Set how many times an acquisition is retried when Redis cannot be reached.
		 * Contention is governed by the wait time, never by retries.
		 * @param maxRetries the retries, zero or more
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			if (maxRetries < 0) {
				throw new IllegalArgumentException("'maxRetries' must not be negative, but was " + maxRetries);
			}
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * Set the pause before the first retry; it doubles on each further retry.
		 * @param retryBackoff the initial backoff, zero or positive
		 * @return this builder
		 */
		public Builder retryBackoff(Duration retryBackoff) {
			Objects.requireNonNull(retryBackoff, "'retryBackoff' must not be null");
			if (retryBackoff.isNegative()) {
				throw new IllegalArgumentException("'retryBackoff' must not be negative, but was " + retryBackoff);
			}
			this.retryBackoff = retryBackoff;
			return this;
		}

		/**
		 * Set the circuit breaker that fails acquisitions fast while Redis is
		 * unreachable. The default opens after 5 failed acquisitions in a row and tries
		 * again after 5 seconds; {@link LockCircuitBreaker#disabled()} never opens.
		 * @param circuitBreaker the circuit breaker
		 * @return this builder
		 */
		public Builder circuitBreaker(LockCircuitBreaker circuitBreaker) {
			this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "'circuitBreaker' must not be null");
			return this;
		}

		/**
		 * Set what decides when the lock of a finished {@link #execute execute} callback
		 * is released; by default at once. The Spring integration releases a lock taken
		 * inside a transaction when that transaction completes.
		 * @param releaseDeferral the release deferral
		 * @return this builder
		 */
		public Builder releaseDeferral(LockReleaseDeferral releaseDeferral) {
			this.releaseDeferral = Objects.requireNonNull(releaseDeferral, "'releaseDeferral' must not be null");
			return this;
		}

		/**
		 * Set the executor on which the futures of the {@link AsyncLockOperations
		 * asynchronous operations} complete, so that callers' continuations never run on
		 * a Redis client thread. Only completions run there, never a wait; the default is
		 * the common fork-join pool.
		 * @param asyncExecutor the executor
		 * @return this builder
		 */
		public Builder asyncExecutor(Executor asyncExecutor) {
			this.asyncExecutor = Objects.requireNonNull(asyncExecutor, "'asyncExecutor' must not be null");
			return this;
		}

		/**
		 * Build the template.
		 * @return the template
		 */
		public LockTemplate build() {
			return new LockTemplate(this);
		}

	}

}
