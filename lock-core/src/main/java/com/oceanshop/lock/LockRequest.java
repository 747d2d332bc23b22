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

import org.jspecify.annotations.Nullable;

/**
 * Immutable description of one lock acquisition: which key, which {@link LockType}, how
 * long to wait, and how long to hold. <pre class="code">
 * LockRequest request = LockRequest.builder("inventory:reserve:PROD-123")
 *     .type(LockType.EXCLUSIVE)
 *     .waitTime(Duration.ofSeconds(10))
 *     .leaseTime(Duration.ofSeconds(30))
 *     .build();
 * </pre> Unset wait and lease times are taken from the template's {@link LockDefaults}
 * when the request is executed. A request either has a fixed lease (the lock expires
 * after it, whatever the holder does) or asks for {@link Builder#autoRenew()
 * auto-renewal} (the lock is kept alive while its holder's process lives and expires
 * within the renewal timeout after it dies).
 * <p>
 * Waiters for the same exclusive, fair or write lock are served by
 * {@link Builder#priority(int) priority}: higher first, then in arrival order, across
 * instances and inside one. Waiting ages a request, so a low priority is served within a
 * bound (see {@link Builder#priority(int)}).
 *
 * @since 0.1.0
 */
public final class LockRequest {

	/**
	 * Lowest priority a request may have.
	 */
	public static final int MIN_PRIORITY = -1000;

	/**
	 * Priority of a request that sets none.
	 */
	public static final int DEFAULT_PRIORITY = 0;

	/**
	 * Highest priority a request may have.
	 */
	public static final int MAX_PRIORITY = 1000;

	private final LockKey key;

	private final LockType type;

	private final @Nullable Duration waitTime;

	private final @Nullable Duration leaseTime;

	private final boolean autoRenew;

	private final int permits;

	private final int maxPermits;

	private final boolean runUnlockedIfUnavailable;

	private final int priority;

	private LockRequest(Builder builder) {
		this.key = builder.key;
		this.type = builder.type;
		this.waitTime = builder.waitTime;
		this.leaseTime = builder.leaseTime;
		this.autoRenew = builder.autoRenew;
		this.permits = builder.permits;
		this.maxPermits = builder.maxPermits;
		this.runUnlockedIfUnavailable = builder.runUnlockedIfUnavailable;
		this.priority = builder.priority;
	}

	/**
	 * Start a request for the given key.
	 * @param key the key, {@code <context>:<operation>:<id>}
	 * @return a builder
	 * @throws InvalidLockKeyException if the key breaks the {@link LockKey key rules}
	 */
	public static Builder builder(@Nullable String key) {
		return new Builder(LockKey.parse(key));
	}

	/**
	 * Start a request for the given key.
	 * @param key the parsed key
	 * @return a builder
	 */
	public static Builder builder(LockKey key) {
		return new Builder(Objects.requireNonNull(key, "'key' must not be null"));
	}

	/**
	 * Shortcut for an {@link LockType#EXCLUSIVE} request with default timeouts.
	 * @param key the key
	 * @return the request
	 */
	public static LockRequest of(String key) {
		return builder(key).build();
	}

	/**
	 * Return the key.
	 * @return the key as a string
	 */
	public String key() {
		return this.key.value();
	}

	/**
	 * Return the parsed key.
	 * @return the key
	 */
	public LockKey lockKey() {
		return this.key;
	}

	/**
	 * Return the lock's logical name, {@code context:operation}.
	 * @return the name
	 */
	public String name() {
		return this.key.name();
	}

	/**
	 * Return the lock type.
	 * @return the type
	 */
	public LockType type() {
		return this.type;
	}

	/**
	 * Return the maximum time to wait, or {@code null} to use the template's default.
	 * @return the wait time, if set
	 */
	public @Nullable Duration waitTime() {
		return this.waitTime;
	}

	/**
	 * Return the fixed lease, or {@code null} to use the template's default (or
	 * auto-renewal, if requested).
	 * @return the lease time, if set
	 */
	public @Nullable Duration leaseTime() {
		return this.leaseTime;
	}

	/**
	 * Return whether the lock is kept alive by renewal instead of expiring after a fixed
	 * lease.
	 * @return whether auto-renewal was requested
	 */
	public boolean autoRenew() {
		return this.autoRenew;
	}

	/**
	 * Return the number of permits to take ({@link LockType#SEMAPHORE} only).
	 * @return the permits, 1 for other lock types
	 */
	public int permits() {
		return this.permits;
	}

	/**
	 * Return the total number of permits of the semaphore ({@link LockType#SEMAPHORE}
	 * only).
	 * @return the maximum permits, 1 for other lock types
	 */
	public int maxPermits() {
		return this.maxPermits;
	}

	/**
	 * Return whether the protected code may run without the lock when Redis cannot be
	 * reached.
	 * @return {@code true} only if the caller opted in
	 * @see Builder#runUnlockedIfUnavailable()
	 */
	public boolean runUnlockedIfUnavailable() {
		return this.runUnlockedIfUnavailable;
	}

	/**
	 * Return the priority among the waiters for the same lock: higher is served first.
	 * @return the priority, from {@link #MIN_PRIORITY} to {@link #MAX_PRIORITY}
	 * @see Builder#priority(int)
	 */
	public int priority() {
		return this.priority;
	}

	@Override
	public String toString() {
		return "LockRequest[key=" + this.key + ", type=" + this.type + ", waitTime=" + this.waitTime + ", leaseTime="
				+ (this.autoRenew ? "auto" : this.leaseTime)
				+ ((this.type != LockType.SEMAPHORE) ? "" : ", permits=" + this.permits + "/" + this.maxPermits)
				+ ((this.priority == DEFAULT_PRIORITY) ? "" : ", priority=" + this.priority) + "]";
	}

