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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for a grant that reaches the caller after its lease is over: Redis
 * ran the granting command late (here it is paused with {@code CLIENT PAUSE}, as a stall,
 * a restart with the command queued in the client, or a failover would delay it). A
 * semaphore permit is then born expired (its expiry comes from the client's clock at the
 * sending) and another caller may take its slot at once; an exclusive lock counts its
 * lease in Redis from the late moment, but the handle counts it from the sending. Such a
 * grant must never be handed out as a lock: it is released and the acquisition goes on
 * within its wait time.
 */
class LateGrantIntegrationTests {

	private static final Duration LEASE = Duration.ofMillis(300);

	// Longer than the lease, shorter than the client's command timeout (1 s).
	private static final long PAUSE_MILLIS = 700;

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	@ParameterizedTest
	@EnumSource(LockType.class)
	void lateGrantIsReleasedAndTheLockTakenAgainWithinTheWaitTime(LockType type) {
		LockTemplate template = TestRedisson.template(redis.client());
		LockRequest request = request("late:acquire:" + type, type, Duration.ofSeconds(5));
		template.acquire(request).close();
		pauseRedis();
		try (LockHandle handle = template.acquire(request)) {
			assertThat(handle.isHeld()).as("%s handle held when acquire returns", type).isTrue();
			assertThat(handle.fencingToken()).isPositive();
		}
		assertThat(template.isLocked(request.key())).isFalse();
	}

	@ParameterizedTest
	@EnumSource(LockType.class)
	void lateAsynchronousGrantIsReleasedAndTheLockTakenAgain(LockType type) throws Exception {
		LockTemplate template = TestRedisson.template(redis.client());
		LockRequest request = request("late:async:" + type, type, Duration.ofSeconds(5));
		template.acquire(request).close();
		pauseRedis();
		LockHandle handle = template.acquireAsync(request).get(10, TimeUnit.SECONDS);
		try {
			assertThat(handle.isHeld()).as("%s handle held when its future completes", type).isTrue();
			assertThat(handle.fencingToken()).isPositive();
		}
		finally {
			handle.close();
		}
		assertThat(template.isLocked(request.key())).isFalse();
	}

	@ParameterizedTest
	@EnumSource(LockType.class)
	void lateGrantWithoutWaitTimeIsNotAcquiredAndLeavesNothingHeld(LockType type) {
		LockTemplate template = TestRedisson.template(redis.client());
		LockRequest request = request("late:try:" + type, type, Duration.ZERO);
		template.acquire(request).close();
		pauseRedis();
		Optional<LockHandle> handle = template.tryAcquire(request);
		assertThat(handle).as("%s grant that came after its lease", type).isEmpty();
		assertThat(template.isLocked(request.key())).isFalse();
	}

	private static LockRequest request(String key, LockType type, Duration waitTime) {
		LockRequest.Builder builder = LockRequest.builder(key).type(type).waitTime(waitTime).leaseTime(LEASE);
		if (type == LockType.SEMAPHORE) {
			builder.maxPermits(2);
		}
		return builder.build();
	}

	// Redis queues every client's commands for the pause, then runs them in order.
	private static void pauseRedis() {
		RedisNode node = redis.standaloneTopology().node();
		assertThat(node.call("CLIENT", "PAUSE", Long.toString(PAUSE_MILLIS), "ALL")).isEqualTo("OK");
	}

}
