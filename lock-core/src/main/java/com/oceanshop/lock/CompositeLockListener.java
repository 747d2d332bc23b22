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
import java.util.Objects;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LockListener} that forwards every event to several listeners, isolating their
 * failures.
 */
final class CompositeLockListener implements LockListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeLockListener.class);

	private final LockListener[] listeners;

	private CompositeLockListener(List<? extends LockListener> listeners) {
		this(listeners.toArray(new LockListener[0]));
	}

	private CompositeLockListener(LockListener[] listeners) {
		this.listeners = listeners;
	}

	static LockListener of(List<? extends LockListener> listeners) {
		if (listeners.isEmpty()) {
			return NO_OP;
		}
		if (listeners.size() == 1) {
			return new CompositeLockListener(listeners);
		}
		return new CompositeLockListener(List.copyOf(listeners));
	}

	private void each(Consumer<LockListener> event) {
		for (LockListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Lock listener {} failed; the lock operation goes on", listener, ex);
			}
		}
	}

	@Override
	public LockListener onStarted(LockRequest request) {
		LockListener[] started = null;
		for (int i = 0; i < this.listeners.length; i++) {
			LockListener listener = this.listeners[i];
			LockListener forAttempt = listener;
			try {
				forAttempt = Objects.requireNonNullElse(listener.onStarted(request), listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Lock listener {} failed; the lock operation goes on", listener, ex);
			}
			if (forAttempt != listener) {
				if (started == null) {
					started = this.listeners.clone();
				}
				started[i] = forAttempt;
			}
		}
		// Stateless listeners (metrics) keep this composite: no allocation per attempt.
		return (started != null) ? new CompositeLockListener(started) : this;
	}

	@Override
	public void onAcquired(LockRequest request, Duration waited, boolean contended) {
		each((listener) -> listener.onAcquired(request, waited, contended));
	}

	@Override
	public void onTimeout(LockRequest request, Duration waited) {
		each((listener) -> listener.onTimeout(request, waited));
	}

	@Override
	public void onFailure(LockRequest request, Duration elapsed, Throwable error) {
		each((listener) -> listener.onFailure(request, elapsed, error));
	}

	@Override
	public void onFencingToken(LockRequest request, long token) {
		each((listener) -> listener.onFencingToken(request, token));
	}

	@Override
	public void onReleased(LockRequest request, Duration held) {
		each((listener) -> listener.onReleased(request, held));
	}

	@Override
	public void onLost(LockRequest request, Duration held) {
		each((listener) -> listener.onLost(request, held));
	}

	@Override
	public void onDeadlock(LockRequest request, Duration waited, LockDeadlockException deadlock) {
		each((listener) -> listener.onDeadlock(request, waited, deadlock));
	}

}
