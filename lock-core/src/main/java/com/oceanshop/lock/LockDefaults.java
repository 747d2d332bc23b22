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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Wait and lease times applied to {@link LockRequest requests} that leave them unset.
 * Resolution order, most specific first: the request itself, an override for the
 * request's {@link LockRequest#name() name} ({@code context:operation}), an override for
 * its {@link LockType}, then the global defaults. This makes a timeout table such as
 * "inventory reserve 30s, order processing 60s" pure configuration.
 * <p>
 * With {@link LearnedTimeouts} ({@link #withLearned}), a value learned for the request's
 * name comes after the type's override and before the global default; a learned lease
 * only ever replaces the global fixed lease, never an auto-renewal set at any level.
 *
 * @since 0.1.0
 */
public final class LockDefaults {

	/**
	 * Global wait time used when nothing else is configured.
	 */
	public static final Duration DEFAULT_WAIT_TIME = Duration.ofSeconds(5);

	/**
	 * Global lease time used when nothing else is configured.
	 */
	public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);

	private static final LockDefaults STANDARD = builder().build();

	private final Timeouts global;

	private final Map<LockType, Timeouts> byType;

	private final Map<String, Timeouts> byName;

	private final LearnedTimeouts learned;

	private LockDefaults(Builder builder) {
		this.global = builder.global;
		this.byType = new EnumMap<>(builder.byType);
		this.byName = Map.copyOf(builder.byName);
		this.learned = LearnedTimeouts.NONE;
	}

	private LockDefaults(LockDefaults defaults, LearnedTimeouts learned) {
		this.global = defaults.global;
		this.byType = defaults.byType;
		this.byName = defaults.byName;
		this.learned = learned;
	}

	/**
	 * Return the standard defaults: wait {@link #DEFAULT_WAIT_TIME}, lease
	 * {@link #DEFAULT_LEASE_TIME}, no overrides.
	 * @return the standard defaults
	 */
	public static LockDefaults standard() {
		return STANDARD;
	}

	/**
	 * Start building defaults.
	 * @return a builder with the standard global values and no overrides
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Resolve the wait time of a request.
	 * @param request the request
	 * @return the wait time to use
	 */
	public Duration waitTime(LockRequest request) {
		Duration requested = request.waitTime();
		if (requested != null) {
			return requested;
		}
		Timeouts named = this.byName.get(request.name());
		if (named != null && named.waitTime() != null) {
			return named.waitTime();
		}
		Timeouts typed = this.byType.get(request.type());
		if (typed != null && typed.waitTime() != null) {
			return typed.waitTime();
		}
		Duration learnedWait = this.learned.waitTime(request.name());
		if (learnedWait != null) {
			return learnedWait;
		}
		return Objects.requireNonNull(this.global.waitTime());
	}

	/**
	 * Resolve the lease time of a request.
	 * @param request the request
	 * @return the fixed lease to use, or {@code null} for auto-renewal
	 */
	public @Nullable Duration leaseTime(LockRequest request) {
		if (request.autoRenew()) {
			return null;
		}
		if (request.leaseTime() != null) {
			return request.leaseTime();
		}
		for (Timeouts timeouts : new Timeouts[] { this.byName.get(request.name()), this.byType.get(request.type()),
				this.global }) {
			if (timeouts != null) {
				if (Boolean.TRUE.equals(timeouts.autoRenew())) {
					return null;
				}
				// Reached only when no level auto-renews: a learned lease replaces the
				// global fixed lease, never a renewal.
				Duration learnedLease = (timeouts == this.global) ? this.learned.leaseTime(request.name()) : null;
				if (learnedLease != null) {
					return learnedLease;
				}
				if (timeouts.leaseTime() != null) {
					return timeouts.leaseTime();
				}
			}
		}
		return DEFAULT_LEASE_TIME;
	}

	/**
	 * Return these defaults with values learned per lock name, which apply where neither
	 * the request nor the name's or type's overrides set a value, instead of the global
	 * wait time and fixed lease (never instead of an auto-renewal).
	 * @param learned the learned values, or {@link LearnedTimeouts#NONE}
	 * @return new defaults
	 */
	public LockDefaults withLearned(LearnedTimeouts learned) {
		return new LockDefaults(this, Objects.requireNonNull(learned, "'learned' must not be null"));
	}

	/**
	 * Return the values learned per lock name.
	 * @return the learned values, {@link LearnedTimeouts#NONE} unless set with
	 * {@link #withLearned}
	 */
	public LearnedTimeouts learned() {
		return this.learned;
	}

	/**
	 * Return the global defaults.
	 * @return the global timeouts, never with a {@code null} wait time
	 */
	public Timeouts global() {
		return this.global;
	}

	/**
	 * Return the overrides per lock type.
	 * @return an unmodifiable map
	 */
	public Map<LockType, Timeouts> byType() {
		return java.util.Collections.unmodifiableMap(this.byType);
	}

	/**
	 * Return the overrides per lock name ({@code context:operation}).
	 * @return an unmodifiable map
	 */
	public Map<String, Timeouts> byName() {
		return this.byName;
	}

	/**
	 * Timeouts at one level of the resolution order; {@code null} values fall through to
	 * the next level.
	 *
	 * @param waitTime the wait time, or {@code null}
	 * @param leaseTime the fixed lease, or {@code null}
	 * @param autoRenew whether to auto-renew instead of using a fixed lease, or
	 * {@code null}
	 */
	public record Timeouts(@Nullable Duration waitTime, @Nullable Duration leaseTime, @Nullable Boolean autoRenew) {

		/**
		 * Validate the values.
		 */
		public Timeouts {
			LockDurations.checkWaitTime("locks", waitTime);
			LockDurations.checkLeaseTime("locks", leaseTime);
		}

	}

	/**
	 * Builder for {@link LockDefaults}.
	 */
	public static final class Builder {

		private Timeouts global = new Timeouts(DEFAULT_WAIT_TIME, DEFAULT_LEASE_TIME, false);

		private final Map<LockType, Timeouts> byType = new EnumMap<>(LockType.class);

		private final Map<String, Timeouts> byName = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Set the global defaults.
		 * @param waitTime the wait time
		 * @param leaseTime the fixed lease; ignored when {@code autoRenew} is true
		 * @param autoRenew whether locks auto-renew by default instead of using a fixed
		 * lease
		 * @return this builder
		 */
		public Builder global(Duration waitTime, Duration leaseTime, boolean autoRenew) {
			Objects.requireNonNull(waitTime, "'waitTime' must not be null");
			Objects.requireNonNull(leaseTime, "'leaseTime' must not be null");
			this.global = new Timeouts(waitTime, leaseTime, autoRenew);
			return this;
		}

		/**
		 * Override timeouts for one lock type.
		 * @param type the lock type
		 * @param timeouts the overrides
		 * @return this builder
		 */
		public Builder type(LockType type, Timeouts timeouts) {
			this.byType.put(Objects.requireNonNull(type, "'type' must not be null"),
					Objects.requireNonNull(timeouts, "'timeouts' must not be null"));
			return this;
		}

		/**
		 * Override timeouts for one lock name.
		 * @param name the lock name, {@code context:operation}, for example
		 * {@code inventory:reserve}
		 * @param timeouts the overrides
		 * @return this builder
		 */
		public Builder name(String name, Timeouts timeouts) {
			LockKey.parse(name + ":x");
			this.byName.put(name, Objects.requireNonNull(timeouts, "'timeouts' must not be null"));
			return this;
		}

		/**
		 * Build the defaults.
		 * @return the immutable defaults
		 */
		public LockDefaults build() {
			return new LockDefaults(this);
		}

	}

}
