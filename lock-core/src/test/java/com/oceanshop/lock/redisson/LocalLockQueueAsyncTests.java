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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.redisson.LocalLockQueue.Entry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the asynchronous waiters of a {@link LocalLockQueue}: futures that the
 * hand-over completes, in order, beside parked threads.
 */
class LocalLockQueueAsyncTests {

	private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

	private static final Consumer<LocalLockQueue.Successor> NOT_WANTED = (successor) -> {
		throw new AssertionError("No hand-off to give back: " + successor.holder());
	};

	@Test
	void freeTurnIsGrantedAtOnce() {
		LocalLockQueue queue = new LocalLockQueue();
		assertThat(queue.enterAsync(System.nanoTime(), LONG_WAIT)).isCompletedWithValue(Entry.FIRST);
		assertThat(queue.enterAsync(System.nanoTime(), LONG_WAIT)).isNotDone();
	}

	@Test
	void handOverCompletesWaitersInOrder() {
		LocalLockQueue queue = new LocalLockQueue();
		assertThat(queue.enterAsync(System.nanoTime(), LONG_WAIT).join()).isEqualTo(Entry.FIRST);
		CompletableFuture<Entry> second = queue.enterAsync(System.nanoTime(), LONG_WAIT);
		CompletableFuture<Entry> third = queue.enterAsync(System.nanoTime(), LONG_WAIT);
		assertThat(queue.waiting()).isEqualTo(2);
		queue.exit();
		assertThat(second).isCompletedWithValue(Entry.WAITED);
		assertThat(third).isNotDone();
		queue.exit();
		assertThat(third).isCompletedWithValue(Entry.WAITED);
		queue.exit();
		assertThat(queue.enterAsync(System.nanoTime(), LONG_WAIT)).isCompletedWithValue(Entry.FIRST);
	}

	@Test
	void cancelledWaiterLeavesTheLine() {
		LocalLockQueue queue = new LocalLockQueue();
		queue.enterAsync(System.nanoTime(), LONG_WAIT).join();
		CompletableFuture<Entry> cancelled = queue.enterAsync(System.nanoTime(), LONG_WAIT);
		CompletableFuture<Entry> next = queue.enterAsync(System.nanoTime(), LONG_WAIT);
		cancelled.cancel(false);
		assertThat(queue.waiting()).isOne();
		queue.exit();
		assertThat(next).isCompletedWithValue(Entry.WAITED);
	}

	@Test
	void waiterTimesOutAndLeavesTheLine() {
		LocalLockQueue queue = new LocalLockQueue();
		queue.enterAsync(System.nanoTime(), LONG_WAIT).join();
		CompletableFuture<Entry> waiter = queue.enterAsync(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50));
		assertThat(waiter.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(Entry.TIMED_OUT);
		assertThat(queue.waiting()).isZero();
	}

	@Test
	void waiterBypassesAHolderWhoseLeaseRanOut() {
		LocalLockQueue queue = new LocalLockQueue();
		queue.enterAsync(System.nanoTime(), LONG_WAIT).join();
		queue.own();
		CompletableFuture<Entry> waiter = queue.enterAsync(System.nanoTime(), LONG_WAIT);
		queue.leaseUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
		assertThat(waiter.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(Entry.BYPASSED);
	}

	@Test
	void threadsAndFuturesAreServedInOneArrivalOrder() throws Exception {
		LocalLockQueue queue = new LocalLockQueue();
		assertThat(queue.enter(System.nanoTime(), 0)).isEqualTo(Entry.FIRST);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<Entry> thread = executor.submit(() -> queue.enter(System.nanoTime(), LONG_WAIT));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (queue.waiting() == 0 && System.nanoTime() - deadline < 0) {
				Thread.sleep(5);
			}
			CompletableFuture<Entry> first = queue.enterAsync(System.nanoTime(), LONG_WAIT);
			CompletableFuture<Entry> second = queue.enterAsync(System.nanoTime(), LONG_WAIT);
			assertThat(queue.waiting()).isEqualTo(3);
			queue.exit();
			queue.exit();
			// The parked thread came first, then the futures.
			assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo(Entry.WAITED);
			assertThat(first).isCompletedWithValue(Entry.WAITED);
			assertThat(second).isNotDone();
			queue.exit();
			assertThat(second).isCompletedWithValue(Entry.WAITED);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void reservedWaiterIsHandedTheLockAndOnlyAWaiterThatQueuedMakesASuccessor() {
		LocalLockQueue queue = new LocalLockQueue();
		List<LocalLockQueue.Successor> made = new ArrayList<>();
		Supplier<LocalLockQueue.Successor> successors = () -> {
			LocalLockQueue.Successor successor = new LocalLockQueue.Successor(made.size(), "holder-" + made.size(),
					1000, 0);
			made.add(successor);
			return successor;
		};
		assertThat(queue.enterAsync(System.nanoTime(), LONG_WAIT, successors, NOT_WANTED))
			.isCompletedWithValue(Entry.FIRST);
		assertThat(made).as("a caller that found the turn free needs no successor").isEmpty();
		CompletableFuture<Entry> next = queue.enterAsync(System.nanoTime(), LONG_WAIT, successors, NOT_WANTED);
		assertThat(made).hasSize(1);
		assertThat(queue.reserveSuccessor()).isSameAs(made.get(0));
		queue.exit(true);
		assertThat(next).isCompletedWithValue(Entry.HANDED);
	}

	@Test
	void reservedWaiterStaysInLineUntilTheReleaseAndAHandOffItNoLongerWantsIsGivenBack() {
		LocalLockQueue queue = new LocalLockQueue();
		queue.enterAsync(System.nanoTime(), LONG_WAIT).join();
		LocalLockQueue.Successor successor = new LocalLockQueue.Successor(7, "holder-7", 1000, 0);
		List<LocalLockQueue.Successor> givenBack = new ArrayList<>();
		CompletableFuture<Entry> gone = queue.enterAsync(System.nanoTime(), LONG_WAIT, () -> successor, givenBack::add);
		CompletableFuture<Entry> after = queue.enterAsync(System.nanoTime(), LONG_WAIT);
		assertThat(queue.reserveSuccessor()).isSameAs(successor);
		// Cancelled while the holder's release to it is on its way: it stays in line.
		gone.cancel(false);
		assertThat(queue.waiting()).isEqualTo(2);
		queue.exit(true);
		assertThat(givenBack).containsExactly(successor);
		assertThat(after).as("the turn goes on to the next caller").isCompletedWithValue(Entry.WAITED);
	}

	@Test
	void reservedWaiterWhoseReleaseDidNotHandItTheLockGetsTheTurn() {
		LocalLockQueue queue = new LocalLockQueue();
		queue.enterAsync(System.nanoTime(), LONG_WAIT).join();
		LocalLockQueue.Successor successor = new LocalLockQueue.Successor(7, "holder-7", 1000, 0);
		CompletableFuture<Entry> next = queue.enterAsync(System.nanoTime(), LONG_WAIT, () -> successor, NOT_WANTED);
		assertThat(queue.reserveSuccessor()).isSameAs(successor);
		queue.exit(false);
		assertThat(next).isCompletedWithValue(Entry.WAITED);
	}

}
