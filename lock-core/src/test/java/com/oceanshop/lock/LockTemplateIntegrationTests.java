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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.oceanshop.lock.test.RedisConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link LockTemplate} over real {@code redis-server} processes.
 */
class LockTemplateIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);

	final LockTemplate template = redis.template();

	static Object redisCall(String... command) {
		try (RedisConnection connection = redis.standaloneTopology().node().connect()) {
			return connection.call(command);
		}
	}

	@Nested
	class KeyInRedis {

		@Test
		void holderWhoseKeyWasRemovedGetsNoFencingToken() {
			String key = "test:force-released:1";
			LockHandle handle = template.acquire(LockRequest.of(key));
			redisCall("DEL", "lock:" + key);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::fencingToken)
				.withMessageContaining("no longer held in Redis");
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close);
		}

		@Test
		void redisKeyIsPrefixPlusKeyAndHasALease() {
			String key = "inventory:reserve:PROD-123";
			try (LockHandle handle = template
				.acquire(LockRequest.builder(key).leaseTime(Duration.ofSeconds(30)).build())) {
				Object ttl = redisCall("PTTL", "lock:" + key);
				assertThat((Long) ttl).isBetween(1L, 30_000L);
			}
		}

	}

	@Nested
	class LossDetection {

		@ParameterizedTest
		@EnumSource(LockType.class)
		void renewalThatFindsTheLockGoneReportsTheLossBeforeRelease(LockType type) throws Exception {
			String key = "test:lost-renewal:" + type;
			List<String> losses = Collections.synchronizedList(new ArrayList<>());
			LockTemplate listening = LockTemplate.builder(template.getProvider()).listener(new LockListener() {
				@Override
				public void onLost(LockRequest request, Duration held) {
					losses.add(request.key());
				}
			}).build();
			LockRequest.Builder builder = LockRequest.builder(key).type(type).autoRenew();
			if (type == LockType.SEMAPHORE) {
				builder.maxPermits(1);
			}
			LockHandle handle = listening.acquire(builder.build());
			// What a failover to a replica that missed the write, or an operator's force
			// release, looks like to the holder: the lock is simply gone.
			redisCall("DEL", "lock:" + key, "{lock:" + key + "}:timeout");
			FaultFigures.await("the renewal noticed the loss", TEST_TIMEOUT, () -> !handle.isHeld());
			// Listeners hear of a loss on a thread of their own, right after the handle.
			FaultFigures.await("the loss was reported", TEST_TIMEOUT, () -> !losses.isEmpty());
			assertThat(losses).containsExactly(key);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::fencingToken);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(handle::close)
				.withMessageContaining("renewal failed");
			assertThat(losses).containsExactly(key);
		}

		@Test
		void executeEndsWithLockLostAfterTheActionWhenTheLockWasLost() {
			String key = "test:lost-execute:1";
			List<String> work = new ArrayList<>();
			assertThatExceptionOfType(LockLostException.class)
				.isThrownBy(() -> template.execute(LockRequest.builder(key).autoRenew().build(), (lock) -> {
					redisCall("DEL", "lock:" + key);
					work.add("done");
					return null;
				}));
			assertThat(work).containsExactly("done");
		}

	}

	@Nested
	class Concurrency {

		@Test
		void fuzzedMixOfTypesAndKeysNeverOverlapsOnAKey() throws Exception {
			Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
			AtomicInteger violations = new AtomicInteger();
			AtomicInteger operations = new AtomicInteger();
			LockType[] exclusiveTypes = { LockType.EXCLUSIVE, LockType.WRITE };
			List<Future<?>> workers = new ArrayList<>();
			ExecutorService executor = Executors.newFixedThreadPool(8);
			for (int t = 0; t < 8; t++) {
				workers.add(executor.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < 40; i++) {
						String key = "test:fuzz:" + random.nextInt(3);
						LockType type = exclusiveTypes[random.nextInt(exclusiveTypes.length)];
						// EXCLUSIVE and WRITE of one key are different Redis structures,
						// so the
						// key decides the type: both threads must agree to exclude each
						// other.
						LockType keyType = key.endsWith("0") ? LockType.FAIR : type;
						String fullKey = key + ":" + keyType;
						LockRequest request = LockRequest.builder(fullKey)
							.type(keyType)
							.waitTime(Duration.ofSeconds(20))
							.leaseTime(Duration.ofSeconds(20))
							.build();
						template.execute(request, (lock) -> {
							AtomicInteger counter = inside.computeIfAbsent(fullKey, (k) -> new AtomicInteger());
							if (counter.incrementAndGet() != 1) {
								violations.incrementAndGet();
							}
							if (random.nextBoolean()) {
								lock.fencingToken();
							}
							counter.decrementAndGet();
							return operations.incrementAndGet();
						});
					}
					return null;
				}));
			}
			try {
				for (Future<?> worker : workers) {
					worker.get(90, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(operations).hasValue(320);
			assertThat(violations).hasValue(0);
		}

	}

}
