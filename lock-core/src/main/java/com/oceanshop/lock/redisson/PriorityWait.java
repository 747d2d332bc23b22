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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.redisson.PriorityGate.Outcome;
import com.oceanshop.lock.redisson.PriorityGate.Result;
import com.oceanshop.lock.redisson.PriorityGate.Target;

/**
 * One caller waiting in {@link PriorityGate}'s line, without a thread: each try is a
 * script call; between tries it waits for a message on the lock's channel or for the
 * timer. The outcome completes once the caller has left the line (or took the lock), so
 * nothing of it is left in Redis then.
 */
final class PriorityWait {

	private final PriorityGate gate;

	private final Target target;

	private final int priority;

	private final long arrivalNanos;

	private final long deadlineNanos;

	private final CompletableFuture<Result> outcome = new CompletableFuture<>();

	private final AtomicBoolean parked = new AtomicBoolean();

	private volatile boolean signalled;

	private volatile @Nullable Outcome stop;

	private volatile LockChannels.@Nullable Listening listening;

	PriorityWait(PriorityGate gate, Target target, int priority, long arrivalNanos, long deadlineNanos) {
		this.gate = gate;
		this.target = target;
		this.priority = priority;
		this.arrivalNanos = arrivalNanos;
		this.deadlineNanos = deadlineNanos;
	}

	/**
	 * Return the outcome: never cancelled, it completes when the caller holds the lock or
	 * has left the line.
	 * @return the outcome
	 */
	CompletableFuture<Result> outcome() {
		return this.outcome;
	}

	/**
	 * Return a future of the outcome whose cancellation gives up the wait, for
	 * {@link AsyncAcquisition#waitOn}.
	 * @return the future
	 */
	CompletableFuture<Result> cancellable() {
		CompletableFuture<Result> view = new CompletableFuture<>();
		view.whenComplete((result, failure) -> {
			if (view.isCancelled()) {
				cancel();
			}
		});
		this.outcome.whenComplete((result, failure) -> {
			if (failure != null) {
				view.completeExceptionally(failure);
			}
			else {
				view.complete(result);
			}
		});
		return view;
	}

	/**
	 * Step back for a better caller of this process: leave the line, unless the lock is
	 * taken first.
	 */
	void stepBack() {
		stop(Outcome.OUTRANKED);
	}

	/**
	 * Give up: leave the line, unless the lock is taken first (then the outcome is
	 * {@link Outcome#ACQUIRED} and the caller must release it).
	 */
	void cancel() {
		stop(Outcome.CANCELLED);
	}

	private void stop(Outcome reason) {
		if (this.stop == null) {
			this.stop = reason;
		}
		wake(false);
	}

	// Listen before the first try in line, so that a release after it is not missed.
	void listen() {
		LockChannels.Listening added = this.gate.channels().listen(this.target.channel(), (message) -> {
			if (!this.target.handedToAnother(message)) {
				wake(true);
			}
		});
		this.listening = added;
		added.ready().whenComplete((id, failure) -> {
			if (failure != null) {
				finish(null, failure, false);
			}
			else {
				attempt();
			}
		});
	}

	private void attempt() {
		Outcome reason = this.stop;
		if (reason != null) {
			finish(new Result(reason, 0), null, true);
			return;
		}
		this.signalled = false;
		long sent = System.nanoTime();
		this.gate.retry(this.target, sent, this.arrivalNanos, this.priority)
			.whenComplete((reply, failure) -> tried(sent, reply, failure));
	}

	private void tried(long sent, @Nullable Long reply, @Nullable Throwable failure) {
		if (failure != null || reply == null) {
			finish(null, (failure != null) ? failure : new IllegalStateException("No reply"), true);
			return;
		}
		if (reply < 0) {
			finish(new Result(Outcome.ACQUIRED, sent), null, false);
			return;
		}
		Outcome reason = this.stop;
		long remaining = this.deadlineNanos - System.nanoTime();
		if (reason != null || remaining <= 0) {
			finish(new Result((reason != null) ? reason : Outcome.TIMED_OUT, 0), null, true);
			return;
		}
		long park = Math.min(remaining,
				Math.min(TimeUnit.MILLISECONDS.toNanos(Math.max(reply, 1)), PriorityGate.RECHECK.toNanos()));
		this.parked.set(true);
		if (this.signalled || this.stop != null) {
			wake(false);
			return;
		}
		CompletableFuture.delayedExecutor(park, TimeUnit.NANOSECONDS, Runnable::run).execute(() -> wake(false));
	}

	private void wake(boolean message) {
		if (message) {
			this.signalled = true;
		}
		if (this.parked.compareAndSet(true, false)) {
			attempt();
		}
	}

	private void finish(@Nullable Result result, @Nullable Throwable failure, boolean inLine) {
		LockChannels.Listening added = this.listening;
		if (added != null) {
			added.close();
		}
		if (!inLine) {
			complete(result, failure);
			return;
		}
		this.gate.leave(this.target).whenComplete((left, leaveFailure) -> {
			if (failure != null && leaveFailure != null) {
				failure.addSuppressed(leaveFailure);
			}
			complete(result, failure);
		});
	}

	private void complete(@Nullable Result result, @Nullable Throwable failure) {
		if (failure != null) {
			this.outcome.completeExceptionally(failure);
		}
		else {
			this.outcome.complete(result);
		}
	}

}
