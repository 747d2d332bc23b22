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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockDeadlockException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockKey;
import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.LockProvider.Attempt;
import com.oceanshop.lock.LockType;

/**
 * Deadlock detection across instances through a wait-for graph in Redis.
 * <p>
 * The graph's node is a <em>flow</em>: the lock scopes open on one thread of one instance
 * ({@link LockContext}). A flow waits for at most one lock at a time, so while it waits
 * it is represented by one waiter entry: the lock it waits for and the locks its open
 * scopes hold. Only a flow that holds something can close a cycle, so an acquisition
 * writes an entry only when it must wait (the lock is held, locally or in Redis) and its
 * flow holds other locks of this provider; an uncontended acquisition, or one outside
 * every scope, writes nothing.
 * <p>
 * A registered waiter runs {@link DeadlockScripts#DEADLOCK_WAIT} when it starts waiting
 * and every {@link #CHECK_INTERVAL} while it waits: the script refreshes the entry's
 * expiry ({@link #ENTRY_TTL}, so a dead instance leaves nothing behind), follows the
 * waits-for and held-by edges from it through waiting flows only, and on a cycle marks
 * the youngest member as its one victim. The victim's thread is interrupted while it
 * waits and leaves the local queue and Redis through the interrupt paths, then fails with
 * {@link LockDeadlockException}.
 */
final class DeadlockDetector {

	/**
	 * How often a waiter refreshes its entry and looks for a cycle again.
	 */
	static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

	/**
	 * Time to live of a waiter entry without refresh.
	 */
	static final Duration ENTRY_TTL = Duration.ofSeconds(2);

	// Bounds the search: waiter entries visited from one waiter.
	private static final int MAX_VISITS = 64;

	private static final Logger logger = LoggerFactory.getLogger(DeadlockDetector.class);

	private static final AtomicLong waiterIds = new AtomicLong();

	private final RedissonClient redisson;

	private final LockProvider provider;

	private final Function<LockKey, String> redisKeys;

	private final RenewalScheduler scheduler;

	private final String keyPrefix;

	private final String graphPrefix;

	private final String waitersKey;

	private final String instance;

	private volatile boolean enabled = true;

	DeadlockDetector(RedissonClient redisson, String keyPrefix, LockProvider provider,
			Function<LockKey, String> redisKeys, RenewalScheduler scheduler) {
		this.redisson = redisson;
		this.keyPrefix = keyPrefix;
		this.provider = provider;
		this.redisKeys = redisKeys;
		this.scheduler = scheduler;
		this.graphPrefix = RedissonLockLayout.deadlockPrefix(keyPrefix);
		this.waitersKey = RedissonLockLayout.deadlockWaitersKey(keyPrefix);
		this.instance = redisson.getId() + " (pid " + ProcessHandle.current().pid() + ")";
	}

	void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Return the watcher of one acquisition, which writes nothing until the acquisition
	 * must wait.
	 * @param attempt the attempt
	 * @param name the lock's Redis key
	 * @return the watcher, or {@code null} if detection is off
	 */
	@Nullable Waiter watch(Attempt attempt, String name) {
		return this.enabled ? new Waiter(attempt, name) : null;
	}

	/**
	 * One acquisition's entry in the wait-for graph, from the moment it must wait until
	 * it acquires, times out, fails or is chosen as a deadlock's victim.
	 */
	final class Waiter {

		private static final int IDLE = 0;

		private static final int ARMED = 1;

		private static final int ABORTED = 2;

		private static final int DONE = 3;

		private final Attempt attempt;

		private final String name;

		private final Thread thread = Thread.currentThread();

		private final long begin = System.nanoTime();

		// Guarded by this: the waiting thread is interrupted only while ARMED.
		private int state = IDLE;

		private @Nullable List<String> args;

		private @Nullable List<String> holds;

		private @Nullable ScheduledFuture<?> checks;

		private List<String> cycle = List.of();

		private Waiter(Attempt attempt, String name) {
			this.attempt = attempt;
			this.name = name;
		}

		/**
		 * Mark the start of a wait: the first time, register the entry if the flow holds
		 * other locks, and look for a cycle. A victim found at once interrupts the
		 * calling thread, so that the wait that follows ends at once.
		 */
		void arm() {
			if (this.args == null) {
				register();
			}
			synchronized (this) {
				if (this.state == ABORTED) {
					this.thread.interrupt();
				}
				else if (this.state == IDLE && this.checks != null) {
					this.state = ARMED;
				}
			}
		}

		/**
		 * Mark the end of a wait. A victim's pending interrupt is cleared, so that the
		 * calls that follow (releasing a lock granted meanwhile, leaving a queue) run.
		 */
		void disarm() {
			synchronized (this) {
				if (this.state == ABORTED) {
					Thread.interrupted();
				}
				else if (this.state == ARMED) {
					this.state = IDLE;
				}
			}
		}

		/**
		 * Give up if this waiter was chosen as a victim.
		 * @throws InterruptedException if it was, to leave through the interrupt paths
		 */
		void checkpoint() throws InterruptedException {
			synchronized (this) {
				if (this.state == ABORTED) {
					throw new InterruptedException("Chosen as a deadlock's victim");
				}
			}
		}

