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

/**
 * Callback interface for lock lifecycle events, for metrics and logging. Every method has
 * an empty default. Listeners run on the caller's thread and must be fast and must not
 * throw; they are never given the lock's id part in a form meant for metric tags: use
 * {@link LockRequest#name()}.
 *
 * @since 0.1.0
 */
public interface LockListener {

	/**
	 * A listener that ignores every event.
	 */
	LockListener NO_OP = new LockListener() {
	};

	/**
	 * Return a listener that tells every given listener, in order. A listener that throws
	 * is logged and does not stop the others or the lock operation.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link #NO_OP} when the list is empty
	 */
	static LockListener composite(List<? extends LockListener> listeners) {
		return CompositeLockListener.of(listeners);
	}

	/**
	 * Called on the caller's thread when an acquisition starts, before the lock is
	 * requested (not when locking is disabled). Every later event of this acquisition,
	 * and of the hold it leads to, goes to the returned listener, on whatever thread it
	 * happens: a listener that keeps state per acquisition, such as a tracing span,
	 * returns a listener of its own. The default returns this listener, so a stateless
	 * listener costs nothing here.
	 * @param request the request
	 * @return the listener for this acquisition's events, never {@code null}
	 */
	default LockListener onStarted(LockRequest request) {
		return this;
	}

	/**
	 * Called when a lock was acquired.
	 * @param request the request
	 * @param waited time from the request to the acquisition
	 * @param contended whether the first attempt found the lock held, so the caller had
	 * to wait
	 */
	default void onAcquired(LockRequest request, Duration waited, boolean contended) {
	}

	/**
	 * Called when a lock was not acquired within its wait time.
	 * @param request the request
	 * @param waited time waited
	 */
	default void onTimeout(LockRequest request, Duration waited) {
	}

	/**
	 * Called when acquiring or releasing a lock failed with an error (Redis unreachable,
	 * interrupted).
	 * @param request the request
	 * @param elapsed time from the request to the failure
	 * @param error the error
	 */
	default void onFailure(LockRequest request, Duration elapsed, Throwable error) {
	}

	/**
	 * Called when a handle issued its first fencing token, on the thread that asked for
	 * it. Tokens are issued only when the holder asks: a listener never causes one.
	 * @param request the request
	 * @param token the token
	 */
	default void onFencingToken(LockRequest request, long token) {
	}

	/**
	 * Called when a held lock was released, whether or not it had been lost, after
	 * {@link #onLost} or {@link #onFailure} of the same release.
	 * @param request the request
	 * @param held time from acquisition to release
	 */
	default void onReleased(LockRequest request, Duration held) {
	}

	/**
	 * Called when a held lock turned out to be lost: its lease ran out or its renewal
	 * failed while the holder still ran. A loss noticed by the renewal is reported on a
	 * thread of its own, never on the renewal thread, so a slow listener delays no other
	 * lock.
	 * @param request the request
	 * @param held time from acquisition to the moment the loss was noticed
	 */
	default void onLost(LockRequest request, Duration held) {
	}

	/**
	 * Called when an acquisition was chosen as the victim of a deadlock: its flow and
	 * other flows waited for each other in a cycle, and it gave up at once so that the
	 * others proceed. By default reported as a {@link #onFailure failure}.
	 * @param request the request
	 * @param waited time from the request to the failure
	 * @param deadlock the exception thrown to the caller, naming the cycle
	 */
	default void onDeadlock(LockRequest request, Duration waited, LockDeadlockException deadlock) {
		onFailure(request, waited, deadlock);
	}

}
