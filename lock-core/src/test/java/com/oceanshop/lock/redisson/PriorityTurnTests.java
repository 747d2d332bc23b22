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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PriorityTurn}.
 */
class PriorityTurnTests {

	@Test
	void releasedTurnGoesToTheLowestRankAndAFreeTurnIsNotTakenWhileOthersWait() throws Exception {
		PriorityTurn turn = new PriorityTurn();
		assertThat(turn.tryAcquire(0, 0, TimeUnit.NANOSECONDS)).isTrue();
		List<Long> order = Collections.synchronizedList(new ArrayList<>());
		List<Thread> waiters = new ArrayList<>();
		long[] ranks = { 30, 10, 20, 10 };
		for (long rank : ranks) {
			Thread waiter = new Thread(() -> {
				try {
					if (turn.tryAcquire(rank, 20, TimeUnit.SECONDS)) {
						order.add(rank);
						turn.release();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			waiter.start();
			waiters.add(waiter);
			int queued = waiters.size();
			while (turn.queueLength() < queued) {
				Thread.onSpinWait();
			}
		}
		assertThat(turn.tryAcquire(0, 0, TimeUnit.NANOSECONDS)).isFalse();
		turn.release();
		for (Thread waiter : waiters) {
			waiter.join(20_000);
		}
		assertThat(order).containsExactly(10L, 10L, 20L, 30L);
		assertThat(turn.tryAcquire(0, 0, TimeUnit.NANOSECONDS)).isTrue();
	}

	@Test
	void interruptedWaiterLeavesTheLineAndATimedOutOneGivesUp() throws Exception {
		PriorityTurn turn = new PriorityTurn();
		turn.tryAcquire(0, 0, TimeUnit.NANOSECONDS);
		assertThat(turn.tryAcquire(1, 10, TimeUnit.MILLISECONDS)).isFalse();
		Thread waiter = new Thread(() -> {
			try {
				turn.tryAcquire(1, 20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				// expected
			}
		});
		waiter.start();
		while (turn.queueLength() < 1) {
			Thread.onSpinWait();
		}
		waiter.interrupt();
		waiter.join(20_000);
		assertThat(turn.queueLength()).isZero();
		turn.release();
		assertThat(turn.tryAcquire(5, 0, TimeUnit.NANOSECONDS)).isTrue();
	}

	@Test
	void futuresAndThreadsShareOneOrderAndACancelledFutureGivesTheTurnOn() throws Exception {
		PriorityTurn turn = new PriorityTurn();
		assertThat(turn.acquireAsync(0)).isCompletedWithValue(false);
		PriorityTurn.Pending late = turn.acquireAsync(20);
		PriorityTurn.Pending early = turn.acquireAsync(10);
		PriorityTurn.Pending cancelled = turn.acquireAsync(5);
		assertThat(turn.queueLength()).isEqualTo(3);
		cancelled.cancel(false);
		assertThat(cancelled.abandon()).isTrue();
		turn.release();
		assertThat(early).isCompletedWithValue(false);
		assertThat(late).isNotDone();
		// The holder gives the turn to a waiter that is cancelled as it comes: it goes
		// on to the next.
		early.complete(false);
		PriorityTurn.Pending next = turn.acquireAsync(15);
		next.cancel(false);
		turn.release();
		assertThat(late).isCompletedWithValue(false);
		assertThat(turn.queueLength()).isZero();
	}

	@Test
	void reservedFutureIsHandedTheLockAndCannotLeaveTheLineWhileReserved() {
		PriorityTurn turn = new PriorityTurn();
		turn.acquireAsync(0).join();
		Object token = new Object();
		PriorityTurn.Pending reserved = turn.acquireAsync(10, () -> token);
		PriorityTurn.Pending plain = turn.acquireAsync(20);
		assertThat(turn.reserveNext()).isSameAs(token);
		assertThat(reserved.abandon()).as("a reserved future stays until the release").isFalse();
		turn.release(true);
		assertThat(reserved).as("handed the lock with the turn").isCompletedWithValue(true);
		assertThat(turn.reserveNext()).as("a waiter without a token is not reserved").isNull();
		turn.release();
		assertThat(plain).isCompletedWithValue(false);
	}

	@Test
	void holderWatchingForABetterCallerIsToldOnceWhenOneQueues() throws Exception {
		PriorityTurn turn = new PriorityTurn();
		assertThat(turn.tryAcquire(100, 0, TimeUnit.NANOSECONDS)).isTrue();
		List<String> told = Collections.synchronizedList(new ArrayList<>());
		turn.watch(100, () -> told.add("stepped back"));
		turn.acquireAsync(200);
		assertThat(told).isEmpty();
		turn.acquireAsync(50);
		turn.acquireAsync(40);
		assertThat(told).containsExactly("stepped back");
		// A better caller already waiting tells a new watch at once.
		turn.watch(100, () -> told.add("at once"));
		assertThat(told).containsExactly("stepped back", "at once");
		turn.unwatch();
	}

}
