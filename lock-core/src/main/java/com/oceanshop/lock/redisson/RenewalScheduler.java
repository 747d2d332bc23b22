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

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.jspecify.annotations.Nullable;

/**
 * The scheduler that runs every {@link LeaseRenewal} of one provider, with the renewal
 * timeout they share. Either given from outside (and then never shut down here) or a
 * daemon thread of its own, created on first use and shut down on {@link #close()}.
 */
final class RenewalScheduler implements AutoCloseable {

	private final Duration timeout;

	private final boolean external;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile boolean closed;

	/**
	 * Create a renewal scheduler.
	 * @param timeout the renewal timeout
	 * @param scheduler the scheduler to use, or {@code null} to create one on first use
	 */
	RenewalScheduler(Duration timeout, @Nullable ScheduledExecutorService scheduler) {
		this.timeout = timeout;
		this.external = scheduler != null;
		this.scheduler = scheduler;
	}

	/**
	 * Return the renewal timeout: an auto-renewed lock is taken with this lease, extended
	 * every third of it, and reported lost when no extension succeeded for this long.
	 * @return the renewal timeout
	 */
	Duration timeout() {
		return this.timeout;
	}

	/**
	 * Return whether renewals must stop because the provider was closed.
	 * @return whether closed
	 */
	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Return the scheduler, creating the own one on first use.
	 * @return the scheduler
	 */
	ScheduledExecutorService scheduler() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null) {
			synchronized (this) {
				scheduler = this.scheduler;
				if (scheduler == null) {
					ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
						Thread thread = new Thread(runnable, "ocean-lock-renewal");
						thread.setDaemon(true);
						return thread;
					});
					executor.setRemoveOnCancelPolicy(true);
					scheduler = executor;
					this.scheduler = scheduler;
				}
			}
		}
		return scheduler;
	}

	/**
	 * Stop renewing: shut the own scheduler down; renewals on an external one stop at
	 * their next run.
	 */
	@Override
	public void close() {
		this.closed = true;
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null && !this.external) {
			scheduler.shutdownNow();
		}
	}

}