	/**
	 * Builder for {@link LockRequest}.
	 */
	public static final class Builder {

		private final LockKey key;

		private LockType type = LockType.EXCLUSIVE;

		private @Nullable Duration waitTime;

		private @Nullable Duration leaseTime;

		private boolean autoRenew;

		private int permits = 1;

		private int maxPermits = 1;

		private boolean runUnlockedIfUnavailable;

		private int priority = DEFAULT_PRIORITY;

		private Builder(LockKey key) {
			this.key = key;
		}

		/**
		 * Set the lock type. The default is {@link LockType#EXCLUSIVE}.
		 * @param type the lock type
		 * @return this builder
		 */
		public Builder type(LockType type) {
			this.type = Objects.requireNonNull(type, "'type' must not be null");
			return this;
		}

		/**
		 * Set the maximum time to wait for the lock. Zero means a single attempt. The
		 * default is the template's configured wait time.
		 * @param waitTime the wait time, zero or at least one millisecond
		 * @return this builder
		 */
		public Builder waitTime(@Nullable Duration waitTime) {
			this.waitTime = LockDurations.checkWaitTime("lock '" + this.key + "'", waitTime);
			return this;
		}

		/**
		 * Set a fixed lease: the lock expires after this time even if its holder is still
		 * running. The default is the template's configured lease time.
		 * @param leaseTime the lease, at least one millisecond
		 * @return this builder
		 */
		public Builder leaseTime(@Nullable Duration leaseTime) {
			this.leaseTime = LockDurations.checkLeaseTime("lock '" + this.key + "'", leaseTime);
			if (leaseTime != null) {
				this.autoRenew = false;
			}
			return this;
		}

		/**
		 * Keep the lock alive while its holder lives instead of giving it a fixed lease.
		 * If the holder's process dies, the lock is freed within the renewal timeout.
		 * Replaces any lease time set before.
		 * @return this builder
		 */
		public Builder autoRenew() {
			this.autoRenew = true;
			this.leaseTime = null;
			return this;
		}

		/**
		 * Set the number of permits to take ({@link LockType#SEMAPHORE} only). The
		 * default is 1.
		 * @param permits the permits, at least 1
		 * @return this builder
		 */
		public Builder permits(int permits) {
			if (permits < 1) {
				throw new IllegalArgumentException(
						"Permits for lock '" + this.key + "' must be at least 1, but was " + permits);
			}
			this.permits = permits;
			return this;
		}

		/**
		 * Set the total number of permits of the semaphore ({@link LockType#SEMAPHORE}
		 * only). The default is 1.
		 * @param maxPermits the total permits, at least 1
		 * @return this builder
		 */
		public Builder maxPermits(int maxPermits) {
			if (maxPermits < 1) {
				throw new IllegalArgumentException(
						"Max permits for lock '" + this.key + "' must be at least 1, but was " + maxPermits);
			}
			this.maxPermits = maxPermits;
			return this;
		}

		/**
		 * Let the protected code run without the lock when Redis cannot be reached (after
		 * retries, or while the circuit breaker is open), instead of failing with
		 * {@link LockUnavailableException}. The handle then reports
		 * {@link LockHandle#isHeld()} {@code false} and has no fencing token. Only opt in
		 * where a second line of defence (optimistic locking, a conditional update) keeps
		 * the data safe. The default is to fail.
		 * @return this builder
		 */
		public Builder runUnlockedIfUnavailable() {
			this.runUnlockedIfUnavailable = true;
			return this;
		}

		/**
		 * Set the priority among the waiters for the same {@link LockType#EXCLUSIVE},
		 * {@link LockType#FAIR} or {@link LockType#WRITE} lock: when the lock is freed,
		 * the waiter with the highest priority gets it, and waiters of equal priority get
		 * it in the order they arrived, across instances and within one. A caller that
		 * finds the lock free does not take it ahead of a waiter that ranks before it
		 * (for exclusive and write locks: by more than one aging interval). Waiting ages
		 * a request: a waiter is ordered as if it had arrived {@code priority} times the
		 * aging interval ({@code app.lock.priority.aging-interval}, 100 ms by default)
		 * earlier, so a waiter of priority {@code q} is never overtaken by one of
		 * priority {@code p} that arrives more than {@code (p - q)} aging intervals after
		 * it (one interval more for exclusive and write locks). Read locks and semaphores
		 * ignore it. The default is {@link #DEFAULT_PRIORITY 0}.
		 * @param priority the priority, from {@link #MIN_PRIORITY -1000} to
		 * {@link #MAX_PRIORITY 1000}, higher first
		 * @return this builder
		 */
		public Builder priority(int priority) {
			if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
				throw new IllegalArgumentException("Priority for lock '" + this.key + "' must be between "
						+ MIN_PRIORITY + " and " + MAX_PRIORITY + ", but was " + priority);
			}
			this.priority = priority;
			return this;
		}

		/**
		 * Build the request.
		 * @return the immutable request
		 * @throws IllegalArgumentException if permits are set on a type other than
		 * {@link LockType#SEMAPHORE}, or exceed {@code maxPermits}
		 */
		public LockRequest build() {
			if (this.type != LockType.SEMAPHORE && (this.permits != 1 || this.maxPermits != 1)) {
				throw new IllegalArgumentException("Lock '" + this.key + "' is of type " + this.type
						+ ": permits and maxPermits apply only to SEMAPHORE");
			}
			if (this.permits > this.maxPermits) {
				throw new IllegalArgumentException("Lock '" + this.key + "' asks for " + this.permits
						+ " permits but the semaphore has only maxPermits=" + this.maxPermits);
			}
			return new LockRequest(this);
		}

	}

}
