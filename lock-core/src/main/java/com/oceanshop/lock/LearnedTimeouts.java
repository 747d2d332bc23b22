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

import org.jspecify.annotations.Nullable;

/**
 * Wait and lease times learned per lock name ({@code context:operation}) from what was
 * measured, for example by {@link com.oceanshop.lock.adaptive.AdaptiveTimeouts}.
 * {@link LockDefaults} asks for them only where nothing is set explicitly: after the
 * request, the name's and the type's overrides, and never for a lock that auto-renews. A
 * learned lease is resolved when a lock is acquired, so it never changes the lease of a
 * lock already held.
 *
 * @since 0.1.0
 */
public interface LearnedTimeouts {

	/**
	 * Learned nothing: the static defaults apply.
	 */
	LearnedTimeouts NONE = new LearnedTimeouts() {

		@Override
		public @Nullable Duration leaseTime(String name) {
			return null;
		}

		@Override
		public @Nullable Duration waitTime(String name) {
			return null;
		}

	};

	/**
	 * Return the learned lease of a lock name.
	 * @param name the lock name, {@code context:operation}
	 * @return the lease, at least one millisecond, or {@code null} when nothing is
	 * learned (yet)
	 */
	@Nullable Duration leaseTime(String name);

	/**
	 * Return the learned wait time of a lock name.
	 * @param name the lock name, {@code context:operation}
	 * @return the wait time, or {@code null} when nothing is learned (yet)
	 */
	@Nullable Duration waitTime(String name);

}
