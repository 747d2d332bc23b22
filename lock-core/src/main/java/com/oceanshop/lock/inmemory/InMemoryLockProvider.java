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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

/**
 * {@link LockProvider} that keeps every lock in this JVM's memory, with the semantics of
 * the Redis-backed provider: one holder of an exclusive, fair or write lock, shared
 * readers that exclude writers, semaphores of {@code maxPermits}, waiters served in
 * arrival order, fixed leases that run out, auto-renewed locks held until released,
 * fencing tokens that increase per key, and reentrancy within a scope. It passes the same
 * lock contracts ({@code com.oceanshop.lock.contract}) as the Redis-backed provider.
 * <p>
 * Locks exclude each other only between the templates that share this provider, so it
 * stands in for Redis in tests of an application's own code (and for a single instance
 * that runs without Redis); it never coordinates two processes. <pre class="code">
 * LockTemplate locks = LockTemplate.builder(new InMemoryLockProvider()).build();
 * </pre> The fencing counter of each key used is kept for the provider's life.
 *
 * @since 0.1.0
 */
public class InMemoryLockProvider implements LockProvider {

	private final Object monitor = new Object();

	// Guarded by 'monitor'. A key's state is removed when it has neither holders nor
	// waiters; its fencing counter stays, so tokens keep increasing.
	private final Map<String, KeyState> states = new HashMap<>();

	private final Map<String, Long> tokens = new HashMap<>();

	@Override
	public @Nullable AcquiredLock tryAcquire(Attempt attempt) throws InterruptedException {
		LockRequest request = attempt.request();
		long start = System.nanoTime();
		long waitNanos = attempt.waitTime().toNanos();
		synchronized (this.monitor) {
			KeyState state = this.states.computeIfAbsent(request.key(), (key) -> new KeyState());
			Waiter waiter = new Waiter();
			state.waiters.addLast(waiter);
			boolean contended = false;
			try {
				while (true) {
					long now = System.nanoTime();
					state.expire(now);
					if (state.waiters.peekFirst() == waiter && state.admits(request)) {
						state.waiters.removeFirst();
						Hold hold = new Hold(state, request, contended, now, attempt.leaseTime());
						state.holders.add(hold);
						return hold;
					}
					contended = true;
					long remaining = waitNanos - (now - start);
					if (remaining <= 0) {
						return null;
					}
					TimeUnit.NANOSECONDS.timedWait(this.monitor, Math.min(remaining, state.untilNextExpiry(now)));
				}
			}
			finally {
				state.waiters.remove(waiter);
				// The next waiter may be admitted now (a reader behind a reader), or may
				// have become the head of the queue.
				this.monitor.notifyAll();
				removeIfIdle(request.key(), state);
			}
		}
	}

	@Override
	public @Nullable AcquiredLock reenter(AcquiredLock held, Attempt attempt) {
		if (!(held instanceof Held lock) || lock.provider() != this) {
			return null;
		}
		Hold hold = lock.hold();
		synchronized (this.monitor) {
			long now = System.nanoTime();
			hold.state.expire(now);
			if (hold.lost) {
				throw new LockLostException(hold.key(),
						"Lock '" + hold.key() + "' is no longer held: its lease ran out");
			}
			hold.openHolds++;
			hold.extend(now, attempt.leaseTime());
			return new Nested(hold, now);
		}
	}

	@Override
	public boolean isLocked(LockKey key) {
		synchronized (this.monitor) {
			KeyState state = this.states.get(key.value());
			if (state == null) {
				return false;
			}
			state.expire(System.nanoTime());
			boolean locked = !state.holders.isEmpty();
			removeIfIdle(key.value(), state);
			return locked;
		}
	}

	/**
	 * Return how many callers wait for the given key now.
	 * @param key the key
	 * @return the number of waiters
	 */
	public int getQueueLength(String key) {
		synchronized (this.monitor) {
			KeyState state = this.states.get(LockKey.parse(key).value());
			return (state != null) ? state.waiters.size() : 0;
		}
	}

	private void removeIfIdle(String key, KeyState state) {
		if (state.holders.isEmpty() && state.waiters.isEmpty() && this.states.get(key) == state) {
			this.states.remove(key);
		}
	}

	private boolean release(Hold hold) {
		synchronized (this.monitor) {
			hold.state.expire(System.nanoTime());
			if (hold.lost) {
				return false;
			}
			if (--hold.openHolds == 0) {
				hold.state.holders.remove(hold);
				this.monitor.notifyAll();
				removeIfIdle(hold.key(), hold.state);
			}
			return true;
		}
	}

	private long fencingToken(Hold hold) {
		synchronized (this.monitor) {
			hold.state.expire(System.nanoTime());
			if (hold.lost) {
				throw new LockLostException(hold.key(),
						"Lock '" + hold.key() + "' is no longer held: its lease ran out; no fencing token");
			}
			return this.tokens.merge(hold.key(), 1L, Long::sum);
		}
	}

