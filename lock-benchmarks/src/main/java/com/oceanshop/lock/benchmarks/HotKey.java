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

package com.oceanshop.lock.benchmarks;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * State of a hot key: the read-modify-write counter, who held it last, and stock.
 */
final class HotKey {

	final AtomicInteger inside = new AtomicInteger();

	final AtomicLong violations = new AtomicLong();

	final LongAdder succeeded = new LongAdder();

	final LongAdder transfers = new LongAdder();

	final LongAdder reacquisitions = new LongAdder();

	// Callers waiting, by arrival ticket; an acquisition is in order when no caller
	// that arrived before it still waits.
	final ConcurrentSkipListSet<Long> waiting = new ConcurrentSkipListSet<>();

	final AtomicLong arrivals = new AtomicLong();

	final LongAdder inOrder = new LongAdder();

	final AtomicLong sold = new AtomicLong();

	private volatile long counter;

	private volatile long lastOwner = -1;

	private volatile int stock;

	HotKey(int stock) {
		this.stock = stock;
	}

	long arrive() {
		long ticket = this.arrivals.incrementAndGet();
		this.waiting.add(ticket);
		return ticket;
	}

	void depart(long ticket) {
		this.waiting.remove(ticket);
	}

	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	void enter(long ticket) {
		if (this.inside.incrementAndGet() != 1) {
			this.violations.incrementAndGet();
		}
		if (this.waiting.first() == ticket) {
			this.inOrder.increment();
		}
		this.waiting.remove(ticket);
		long me = Thread.currentThread().getId();
		if (me != this.lastOwner) {
			this.transfers.increment();
		}
		else {
			this.reacquisitions.increment();
		}
		this.lastOwner = me;
		// Deliberately not atomic: an overlap with another holder loses an update.
		long value = this.counter;
		Thread.onSpinWait();
		this.counter = value + 1;
		this.inside.decrementAndGet();
	}

	void buy() {
		if (this.inside.incrementAndGet() != 1) {
			this.violations.incrementAndGet();
		}
		int left = this.stock;
		if (left > 0) {
			Thread.onSpinWait();
			this.stock = left - 1;
			this.sold.incrementAndGet();
		}
		this.inside.decrementAndGet();
	}

	void resetCounts() {
		this.transfers.reset();
		this.reacquisitions.reset();
		this.inOrder.reset();
	}

	long lostUpdates() {
		return this.succeeded.sum() - this.counter;
	}

}
