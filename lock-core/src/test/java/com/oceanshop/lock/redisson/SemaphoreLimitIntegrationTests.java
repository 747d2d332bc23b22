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

package com.oceanshop.lock.redisson;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for the limit of a {@link LockType#SEMAPHORE}: each request's own
 * {@code maxPermits} applies, counted against the live permits, and a release gives back
 * every permit of the hold.
 */
class SemaphoreLimitIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static LockTemplate template;

	@BeforeAll
	static void createTemplate() {
		Config config = new Config();
		config.setLockWatchdogTimeout(1500);
		config.useSingleServer().setAddress(redis.standaloneTopology().uri()).setTimeout(1000);
		redisson = Redisson.create(config);
		template = RedissonLockTemplates.create(redisson);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	static LockRequest request(String key, int permits, int maxPermits, Duration wait) {
		return LockRequest.builder(key)
			.type(LockType.SEMAPHORE)
			.permits(permits)
			.maxPermits(maxPermits)
			.waitTime(wait)
			.leaseTime(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void loweredMaxPermitsTakesEffect() {
		String key = "semaphore-limit:acquire:lowered";
		LockHandle first = template.acquire(request(key, 1, 3, Duration.ZERO));
		LockHandle second = template.acquire(request(key, 1, 3, Duration.ZERO));
		// Two holders hold it: a request whose own limit is two must not get in.
		Optional<LockHandle> third = template.tryAcquire(request(key, 1, 2, Duration.ZERO));
		third.ifPresent(LockHandle::close);
		assertThat(third).isEmpty();
		first.close();
		LockHandle afterRelease = template.acquire(request(key, 1, 2, Duration.ZERO));
		afterRelease.close();
		second.close();
	}

	@Test
	void raisedMaxPermitsTakesEffect() {
		String key = "semaphore-limit:acquire:raised";
		LockHandle first = template.acquire(request(key, 1, 1, Duration.ZERO));
		Optional<LockHandle> second = template.tryAcquire(request(key, 1, 2, Duration.ZERO));
		assertThat(second).isPresent();
		second.get().close();
		assertThat(template.tryAcquire(request(key, 1, 1, Duration.ZERO))).isEmpty();
		first.close();
	}

	@Test
	void releaseOfAPartlyExpiredMultiPermitHoldGivesBackTheValidPermits() {
		String key = "semaphore-limit:acquire:partly-expired";
		LockHandle hold = template.acquire(request(key, 2, 2, Duration.ZERO));
		RScoredSortedSet<byte[]> permits = redisson.getScoredSortedSet(
				RedissonLockLayout.semaphoreTimeoutKey(RedissonLockProvider.DEFAULT_KEY_PREFIX + key),
				ByteArrayCodec.INSTANCE);
		List<byte[]> held = List.copyOf(permits.readAll());
		assertThat(held).hasSize(2);
		// One permit of the hold expires, the other is still valid.
		permits.add(1, held.get(0));
		assertThatExceptionOfType(LockLostException.class).isThrownBy(hold::close);
		assertThat(permits.size()).isZero();
		LockHandle again = template.acquire(request(key, 2, 2, Duration.ZERO));
		again.close();
	}

	@Test
	void waiterGetsThePermitSoonAfterItIsReleased() throws Exception {
		String key = "semaphore-limit:acquire:waiter";
		LockHandle holder = template.acquire(request(key, 1, 1, Duration.ZERO));
		CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
			try (LockHandle handle = template.acquire(request(key, 1, 1, Duration.ofSeconds(20)))) {
				return System.nanoTime();
			}
		});
		Thread.sleep(300);
		long released = System.nanoTime();
		holder.close();
		long acquired = waiter.get(20, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(acquired - released)).isLessThan(Duration.ofSeconds(1));
	}

}
