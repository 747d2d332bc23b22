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
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Contract for {@link LockType#SEMAPHORE} locks: at most {@code maxPermits} holders at a
 * time, permits that come back when their lease runs out, and no reentrancy (each
 * acquisition takes its own permits). The checks of {@link LockContract} use one permit
 * in all.
 *
 * @since 0.1.0
 */
public abstract class SemaphoreLockContract extends LockContract {

	@Override
	final LockType lockType() {
		return LockType.SEMAPHORE;
	}

	@Override
	final boolean reentrant() {
		return false;
	}

	@Test
	void neverExceedsMaxPermits() throws Exception {
		String key = key("max-permits");
		int maxPermits = 3;
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		AtomicInteger completed = new AtomicInteger();
		LockRequest request = LockRequest.builder(key)
			.type(LockType.SEMAPHORE)
			.maxPermits(maxPermits)
			.waitTime(Duration.ofSeconds(15))
			.leaseTime(Duration.ofSeconds(15))
			.build();
		onThreads(8, 15, (thread) -> template().execute(request, (lock) -> {
			maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
			// A round trip to the server while inside widens the window.
			assertThat(template().isLocked(key)).isTrue();
			inside.decrementAndGet();
			return completed.incrementAndGet();
		}));
		assertThat(completed).hasValue(120);
		assertThat(maxInside.get()).isBetween(1, maxPermits);
	}

	@Test
	void permitsOfAHolderThatNeverReleasesComeBackAfterTheLease() throws Exception {
		String key = key("abandoned");
		LockRequest leased = LockRequest.builder(key)
			.type(LockType.SEMAPHORE)
			.permits(2)
			.maxPermits(2)
			.leaseTime(Duration.ofMillis(300))
			.build();
		LockHandle abandoned = template().acquire(leased);
		LockRequest probe = LockRequest.builder(key).type(LockType.SEMAPHORE).maxPermits(2).build();
		assertThat(onOtherThread(() -> template().tryAcquire(probe))).isEmpty();
		LockHandle later = onOtherThread(() -> template().acquire(LockRequest.builder(key)
			.type(LockType.SEMAPHORE)
			.maxPermits(2)
			.waitTime(Duration.ofSeconds(10))
			.build()));
		later.close();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(abandoned::close);
	}

}
