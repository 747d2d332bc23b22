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

package com.oceanshop.lock.autoconfigure;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one scheduler of Ocean Lock's background work (lease renewals and loss detection,
 * the admin's instance registration and orphaned-lock cleanup, the Redis reachability
 * check): a small pool of daemon threads named {@code ocean-lock-<n>}, shut down with the
 * application context.
 * <p>
 * It is a bean of this type rather than a {@link ScheduledExecutorService} bean, so that
 * it never becomes the application's scheduler for {@code @Scheduled} methods.
 *
 * @since 0.1.0
 */
public final class LockScheduler implements AutoCloseable {

	/**
	 * Prefix of the scheduler's thread names.
	 */
	public static final String THREAD_NAME_PREFIX = "ocean-lock-";

	// The periodic jobs that may block on Redis (cleanup scan, instance registration,
	// reachability check) run one at a time each, so with four threads one is always
	// free for the lease renewals, which never block.
	private static final int THREADS = 4;

	private final ScheduledThreadPoolExecutor executor;

	/**
	 * Create a scheduler and its threads.
	 */
	public LockScheduler() {
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ScheduledThreadPoolExecutor(THREADS, (runnable) -> {
			Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	/**
	 * Return the executor to schedule work on.
	 * @return the executor
	 */
	public ScheduledExecutorService getExecutor() {
		return this.executor;
	}

	/**
	 * Stop the threads; scheduled work does not run any more.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
