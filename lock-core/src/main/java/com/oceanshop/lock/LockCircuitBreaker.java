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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Circuit breaker that stops request threads from piling up on connect timeouts while
 * Redis is unreachable. After {@code failureThreshold} acquisitions in a row fail with
 * {@link LockUnavailableException}, the breaker opens: acquisitions fail at once, without
 * calling Redis, for {@code openDuration}. Then one trial acquisition is let through
 * (half-open); its success, or any answer from Redis (a lock that is simply held, an
 * error reply), closes the breaker, and its failure to reach Redis opens it again. A
 * trial that ends without telling (interrupted) hands the trial to the next acquisition.
 * The breaker thus never stays half-open, and closes by itself when Redis is back.
 * <p>
 * Contention never trips the breaker: only unavailability of Redis does.
 *
 * @since 0.1.0
 */
public final class LockCircuitBreaker {

	/**
	 * States of the breaker.
	 */
	public enum State {

		/**
		 * Acquisitions reach Redis.
		 */
		CLOSED,

		/**
		 * Acquisitions fail at once with {@link LockUnavailableException}.
		 */
		OPEN,

		/**
		 * One trial acquisition reaches Redis; the others fail at once.
		 */
		HALF_OPEN

	}

	private final int failureThreshold;

	private final Duration openDuration;

	private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private final AtomicLong openedAtNanos = new AtomicLong();

	/**
	 * Create a breaker.
	 * @param failureThreshold consecutive failed acquisitions that open the breaker, at
	 * least 1
	 * @param openDuration how long the breaker stays open before a trial, positive
	 */
	public LockCircuitBreaker(int failureThreshold, Duration openDuration) {
		Objects.requireNonNull(openDuration, "'openDuration' must not be null");
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("'failureThreshold' must be at least 1, but was " + failureThreshold);
		}
		if (openDuration.isNegative() || openDuration.isZero()) {
			throw new IllegalArgumentException("'openDuration' must be positive, but was " + openDuration);
		}
		this.failureThreshold = failureThreshold;
		this.openDuration = openDuration;
	}

	/**
	 * Return a breaker that never opens.
	 * @return a disabled breaker
	 */
	public static LockCircuitBreaker disabled() {
		return new LockCircuitBreaker(Integer.MAX_VALUE, Duration.ofDays(1));
	}

	/**
	 * Decide whether an acquisition may call Redis now. A call that returns {@code true}
	 * is the half-open trial: it must end with {@link #onSuccess()},
	 * {@link #onUnavailable()} or, when it ends without telling whether Redis is
	 * reachable, {@link #releaseTrial()}.
	 * @param key the key being acquired, for the error message
	 * @return whether this call is the trial of a half-open breaker
	 * @throws LockUnavailableException if the breaker is open
	 */
	boolean beforeCall(String key) {
		State current = this.state.get();
		if (current == State.CLOSED) {
			return false;
		}
		if (current == State.OPEN && System.nanoTime() - this.openedAtNanos.get() >= this.openDuration.toNanos()
				&& this.state.compareAndSet(State.OPEN, State.HALF_OPEN)) {
			return true;
		}
		throw new LockUnavailableException(key,
				"Redis is unavailable: the lock circuit breaker is open after " + this.consecutiveFailures.get()
						+ " failed acquisitions in a row; lock '" + key + "' was not attempted (next trial within "
						+ this.openDuration.toMillis() + " ms)",
				null);
	}

	/**
	 * Record that Redis answered.
	 */
	void onSuccess() {
		this.consecutiveFailures.set(0);
		this.state.set(State.CLOSED);
	}

	/**
	 * Record that an acquisition failed because Redis was unavailable.
	 */
	void onUnavailable() {
		int failures = this.consecutiveFailures.incrementAndGet();
		if (this.state.get() == State.HALF_OPEN || failures >= this.failureThreshold) {
			this.openedAtNanos.set(System.nanoTime());
			this.state.set(State.OPEN);
		}
	}

	/**
	 * End a trial that did not tell whether Redis is reachable (interrupted, or failed in
	 * this process before Redis answered): the breaker leaves half-open, and the next
	 * acquisition is the new trial, without waiting another open duration.
	 */
	void releaseTrial() {
		if (this.state.get() == State.HALF_OPEN) {
			this.openedAtNanos.set(System.nanoTime() - this.openDuration.toNanos());
			this.state.compareAndSet(State.HALF_OPEN, State.OPEN);
		}
	}

	/**
	 * Return the current state.
	 * @return the state
	 */
	public State getState() {
		return this.state.get();
	}

	/**
	 * Return the number of acquisitions in a row that failed because Redis was
	 * unavailable.
	 * @return the consecutive failures
	 */
	public int getConsecutiveFailures() {
		return this.consecutiveFailures.get();
	}

	/**
	 * Return the number of consecutive failures that opens the breaker.
	 * @return the threshold
	 */
	public int getFailureThreshold() {
		return this.failureThreshold;
	}

	/**
	 * Return how long the breaker stays open before a trial acquisition.
	 * @return the open duration
	 */
	public Duration getOpenDuration() {
		return this.openDuration;
	}

}