		/**
		 * End this acquisition's watch and remove its entry. Idempotent.
		 * @return whether it was chosen as a victim
		 */
		boolean end() {
			boolean aborted;
			ScheduledFuture<?> checks;
			synchronized (this) {
				if (this.state == DONE) {
					return false;
				}
				aborted = this.state == ABORTED;
				this.state = DONE;
				checks = this.checks;
			}
			if (aborted) {
				Thread.interrupted();
			}
			if (checks != null) {
				checks.cancel(false);
				leave();
			}
			return aborted;
		}

		/**
		 * Return the exception for this victim, logging the cycle at WARN.
		 * @return the exception
		 */
		LockDeadlockException deadlock() {
			LockDeadlockException ex = new LockDeadlockException(this.attempt.request().key(),
					this.attempt.request().type(), Duration.ofNanos(System.nanoTime() - this.begin), this.cycle);
			logger.warn("{}", ex.getMessage());
			return ex;
		}

		private void register() {
			List<String> holds = new ArrayList<>();
			List<String> args = new ArrayList<>();
			Set<String> seen = new LinkedHashSet<>();
			for (LockHandle handle : LockContext.held(DeadlockDetector.this.provider)) {
				if (handle.type() == LockType.SEMAPHORE) {
					continue;
				}
				String mode = (handle.type() == LockType.READ) ? "r" : "w";
				String held = mode + DeadlockDetector.this.redisKeys.apply(LockKey.parse(handle.key()));
				if (seen.add(held)) {
					holds.add(held);
					args.add(held);
					args.add(handle.key());
				}
			}
			this.holds = holds;
			this.args = args;
			if (holds.isEmpty()) {
				// Nothing held, so no cycle can go through this flow.
				return;
			}
			String id = DeadlockDetector.this.redisson.getId() + ":" + waiterIds.incrementAndGet();
			List<Object> argv = new ArrayList<>(9 + args.size());
			argv.addAll(Arrays.asList(DeadlockDetector.this.graphPrefix, id, ENTRY_TTL.toMillis(), this.name,
					this.attempt.request().key(), this.attempt.request().type().tagValue(),
					"thread '" + this.thread.getName() + "'", DeadlockDetector.this.instance, MAX_VISITS));
			argv.addAll(args);
			this.args = argv.stream().map(String::valueOf).toList();
			try {
				result(script().eval(DeadlockDetector.this.waitersKey, RScript.Mode.READ_WRITE,
						DeadlockScripts.DEADLOCK_WAIT, RScript.ReturnType.LIST, keys(), this.args.toArray()));
			}
			catch (RuntimeException ex) {
				logger.debug("Could not register waiter for lock '{}' in the wait-for graph", this.name, ex);
			}
			try {
				long interval = CHECK_INTERVAL.toMillis();
				ScheduledFuture<?> checks = DeadlockDetector.this.scheduler.scheduler()
					.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
				synchronized (this) {
					this.checks = checks;
				}
			}
			catch (RejectedExecutionException ex) {
				// The provider is closing: the entry expires on its own.
				leave();
			}
		}

		private void check() {
			synchronized (this) {
				if (this.state == DONE) {
					return;
				}
			}
			script()
				.<List<Object>>evalAsync(DeadlockDetector.this.waitersKey, RScript.Mode.READ_WRITE,
						DeadlockScripts.DEADLOCK_WAIT, RScript.ReturnType.LIST, keys(), this.args.toArray())
				.whenComplete((result, ex) -> {
					if (ex != null) {
						logger.debug("Could not refresh waiter for lock '{}' in the wait-for graph", this.name, ex);
					}
					else {
						result(result);
					}
				});
		}

		private void result(@Nullable List<Object> result) {
			if (result == null || result.size() < 2) {
				return;
			}
			List<String> cycle = List.of(String.valueOf(result.get(1)).split("\n"));
			if ("victim".equals(result.get(0))) {
				synchronized (this) {
					if (this.state == ARMED || this.state == IDLE) {
						this.cycle = cycle;
						if (this.state == ARMED || this.thread == Thread.currentThread()) {
							this.thread.interrupt();
						}
						this.state = ABORTED;
					}
				}
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Deadlock found while waiting for lock '{}'; another member is the victim: {}", this.name,
						String.join(" -> ", cycle));
			}
		}

		private void leave() {
			List<String> args = this.args;
			List<String> holds = this.holds;
			if (args == null || holds == null || holds.isEmpty()) {
				return;
			}
			List<Object> argv = new ArrayList<>(2 + holds.size());
			argv.add(DeadlockDetector.this.graphPrefix);
			argv.add(args.get(1));
			argv.addAll(holds);
			script()
				.evalAsync(DeadlockDetector.this.waitersKey, RScript.Mode.READ_WRITE, DeadlockScripts.DEADLOCK_LEAVE,
						RScript.ReturnType.LONG, List.of(DeadlockDetector.this.waitersKey, waiterKey(args.get(1))),
						argv.toArray())
				.whenComplete((result, ex) -> {
					if (ex != null) {
						logger.debug("Could not remove waiter for lock '{}' from the wait-for graph; it expires",
								this.name, ex);
					}
				});
		}

		private List<Object> keys() {
			return List.of(DeadlockDetector.this.waitersKey, waiterKey(this.args.get(1)));
		}

	}

	private String waiterKey(String id) {
		return RedissonLockLayout.deadlockWaiterKey(this.keyPrefix, id);
	}

	private RScript script() {
		return this.redisson.getScript(StringCodec.INSTANCE);
	}

}
