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

package com.oceanshop.lock.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract for {@link LockType#FAIR} locks: everything an exclusive lock does, and
 * waiters from different instances acquire in the order they arrived.
 *
 * @since 0.1.0
 */
public abstract class FairLockContract extends LockContract {

	@Override
	final LockType lockType() {
		return LockType.FAIR;
	}

	/**
	 * Wait until the given number of waiters, each from another instance, wait for good
	 * in the provider's queue for the key, so that their order of arrival is known.
	 * @param key the key
	 * @param waiters how many waiters should be queued
	 * @throws Exception if they were not queued within {@link #TEST_TIMEOUT}
	 */
	protected abstract void awaitQueuedWaiters(String key, int waiters) throws Exception;

	@Test
	void waitersAcquireInArrivalOrder() throws Exception {
		String key = key("fifo");
		LockHandle holder = template().acquire(request(key, LockType.FAIR));
		List<Integer> order = Collections.synchronizedList(new ArrayList<>());
		List<Future<?>> waiters = new ArrayList<>();
		int count = 5;
		for (int i = 0; i < count; i++) {
			int id = i;
			// Each waiter acts as another instance: waiters of one instance may line up
			// in front of the provider, so only instances show the provider's order.
			LockTemplate instance = createTemplate();
			waiters.add(startOnOtherThread(() -> {
				LockRequest request = LockRequest.builder(key)
					.type(LockType.FAIR)
					.waitTime(Duration.ofSeconds(15))
					.build();
				try (LockHandle handle = instance.acquire(request)) {
					order.add(id);
				}
				return null;
			}));
			awaitQueuedWaiters(key, i + 1);
		}
		holder.close();
		for (Future<?> waiter : waiters) {
			waiter.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		assertThat(order).containsExactly(0, 1, 2, 3, 4);
	}

}
