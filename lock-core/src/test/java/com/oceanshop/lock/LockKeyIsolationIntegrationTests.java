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

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests showing that a lock id, which is user data, cannot make one lock's
 * Redis key equal another lock's helper keys (fencing counter, fair queue, semaphore
 * timeouts) or split a lock from its helpers across Cluster slots.
 */
class LockKeyIsolationIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static LockTemplate template;

	@BeforeAll
	static void createTemplate() {
		redisson = TestRedisson.create(redis.standaloneTopology().uri());
		template = LockTemplate.builder(new RedissonLockProvider(redisson)).build();
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	@ParameterizedTest
	@ValueSource(strings = { "inventory:reserve:{P-1}", "inventory:reserve:{P-1}:fence", "inventory:reserve:P}-1",
			"inventory:reserve:{P-1}:timeout", "inventory:reserve:P{-1" })
	void idWithHashTagBraceIsRejectedBeforeRedisIsCalled(String key) {
		long keysBefore = redisson.getKeys().count();
		assertThatExceptionOfType(InvalidLockKeyException.class)
			.isThrownBy(() -> template.execute(LockRequest.of(key), (lock) -> lock.fencingToken()))
			.withMessageContaining(key)
			.withMessageContaining("'{' and '}'");
		assertThat(redisson.getKeys().count()).isEqualTo(keysBefore);
	}

	@Test
	void idsEndingLikeHelperKeysLockTheirOwnKeysAndFencingNeverGoesBackwards() {
		List<Long> tokens = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			for (String id : List.of("P-2", "P-2:fence", "P-2:timeout", "P-2:rwlock_timeout:1")) {
				LockRequest request = LockRequest.of("inventory:reserve:" + id);
				long token = template.execute(request, LockHandle::fencingToken);
				if (id.equals("P-2")) {
					tokens.add(token);
				}
			}
		}
		assertThat(tokens).isSorted().doesNotHaveDuplicates();
		// Every helper key (the fencing counter, the short-lived release record) is
		// wrapped in the hash tag of its own lock, so no lock key
		// (which starts with the prefix) can ever equal one.
		for (String key : redisson.getKeys().getKeys()) {
			assertThat(key).satisfiesAnyOf(
					(name) -> assertThat(name).startsWith("{lock:inventory:reserve:").endsWith("}:fence"),
					(name) -> assertThat(name).startsWith("{lock:inventory:reserve:").endsWith("}:released"),
					(name) -> assertThat(name).startsWith("lock:"));
		}
	}

}
