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

/**
 * Checks on {@link Duration} arguments, shared by the classes that validate their
 * settings.
 *
 * @since 1.0.0
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Return whether a duration is longer than zero.
	 * @param value the duration
	 * @return {@code true} if it is positive
	 */
	public static boolean isPositive(Duration value) {
		return !value.isNegative() && !value.isZero();
	}

	/**
	 * Check that a duration is set and longer than zero.
	 * @param name the name of the value, for the message
	 * @param value the duration
	 * @return the duration
	 * @throws NullPointerException if it is {@code null}
	 * @throws IllegalArgumentException if it is zero or negative
	 */
	public static Duration requirePositive(String name, Duration value) {
		Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
		if (!isPositive(value)) {
			throw new IllegalArgumentException("'" + name + "' must be positive, but was " + value);
		}
		return value;
	}

}