	/**
	 * The holders and the queue of one key.
	 */
	private static final class KeyState {

		private final List<Hold> holders = new ArrayList<>();

		private final Deque<Waiter> waiters = new ArrayDeque<>();

		boolean admits(LockRequest request) {
			if (request.type() == LockType.SEMAPHORE) {
				int taken = 0;
				for (Hold holder : this.holders) {
					if (holder.type != LockType.SEMAPHORE) {
						return false;
					}
					taken += holder.permits;
				}
				return taken + request.permits() <= request.maxPermits();
			}
			if (request.type() == LockType.READ) {
				return this.holders.stream().allMatch((holder) -> holder.type == LockType.READ);
			}
			return this.holders.isEmpty();
		}

		void expire(long now) {
			this.holders.removeIf((holder) -> holder.expireIfDue(now));
		}

		long untilNextExpiry(long now) {
			long until = Long.MAX_VALUE;
			for (Hold holder : this.holders) {
				if (holder.deadlineNanos != null) {
					until = Math.min(until, Math.max(1, holder.deadlineNanos - now));
				}
			}
			return until;
		}

	}

	/**
	 * A caller in a key's queue. Equal only to itself: callers may share one request.
	 */
	private static final class Waiter {

	}

	/**
	 * What both a first hold and a nested one give access to.
	 */
	private interface Held extends AcquiredLock {

		Hold hold();

		InMemoryLockProvider provider();

	}

	/**
	 * A lock held in the provider, with the count of the open holds of its scope (itself
	 * and nested re-entries). Fields other than the final ones are guarded by the
	 * provider's monitor, except {@code lost}, also read without it.
	 */
	private final class Hold implements Held {

		private final KeyState state;

		private final String key;

		private final LockType type;

		private final int permits;

		private final boolean contended;

		private final long grantedNanos;

		private @Nullable Long deadlineNanos;

		private int openHolds = 1;

		private volatile boolean lost;

		Hold(KeyState state, LockRequest request, boolean contended, long now, @Nullable Duration leaseTime) {
			this.state = state;
			this.key = request.key();
			this.type = request.type();
			this.permits = request.permits();
			this.contended = contended;
			this.grantedNanos = now;
			this.deadlineNanos = (leaseTime != null) ? now + leaseTime.toNanos() : null;
		}

		String key() {
			return this.key;
		}

		boolean expireIfDue(long now) {
			Long deadline = this.deadlineNanos;
			if (deadline != null && now - deadline >= 0) {
				this.lost = true;
			}
			return this.lost;
		}

		void extend(long now, @Nullable Duration leaseTime) {
			Long deadline = this.deadlineNanos;
			if (deadline == null) {
				return;
			}
			// A nested lease never shortens the hold; an auto-renewed one keeps it
			// until released.
			this.deadlineNanos = (leaseTime != null) ? Long.valueOf(Math.max(deadline - now, leaseTime.toNanos()) + now)
					: null;
		}

		@Override
		public Hold hold() {
			return this;
		}

		@Override
		public InMemoryLockProvider provider() {
			return InMemoryLockProvider.this;
		}

		@Override
		public boolean contended() {
			return this.contended;
		}

		@Override
		public OptionalLong leaseStartNanos() {
			return OptionalLong.of(this.grantedNanos);
		}

		@Override
		public boolean isLost() {
			if (this.lost) {
				return true;
			}
			synchronized (InMemoryLockProvider.this.monitor) {
				return expireIfDue(System.nanoTime());
			}
		}

		@Override
		public long fencingToken() {
			return InMemoryLockProvider.this.fencingToken(this);
		}

		@Override
		public boolean release() {
			return InMemoryLockProvider.this.release(this);
		}

	}

	/**
	 * A nested acquisition of a held lock by its scope.
	 */
	private final class Nested implements Held {

		private final Hold hold;

		private final long extendedNanos;

		Nested(Hold hold, long extendedNanos) {
			this.hold = hold;
			this.extendedNanos = extendedNanos;
		}

		@Override
		public Hold hold() {
			return this.hold;
		}

		@Override
		public InMemoryLockProvider provider() {
			return InMemoryLockProvider.this;
		}

		@Override
		public boolean contended() {
			return false;
		}

		@Override
		public OptionalLong leaseStartNanos() {
			return OptionalLong.of(this.extendedNanos);
		}

		@Override
		public boolean isLost() {
			return this.hold.isLost();
		}

		@Override
		public long fencingToken() {
			return InMemoryLockProvider.this.fencingToken(this.hold);
		}

		@Override
		public boolean release() {
			return InMemoryLockProvider.this.release(this.hold);
		}

	}

}
