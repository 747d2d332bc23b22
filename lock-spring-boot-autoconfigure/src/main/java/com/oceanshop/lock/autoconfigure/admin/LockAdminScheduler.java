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

package com.oceanshop.lock.autoconfigure.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import com.oceanshop.lock.admin.LockAdmin;

/**
 * Schedules the {@link LockAdmin}'s periodic work while the application context runs:
 * refreshes this instance's registry entry (every
 * {@link LockAdmin#getInstanceRefreshInterval()}, so that the cleanup of every instance
 * sees that this one's locks have a live owner) and, when enabled, runs the orphaned-lock
 * cleanup every interval. In rollback mode it schedules nothing.
 *
 * @since 0.1.0
 */
public class LockAdminScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LockAdminScheduler.class);

	private final LockAdmin lockAdmin;

	private final ScheduledExecutorService executor;

	private final boolean cleanupEnabled;

	private final Duration cleanupInterval;

	private volatile @Nullable List<ScheduledFuture<?>> tasks;

	/**
	 * Create a scheduler.
	 * @param lockAdmin the admin whose work is scheduled
	 * @param executor the executor to run the work on
	 * @param cleanupEnabled whether to run the cleanup
	 * @param cleanupInterval time between cleanup runs
	 */
	public LockAdminScheduler(LockAdmin lockAdmin, ScheduledExecutorService executor, boolean cleanupEnabled,
			Duration cleanupInterval) {
		this.lockAdmin = Objects.requireNonNull(lockAdmin, "'lockAdmin' must not be null");
		this.executor = Objects.requireNonNull(executor, "'executor' must not be null");
		this.cleanupEnabled = cleanupEnabled;
		this.cleanupInterval = cleanupInterval;
	}

	@Override
	public synchronized void start() {
		if (this.tasks != null) {
			return;
		}
		List<ScheduledFuture<?>> tasks = new ArrayList<>();
		if (!this.lockAdmin.isEnabled()) {
			// Rollback mode: Redis may be the problem, so nothing is written to it.
			logger.info("Distributed locking is disabled: no instance registration and no orphaned-lock cleanup");
			this.tasks = tasks;
			return;
		}
		long refresh = this.lockAdmin.getInstanceRefreshInterval().toMillis();
		tasks.add(this.executor.scheduleWithFixedDelay(
				() -> guarded("instance registration", this.lockAdmin::registerInstance), 0, refresh,
				TimeUnit.MILLISECONDS));
		if (this.cleanupEnabled) {
			long interval = this.cleanupInterval.toMillis();
			tasks.add(this.executor.scheduleWithFixedDelay(
					() -> guarded("orphaned-lock cleanup", this.lockAdmin::cleanup), interval, interval,
					TimeUnit.MILLISECONDS));
		}
		this.tasks = tasks;
	}

	private static void guarded(String what, Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			// Redis may be down for a while; the next run tries again.
			logger.warn("Lock " + what + " failed: " + ex);
		}
	}

	@Override
	public synchronized void stop() {
		List<ScheduledFuture<?>> tasks = this.tasks;
		if (tasks != null) {
			tasks.forEach((task) -> task.cancel(true));
			this.tasks = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.tasks != null;
	}

}
