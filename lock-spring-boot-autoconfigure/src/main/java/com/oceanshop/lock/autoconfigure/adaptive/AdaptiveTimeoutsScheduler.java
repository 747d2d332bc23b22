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

package com.oceanshop.lock.autoconfigure.adaptive;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import com.oceanshop.lock.adaptive.AdaptiveTimeouts;

/**
 * Runs {@link AdaptiveTimeouts}' shared-estimate updates while the application context
 * runs: loads what other instances learned when it starts (waiting at most
 * {@link #LOAD_TIMEOUT}), so that a new instance starts warm, then updates every
 * interval. An update does not block a scheduler thread: it sends one script and applies
 * the answer when it arrives. In rollback mode it does nothing, so nothing is written to
 * Redis.
 *
 * @since 0.1.0
 */
public class AdaptiveTimeoutsScheduler implements SmartLifecycle {

	/**
	 * Longest time the start waits for the learned values of other instances.
	 */
	public static final Duration LOAD_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(AdaptiveTimeoutsScheduler.class);

	private final AdaptiveTimeouts adaptiveTimeouts;

	private final ScheduledExecutorService executor;

	private final boolean lockingEnabled;

	private volatile @Nullable ScheduledFuture<?> task;

	private volatile boolean running;

	/**
	 * Create a scheduler.
	 * @param adaptiveTimeouts the adaptive timeouts to update
	 * @param executor the executor to run the updates on
	 * @param lockingEnabled whether distributed locking is enabled ({@code false} in
	 * rollback mode)
	 */
	public AdaptiveTimeoutsScheduler(AdaptiveTimeouts adaptiveTimeouts, ScheduledExecutorService executor,
			boolean lockingEnabled) {
		this.adaptiveTimeouts = Objects.requireNonNull(adaptiveTimeouts, "'adaptiveTimeouts' must not be null");
		this.executor = Objects.requireNonNull(executor, "'executor' must not be null");
		this.lockingEnabled = lockingEnabled;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		if (!this.lockingEnabled) {
			logger.info("Distributed locking is disabled: adaptive lock timeouts are not updated");
			return;
		}
		this.adaptiveTimeouts.load(LOAD_TIMEOUT);
		long interval = this.adaptiveTimeouts.getSettings().updateInterval().toMillis();
		this.task = this.executor.scheduleWithFixedDelay(this::update, interval, interval, TimeUnit.MILLISECONDS);
	}

	private void update() {
		try {
			this.adaptiveTimeouts.update();
		}
		catch (RuntimeException ex) {
			logger.warn("Adaptive lock timeouts update failed: " + ex);
		}
	}

	@Override
	public synchronized void stop() {
		ScheduledFuture<?> task = this.task;
		if (task != null) {
			task.cancel(false);
			this.task = null;
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
