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

package com.oceanshop.lock.adaptive;

import java.time.Duration;
import java.util.Objects;

import com.oceanshop.lock.LockDurations;

/**
 * Settings of {@link AdaptiveTimeouts}: the bounds of learned leases and wait times, the
 * safety factor, the warm-up count and how often the shared estimates are updated. The
 * defaults are those of the {@code app.lock.adaptive.*} properties, whose documentation
 * gives the reasons.
 *
 * @param minLease shortest learned lease
 * @param maxLease longest learned lease
 * @param minWait shortest learned wait time
 * @param maxWait longest learned wait time
 * @param factor safety factor applied to the 99th percentiles, at least 1
 * @param warmUpCount observations of a lock name, by all instances together, before its
 * learned values are used
 * @param updateInterval time between two updates of the shared estimates by one instance
 * @param retention time a lock name's estimate is kept after its last update
 * @param decay weight, above 0 and at most 1, with which a smaller percentile moves the
 * estimate down per update
 * @since 0.1.0
 */
public record AdaptiveTimeoutSettings(Duration minLease, Duration maxLease, Duration minWait, Duration maxWait,
		double factor, int warmUpCount, Duration updateInterval, Duration retention, double decay) {

	/**
	 * Create settings, checking that they make sense.
	 * @throws IllegalArgumentException naming the setting whose value makes no sense
	 */
	public AdaptiveTimeoutSettings {
		LockDurations.requirePositive("minLease", minLease);
		LockDurations.requirePositive("maxLease", maxLease);
		Objects.requireNonNull(minWait, "'minWait' must not be null");
		Objects.requireNonNull(maxWait, "'maxWait' must not be null");
		LockDurations.requirePositive("updateInterval", updateInterval);
		LockDurations.requirePositive("retention", retention);
		if (maxLease.compareTo(minLease) < 0) {
			throw new IllegalArgumentException(
					"'maxLease' (" + maxLease + ") must not be shorter than 'minLease' (" + minLease + ")");
		}
		if (minWait.isNegative()) {
			throw new IllegalArgumentException("'minWait' must not be negative, but was " + minWait);
		}
		if (maxWait.compareTo(minWait) < 0) {
			throw new IllegalArgumentException(
					"'maxWait' (" + maxWait + ") must not be shorter than 'minWait' (" + minWait + ")");
		}
		if (!(factor >= 1) || Double.isInfinite(factor)) {
			throw new IllegalArgumentException("'factor' must be at least 1 (a lease below the observed hold times "
					+ "would expire under running holds), but was " + factor);
		}
		if (warmUpCount < 1) {
			throw new IllegalArgumentException("'warmUpCount' must be at least 1, but was " + warmUpCount);
		}
		if (!(decay > 0 && decay <= 1)) {
			throw new IllegalArgumentException("'decay' must be above 0 and at most 1, but was " + decay);
		}
	}

	/**
	 * Return the default settings.
	 * @return the defaults
	 */
	public static AdaptiveTimeoutSettings defaults() {
		return builder().build();
	}

	/**
	 * Start building settings from the defaults.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link AdaptiveTimeoutSettings}, starting from the defaults.
	 */
	public static final class Builder {

		private Duration minLease = Duration.ofSeconds(5);

		private Duration maxLease = Duration.ofMinutes(5);

		private Duration minWait = Duration.ofSeconds(1);

		private Duration maxWait = Duration.ofSeconds(30);

		private double factor = 3;

		private int warmUpCount = 100;

		private Duration updateInterval = Duration.ofSeconds(10);

		private Duration retention = Duration.ofDays(7);

		private double decay = 0.2;

		private Builder() {
		}

		/**
		 * Set the bounds of a learned lease.
		 * @param min the shortest
		 * @param max the longest
		 * @return this builder
		 */
		public Builder lease(Duration min, Duration max) {
			this.minLease = min;
			this.maxLease = max;
			return this;
		}

		/**
		 * Set the bounds of a learned wait time.
		 * @param min the shortest
		 * @param max the longest
		 * @return this builder
		 */
		public Builder wait(Duration min, Duration max) {
			this.minWait = min;
			this.maxWait = max;
			return this;
		}

		/**
		 * Set the safety factor applied to the 99th percentiles.
		 * @param factor the factor, at least 1
		 * @return this builder
		 */
		public Builder factor(double factor) {
			this.factor = factor;
			return this;
		}

		/**
		 * Set how many observations of a lock name are needed before its learned values
		 * are used.
		 * @param warmUpCount the count, at least 1
		 * @return this builder
		 */
		public Builder warmUpCount(int warmUpCount) {
			this.warmUpCount = warmUpCount;
			return this;
		}

		/**
		 * Set the time between two updates of the shared estimates.
		 * @param updateInterval the interval, positive
		 * @return this builder
		 */
		public Builder updateInterval(Duration updateInterval) {
			this.updateInterval = updateInterval;
			return this;
		}

		/**
		 * Set how long an estimate is kept after its last update.
		 * @param retention the retention, positive
		 * @return this builder
		 */
		public Builder retention(Duration retention) {
			this.retention = retention;
			return this;
		}

		/**
		 * Set the weight with which a smaller percentile moves an estimate down per
		 * update.
		 * @param decay the weight, above 0 and at most 1
		 * @return this builder
		 */
		public Builder decay(double decay) {
			this.decay = decay;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 * @throws IllegalArgumentException naming a setting whose value makes no sense
		 */
		public AdaptiveTimeoutSettings build() {
			return new AdaptiveTimeoutSettings(this.minLease, this.maxLease, this.minWait, this.maxWait, this.factor,
					this.warmUpCount, this.updateInterval, this.retention, this.decay);
		}

	}

}
