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
import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockDefaults.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LockDefaults} with {@link LearnedTimeouts}: explicit settings always
 * win, and a learned lease never replaces auto-renewal.
 */
class LockDefaultsLearnedTimeoutsTests {

	private static final Duration LEARNED_LEASE = Duration.ofMillis(600);

	private static final Duration LEARNED_WAIT = Duration.ofMillis(700);

	private static final LearnedTimeouts LEARNED = new LearnedTimeouts() {

		@Override
		public @Nullable Duration leaseTime(String name) {
			return name.startsWith("learned:") ? LEARNED_LEASE : null;
		}

		@Override
		public @Nullable Duration waitTime(String name) {
			return name.startsWith("learned:") ? LEARNED_WAIT : null;
		}

	};

	private final LockDefaults defaults = LockDefaults.builder()
		.global(Duration.ofSeconds(2), Duration.ofSeconds(10), false)
		.type(LockType.FAIR, new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(60), null))
		.type(LockType.SEMAPHORE, new Timeouts(null, null, true))
		.name("learned:named", new Timeouts(Duration.ofSeconds(4), Duration.ofSeconds(30), null))
		.name("learned:renewed", new Timeouts(null, null, true))
		.build()
		.withLearned(LEARNED);

	@Test
	void learnedValuesReplaceOnlyTheGlobalDefaults() {
		LockRequest request = LockRequest.of("learned:plain:1");
		assertThat(this.defaults.leaseTime(request)).isEqualTo(LEARNED_LEASE);
		assertThat(this.defaults.waitTime(request)).isEqualTo(LEARNED_WAIT);
		LockRequest notLearned = LockRequest.of("other:plain:1");
		assertThat(this.defaults.leaseTime(notLearned)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.defaults.waitTime(notLearned)).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void requestNameAndTypeSettingsWinOverLearnedValues() {
		LockRequest explicit = LockRequest.builder("learned:plain:1")
			.waitTime(Duration.ofMillis(7))
			.leaseTime(Duration.ofMillis(8))
			.build();
		assertThat(this.defaults.leaseTime(explicit)).isEqualTo(Duration.ofMillis(8));
		assertThat(this.defaults.waitTime(explicit)).isEqualTo(Duration.ofMillis(7));
		LockRequest named = LockRequest.of("learned:named:1");
		assertThat(this.defaults.leaseTime(named)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.defaults.waitTime(named)).isEqualTo(Duration.ofSeconds(4));
		LockRequest typed = LockRequest.builder("learned:plain:1").type(LockType.FAIR).build();
		assertThat(this.defaults.leaseTime(typed)).isEqualTo(Duration.ofSeconds(60));
		assertThat(this.defaults.waitTime(typed)).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void learnedLeaseNeverReplacesAutoRenewal() {
		assertThat(this.defaults.leaseTime(LockRequest.builder("learned:plain:1").autoRenew().build())).isNull();
		assertThat(this.defaults.leaseTime(LockRequest.of("learned:renewed:1"))).isNull();
		assertThat(this.defaults
			.leaseTime(LockRequest.builder("learned:plain:1").type(LockType.SEMAPHORE).maxPermits(2).build())).isNull();
		LockDefaults renewedByDefault = LockDefaults.builder()
			.global(Duration.ofSeconds(2), Duration.ofSeconds(10), true)
			.build()
			.withLearned(LEARNED);
		LockRequest request = LockRequest.of("learned:plain:1");
		assertThat(renewedByDefault.leaseTime(request)).isNull();
		// The wait time is learned whatever the lease.
		assertThat(renewedByDefault.waitTime(request)).isEqualTo(LEARNED_WAIT);
	}

	@Test
	void withoutLearnedValuesTheStaticDefaultsApply() {
		LockDefaults off = this.defaults.withLearned(LearnedTimeouts.NONE);
		LockRequest request = LockRequest.of("learned:plain:1");
		assertThat(off.leaseTime(request)).isEqualTo(Duration.ofSeconds(10));
		assertThat(off.waitTime(request)).isEqualTo(Duration.ofSeconds(2));
		assertThat(off.learned()).isSameAs(LearnedTimeouts.NONE);
	}

}
