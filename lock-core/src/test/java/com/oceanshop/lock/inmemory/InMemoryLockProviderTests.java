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
package com.oceanshop.lock.inmemory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryLockProvider} beyond the lock contracts.
 */
class InMemoryLockProviderTests {

	private final InMemoryLockProvider provider = new InMemoryLockProvider();

	private final LockTemplate locks = LockTemplate.builder(this.provider).build();

	@Test
	void waitersSharingOneRequestAreServedInTurn() throws Exception {
		String key = "stock:item:P-1";
		LockRequest shared = LockRequest.builder(key).waitTime(Duration.ofSeconds(10)).build();
		LockHandle holder = this.locks.acquire(LockRequest.of(key));
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> holdBriefly(shared));
		awaitQueueLength(key, 1);
		CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> holdBriefly(shared));
		awaitQueueLength(key, 2);
		holder.close();
		// The first waiter's turn must not take the second waiter's place in the queue.
		assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.provider.getQueueLength(key)).isZero();
		assertThat(this.locks.isLocked(key)).isFalse();
	}

	private boolean holdBriefly(LockRequest request) {
		try (LockHandle handle = this.locks.acquire(request)) {
			return handle.isHeld();
		}
	}

	private void awaitQueueLength(String key, int length) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.provider.getQueueLength(key) < length) {
			assertThat(System.nanoTime() - deadline).as("%s waiters queued", length).isNegative();
			Thread.sleep(5);
		}
	}

}
