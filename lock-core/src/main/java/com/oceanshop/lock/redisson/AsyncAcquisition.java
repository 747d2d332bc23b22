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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * One acquisition that waits without a thread: the future the caller gets, and the step
 * it waits on now (a local turn, a Redis command), which a cancellation of the caller's
 * future cancels. A hold that arrives after the caller cancelled is released at once, so
 * a cancelled acquisition never keeps a lock.
 */
final class AsyncAcquisition {

	private final CompletableFuture<@Nullable RedissonHold> result = new CompletableFuture<>();

	private volatile @Nullable Future<?> step;

	AsyncAcquisition() {
		this.result.whenComplete((hold, failure) -> {
			Future<?> current = this.step;
			if (this.result.isCancelled() && current != null) {
				current.cancel(false);
			}
		});
	}

	/**
	 * Return the caller's future.
	 * @return the future of the hold, {@code null} when the wait time ran out
	 */
	CompletableFuture<@Nullable RedissonHold> result() {
		return this.result;
	}

	/**
	 * Return whether the caller's future is done, for example cancelled.
	 * @return whether it is done
	 */
	boolean isDone() {
		return this.result.isDone();
	}

	/**
	 * Record the step the acquisition waits on now.
	 * @param <F> the step's type
	 * @param step the step
	 * @return the step
	 */
	<F extends Future<?>> F waitOn(F step) {
		this.step = step;
		if (this.result.isCancelled()) {
			step.cancel(false);
		}
		return step;
	}

	/**
	 * Hand the hold to the caller, or release it if the caller is gone.
	 * @param hold the hold
	 */
	void deliver(RedissonHold hold) {
		if (!this.result.complete(hold)) {
			hold.releaseAsync();
		}
	}

	/**
	 * End the acquisition without a hold.
	 * @param failure why, or {@code null} if the wait time ran out
	 */
	void fail(@Nullable Throwable failure) {
		if (failure != null) {
			this.result.completeExceptionally(failure);
		}
		else {
			this.result.complete(null);
		}
	}

}
