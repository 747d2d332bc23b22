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

package com.oceanshop.lock.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.autoconfigure.inmemory.InMemoryLockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.reactive.ReactiveLockAutoConfiguration;
import com.oceanshop.lock.reactive.ReactiveLockOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor and Kotlin are optional: without them on the class path the starter still locks
 * annotated methods, also those that return a {@link CompletableFuture}, and only the
 * Reactor form of the template is left out.
 */
class OptionalDependenciesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InMemoryLockAutoConfiguration.class, LockAutoConfiguration.class,
				ReactiveLockAutoConfiguration.class))
		.withPropertyValues("app.lock.provider=in-memory")
		.withBean(Reservations.class);

	@Test
	void withoutReactorAndKotlinAnnotatedFuturesAreLocked() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("reactor.", "kotlin.", "kotlinx."))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(LockTemplate.class)
					.doesNotHaveBean(ReactiveLockOperations.class);
				Reservations reservations = context.getBean(Reservations.class);
				LockTemplate template = context.getBean(LockTemplate.class);
				try (LockHandle held = template.acquire(LockRequest.builder("inventory:reserve:P-1").build())) {
					assertThat(reservations.reserve("P-1")).failsWithin(Duration.ofSeconds(10))
						.withThrowableThat()
						.withCauseInstanceOf(LockAcquisitionException.class);
				}
				assertThat(reservations.reserve("P-1")).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("P-1");
			});
	}

	@Test
	void withReactorTheReactiveTemplateIsConfigured() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ReactiveLockOperations.class));
	}

	public static class Reservations {

		@DistributedLock(key = "inventory:reserve:#{#productId}", waitTime = "0s")
		public CompletableFuture<String> reserve(String productId) {
			return CompletableFuture.completedFuture(productId);
		}

	}

}
