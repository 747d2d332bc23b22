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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for how loss is reported: a {@link LockListener#onLost} callback
 * never runs on, or stalls, the thread that renews every other lock.
 */
class LockLossNotificationIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	@Test
	void slowLossListenerDoesNotStallRenewalOfOtherLocks() throws InterruptedException {
		CountDownLatch releaseListener = new CountDownLatch(1);
		List<String> lost = new CopyOnWriteArrayList<>();
		List<String> threads = new CopyOnWriteArrayList<>();
		LockListener slowListener = new LockListener() {
			@Override
			public void onLost(LockRequest request, Duration held) {
				lost.add(request.key());
				threads.add(Thread.currentThread().getName());
				try {
					// A listener that blocks (a slow log appender, a remote call).
					releaseListener.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
		LockTemplate template = TestRedisson.templateBuilder(redis.client()).listener(slowListener).build();
		LockHandle first = template.acquire(LockRequest.builder("inventory:reserve:LOST-1").autoRenew().build());
		LockHandle second = template.acquire(LockRequest.builder("inventory:reserve:LOST-2").autoRenew().build());
		try {
			// Both locks vanish from Redis (a flush, an operator's force release).
			redis.client().getKeys().delete("lock:inventory:reserve:LOST-1", "lock:inventory:reserve:LOST-2");
			long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (lost.size() < 2 && System.nanoTime() - deadline < 0) {
				Thread.sleep(20);
			}
			assertThat(lost).as("both losses reported while the first listener call still blocks")
				.containsExactlyInAnyOrder("inventory:reserve:LOST-1", "inventory:reserve:LOST-2");
			assertThat(threads).noneMatch((name) -> name.startsWith("ocean-lock-renewal"));
			assertThat(first.isHeld()).isFalse();
			assertThat(second.isHeld()).isFalse();
		}
		finally {
			releaseListener.countDown();
			closeQuietly(first);
			closeQuietly(second);
		}
	}

	private static void closeQuietly(LockHandle handle) {
		try {
			handle.close();
		}
		catch (LockLostException ex) {
			// Expected: the lock was lost.
		}
	}

}
