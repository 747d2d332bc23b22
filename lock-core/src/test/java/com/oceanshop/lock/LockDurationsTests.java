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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link LockDurations}.
 */
class LockDurationsTests {

	@Test
	void requirePositiveReturnsAPositiveDuration() {
		assertThat(LockDurations.requirePositive("interval", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void requirePositiveRejectsZeroNegativeAndNullNamingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> LockDurations.requirePositive("interval", Duration.ZERO))
			.withMessage("'interval' must be positive, but was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockDurations.requirePositive("timeout", Duration.ofSeconds(-1)))
			.withMessageContaining("'timeout' must be positive");
		assertThatNullPointerException().isThrownBy(() -> LockDurations.requirePositive("interval", null))
			.withMessage("'interval' must not be null");
	}

}
