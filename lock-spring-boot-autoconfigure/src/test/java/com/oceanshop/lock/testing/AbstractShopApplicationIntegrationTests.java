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
package com.oceanshop.lock.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockAssert;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.redisson.RedissonLockProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's {@code @SpringBootTest} of an application that locks with
 * {@code @DistributedLock}, run against each way of giving it a Redis: a
 * {@code redis-server} from {@code lock-test} (no Docker), or a Redis or Valkey container
 * with {@code @ServiceConnection}. Each subclass gives its Redis.
 */
@SpringBootTest(classes = AbstractShopApplicationIntegrationTests.ShopApplication.class,
		properties = "spring.main.banner-mode=off")
// The Redis of a subclass stops after its tests: so does its context.
@DirtiesContext
abstract class AbstractShopApplicationIntegrationTests {

	static final int CALLS = 100;

	@Autowired
	private LockTemplate locks;

	@Autowired
	private Stock stock;

	@Test
	void annotatedMethodsExcludeEachOtherThroughTheContainer() throws Exception {
		assertThat(this.locks.getProvider()).isInstanceOf(RedissonLockProvider.class);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				calls.add(executor.submit(() -> this.stock.reserve("PROD-1")));
			}
			for (Future<?> call : calls) {
				call.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.stock.reserved()).isEqualTo(CALLS);
		assertThat(this.stock.overlaps()).isZero();
		assertThat(this.locks.isLocked("inventory:reserve:PROD-1")).isFalse();
	}

	@Test
	void fencingTokensIncreaseAcrossHolders() {
		long first = this.locks.execute(LockRequest.of("payment:process:O-1"), (lock) -> lock.fencingToken());
		long second = this.locks.execute(LockRequest.of("payment:process:O-1"), (lock) -> lock.fencingToken());
		assertThat(second).isGreaterThan(first);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ShopApplication {

		@Bean
		Stock stock() {
			return new Stock();
		}

	}

	static class Stock {

		private int inside;

		private int reserved;

		private int overlaps;

		@DistributedLock(key = "inventory:reserve:#{#productId}")
		void reserve(String productId) {
			LockAssert.assertLocked("inventory:reserve:" + productId);
			if (++this.inside != 1) {
				this.overlaps++;
			}
			this.reserved++;
			this.inside--;
			assertThat(LockContext.current().isHeld()).isTrue();
		}

		int reserved() {
			return this.reserved;
		}

		int overlaps() {
			return this.overlaps;
		}

	}

}
