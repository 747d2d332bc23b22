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

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how a {@link LocalLockQueue} waiter learns of its holder's lease.
 */
class LocalLockQueueLeaseTests {

	@Test
	void waiterParkedBeforeTheLeaseWasKnownWakesWhenItRunsOut() throws Exception {
		LocalLockQueue queue = new LocalLockQueue();
		assertThat(queue.enter(System.nanoTime(), 0)).isEqualTo(LocalLockQueue.Entry.FIRST);
		queue.own();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<LocalLockQueue.Entry> waiter = executor
				.submit(() -> queue.enter(System.nanoTime(), TimeUnit.SECONDS.toNanos(30)));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (queue.waiting() == 0 && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			assertThat(queue.waiting()).isOne();
			// Redis grants the lock with a fixed lease that then runs out unreleased.
			queue.leaseUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
			assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(LocalLockQueue.Entry.BYPASSED);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
