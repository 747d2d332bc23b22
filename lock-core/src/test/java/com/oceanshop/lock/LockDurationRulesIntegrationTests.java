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
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Integration tests for the duration rules against a real Redis: a lease under one
 * millisecond would reach Redisson as zero, which it takes as "renew for ever", so the
 * lock would stay in Redis while its handle says it is not held. Such a request is
 * rejected before Redis is called.
 */
class LockDurationRulesIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	@Test
	void subMillisecondLeaseIsRejectedAndWritesNothing() {
		LockTemplate template = redis.template();
		long keysBefore = redis.client().getKeys().count();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> template
				.acquire(LockRequest.builder("inventory:reserve:SUB-MS").leaseTime(Duration.ofNanos(500_000)).build()))
			.withMessageContaining("'inventory:reserve:SUB-MS'")
			.withMessageContaining("at least 1 ms");
		assertThat(redis.client().getKeys().count()).isEqualTo(keysBefore);
		assertThat(template.isLocked("inventory:reserve:SUB-MS")).isFalse();
	}

}
