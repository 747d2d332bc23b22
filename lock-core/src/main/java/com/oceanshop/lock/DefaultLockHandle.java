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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockProvider.AcquiredLock;

/**
 * {@link LockHandle} for a lock acquired through a {@link LockProvider}.
 */
final class DefaultLockHandle implements LockHandle {

	// Threads are created on demand and end after a minute without work, so an idle
	// application keeps none.
	private static final Executor LOSS_NOTIFICATIONS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
			TimeUnit.SECONDS, new SynchronousQueue<>(), (runnable) -> {
				Thread thread = new Thread(runnable, "ocean-lock-loss-notification");
				thread.setDaemon(true);
				return thread;
			});

	private final LockRequest request;

	private final AcquiredLock lock;

	private final LockListener listener;

	private final long acquiredNanos;

	private final long deadlineNanos;

	private final @Nullable Duration leaseTime;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean lossReported = new AtomicBoolean();

	private final LockProvider provider;

	private volatile @Nullable Long fencingToken;

	// Created by the first whenLost: most handles never get a callback.
	private volatile @Nullable List<Runnable> lossCallbacks;

	DefaultLockHandle(LockRequest request, AcquiredLock lock, LockListener listener, long acquiredNanos,
			long leaseStartNanos, @Nullable Duration leaseTime, LockProvider provider) {
		this.request = request;
		this.provider = provider;
		this.lock = lock;
		this.listener = listener;
		this.acquiredNanos = acquiredNanos;
		this.leaseTime = leaseTime;
		this.deadlineNanos = (leaseTime != null) ? leaseStartNanos + leaseTime.toNanos() : 0;
		// The provider notices a loss on its renewal thread, which keeps every other lock
		// alive: the listeners (metrics, logs, user code) run elsewhere, so a slow one
		// cannot delay the renewal or the loss detection of other locks.
		lock.whenLost(() -> LOSS_NOTIFICATIONS.execute(this::reportLoss));
	}

	/**
	 * Return the provider the lock was acquired through.
	 * @return the provider
	 */
	LockProvider provider() {
		return this.provider;
	}

	/**
	 * Return the lock as the provider holds it.
	 * @return the acquired lock
	 */
	AcquiredLock acquiredLock() {
		return this.lock;
	}

	/**
	 * Return whether this handle was closed.
	 * @return whether closed
	 */
	boolean isClosed() {
		return this.closed.get();
	}

	private void reportLoss() {
		if (this.lossReported.compareAndSet(false, true)) {
			this.listener.onLost(this.request, Duration.ofNanos(System.nanoTime() - this.acquiredNanos));
			List<Runnable> callbacks = this.lossCallbacks;
			if (callbacks != null) {
				// Whoever removes a callback runs it: exactly once, also against
				// whenLost.
				for (Runnable callback : callbacks) {
					if (callbacks.remove(callback)) {
						callback.run();
					}
				}
			}
		}
	}

	@Override
	public void whenLost(Runnable callback) {
		List<Runnable> callbacks = this.lossCallbacks;
		if (callbacks == null) {
			synchronized (this.lossReported) {
				callbacks = this.lossCallbacks;
				if (callbacks == null) {
					callbacks = new CopyOnWriteArrayList<>();
					this.lossCallbacks = callbacks;
				}
			}
		}
		callbacks.add(callback);
		// A loss reported meanwhile may have missed it: run it here unless it ran there.
		if (this.lossReported.get() && callbacks.remove(callback)) {
			callback.run();
		}
	}

	@Override
	public String key() {
		return this.request.key();
	}

	@Override
	public LockType type() {
		return this.request.type();
	}

	@Override
	public long fencingToken() {
		Long token = this.fencingToken;
		if (token == null) {
			synchronized (this) {
				token = this.fencingToken;
				if (token == null) {
					checkHeld();
					try {
						token = this.lock.fencingToken();
					}
					catch (LockLostException ex) {
						reportLoss();
						throw ex;
					}
					this.fencingToken = token;
					this.listener.onFencingToken(this.request, token);
				}
			}
		}
		checkHeld();
		return token;
	}

	private void checkHeld() {
		if (this.closed.get()) {
			throw new LockLostException(key(), "Lock '" + key() + "' was already released; no fencing token");
		}
		if (leaseExpired() || this.lock.isLost()) {
			reportLoss();
			throw new LockLostException(key(), "Lock '" + key() + "' is no longer held: " + lossReason());
		}
	}

	@Override
	public boolean isHeld() {
		return !this.closed.get() && !leaseExpired() && !this.lock.isLost();
	}

	private boolean leaseExpired() {
		return this.leaseTime != null && System.nanoTime() - this.deadlineNanos >= 0;
	}

	private String lossReason() {
		return this.lock.isLost() ? "its renewal failed" : "its lease of " + this.leaseTime + " ran out";
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		Duration held = Duration.ofNanos(System.nanoTime() - this.acquiredNanos);
		boolean released;
		try {
			released = this.lock.release();
		}
		catch (RuntimeException ex) {
			throw releaseFailed(held, ex);
		}
		released(held, released);
	}

	@Override
	public CompletableFuture<Void> closeAsync() {
		if (!this.closed.compareAndSet(false, true)) {
			return CompletableFuture.completedFuture(null);
		}
		Duration held = Duration.ofNanos(System.nanoTime() - this.acquiredNanos);
		return LockGrant.release(this.lock).handle((released, failure) -> {
			if (failure != null) {
				throw releaseFailed(held, (failure instanceof RuntimeException runtime) ? runtime
						: new LockException(key(), "Releasing lock '" + key() + "' failed: " + failure, failure));
			}
			released(held, released);
			return null;
		});
	}

	private RuntimeException releaseFailed(Duration held, RuntimeException ex) {
		this.listener.onFailure(this.request, held, ex);
		this.listener.onReleased(this.request, held);
		return ex;
	}

	private void released(Duration held, boolean released) {
		// Loss first, release last: the release ends the hold for every listener.
		if (!released) {
			reportLoss();
		}
		this.listener.onReleased(this.request, held);
		if (!released) {
			throw new LockLostException(key(),
					"Lock '" + key() + "' was lost before release, after being held for " + held.toMillis() + " ms: "
							+ (this.lock.isLost() ? "its renewal failed"
									: "its lease ran out or it was released by someone else")
							+ "; work done under it may have raced with another holder");
		}
	}

	@Override
	public String toString() {
		return "LockHandle[key=" + key() + ", type=" + type() + ", held=" + isHeld() + "]";
	}

}
