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
package com.oceanshop.lock.autoconfigure.inmemory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockAssert;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.admin.LockAdminAutoConfiguration;
import com.oceanshop.lock.inmemory.InMemoryLockProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link InMemoryLockAutoConfiguration}: an application without Redis (no
 * {@code RedissonClient}) that locks in memory, as a user's tests would.
 */
class InMemoryLockAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InMemoryLockAutoConfiguration.class, LockAutoConfiguration.class,
				LockAdminAutoConfiguration.class))
		.withBean(Counter.class);

	@Test
	void runWithoutRedisOrPropertyShouldNotConfigureLocking() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(LockTemplate.class)
			.doesNotHaveBean(InMemoryLockProvider.class));
	}

	@Test
	void inMemoryProviderLocksAnnotatedMethodsWithoutRedis() {
		this.contextRunner.withPropertyValues("app.lock.provider=in-memory").run((context) -> {
			assertThat(context).hasSingleBean(InMemoryLockProvider.class).doesNotHaveBean(LockAdmin.class);
			assertThat(context.getBean(LockTemplate.class).getProvider()).isInstanceOf(InMemoryLockProvider.class);
			Counter counter = context.getBean(Counter.class);
			ExecutorService executor = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> calls = new ArrayList<>();
				for (int i = 0; i < 200; i++) {
					calls.add(executor.submit(() -> counter.increment("C-1")));
				}
				for (Future<?> call : calls) {
					call.get(30, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(counter.value()).isEqualTo(200);
			assertThat(counter.overlaps()).isZero();
			assertThatIllegalStateException().isThrownBy(counter::unlocked);
		});
	}

	@Test
	void disabledLockingRunsAnnotatedMethodsAndLockAssertStillPasses() {
		this.contextRunner.withPropertyValues("app.lock.provider=in-memory", "app.lock.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(LockTemplate.class).isEnabled()).isFalse();
				assertThat(context.getBean(Counter.class).increment("C-2")).isFalse();
			});
	}

	static class Counter {

		private int inside;

		private int value;

		private int overlaps;

		int value() {
			return this.value;
		}

		int overlaps() {
			return this.overlaps;
		}

		/**
		 * Increment without synchronization: only the lock keeps the count right.
		 * @return whether the lock was held
		 */
		@DistributedLock(key = "counter:increment:#{#id}")
		boolean increment(String id) {
			LockAssert.assertLocked("counter:increment:" + id);
			if (++this.inside != 1) {
				this.overlaps++;
			}
			this.value++;
			this.inside--;
			return LockContext.current().isHeld();
		}

		void unlocked() {
			LockAssert.assertLocked();
		}

	}

}
