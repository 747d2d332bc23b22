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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockProvider.Attempt;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

/**
 * Acquires {@link LockType#SEMAPHORE} permits in the layout of an
 * {@code RPermitExpirableSemaphore}, with {@link RedissonScripts#SEMAPHORE_ACQUIRE}: the
 * limit is each request's own {@code maxPermits}, checked against the live permits. A
 * waiter listens on the semaphore's channel, where releases publish, and checks again at
 * least every {@link #RECHECK} (a release may be missed while subscribing, and an
 * expiring permit publishes nothing).
 */
final class SemaphoreAcquirer {

	/**
	 * Longest a waiter waits without checking the semaphore again.
	 */
	static final Duration RECHECK = Duration.ofSeconds(1);

	private final RedissonClient redisson;

	private final ScriptPipeline scripts;

	private final Duration renewalTimeout;

	SemaphoreAcquirer(RedissonClient redisson, ScriptPipeline scripts, Duration renewalTimeout) {
		this.redisson = redisson;
		this.scripts = scripts;
		this.renewalTimeout = renewalTimeout;
	}

	/**
	 * Try to acquire the requested permits.
	 * @param attempt the attempt
	 * @param name the semaphore's Redis key
	 * @return the hold, or {@code null} if the wait time ran out
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable RedissonHold acquire(Attempt attempt, String name) throws InterruptedException {
		LockRequest request = attempt.request();
		long begin = System.nanoTime();
		long leaseMillis = LeaseRenewal.leaseOf(attempt, this.renewalTimeout).toMillis();
		List<String> permitIds = newPermitIds(request);
		long leaseStart = System.nanoTime();
		long untilExpiry = tryAcquire(name, request, permitIds, leaseMillis);
		boolean contended = untilExpiry >= 0;
		if (contended && !attempt.waitTime().isZero()) {
			long deadline = begin + attempt.waitTime().toNanos();
			Semaphore released = new Semaphore(0);
			RTopic channel = channel(name);
			int listener = channel.addListener(String.class, (ch, message) -> released.release());
			try {
				while (untilExpiry >= 0) {
					leaseStart = System.nanoTime();
					untilExpiry = tryAcquire(name, request, permitIds, leaseMillis);
					long remaining = deadline - System.nanoTime();
					if (untilExpiry < 0 || remaining <= 0) {
						break;
					}
					long park = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(Math.max(untilExpiry, 1)));
					released.tryAcquire(Math.min(park, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
					released.drainPermits();
				}
			}
			finally {
				channel.removeListener(listener);
			}
		}
		if (untilExpiry >= 0) {
			return null;
		}
		return new SemaphoreHold(this.redisson, this.scripts, request.key(), name, List.copyOf(permitIds),
				request.maxPermits(), contended, leaseStart, this::publishCommand);
	}

	/**
	 * Try to acquire the requested permits without blocking a thread while waiting: the
	 * waiter listens on the semaphore's channel and re-checks on a timer, as
	 * {@link #acquire} does between parks.
	 * @param attempt the attempt
	 * @param name the semaphore's Redis key
	 * @return the hold, or {@code null} if the wait time ran out
	 */
	CompletableFuture<@Nullable RedissonHold> acquireAsync(Attempt attempt, String name) {
		AsyncAcquisition acquisition = new AsyncAcquisition();
		new AsyncWait(acquisition, attempt, name).attempt();
		return acquisition.result();
	}

	private long tryAcquire(String name, LockRequest request, List<String> permitIds, long leaseMillis) {
		return RedissonHold.await(tryAcquireAsync(name, request, permitIds, leaseMillis));
	}

	private CompletableFuture<Long> tryAcquireAsync(String name, LockRequest request, List<String> permitIds,
			long leaseMillis) {
		List<Object> keys = List.of(name, RedissonLockLayout.semaphoreTimeoutKey(name));
		Object[] args = acquireArguments(request, permitIds, leaseMillis);
		return this.scripts
			.evalLong(RedissonScripts.SEMAPHORE_ACQUIRE, keys, args,
					() -> this.redisson.getScript(ByteArrayCodec.INSTANCE)
						.<Long>evalAsync(name, RScript.Mode.READ_WRITE, RedissonScripts.SEMAPHORE_ACQUIRE,
								RScript.ReturnType.LONG, keys, args))
			.thenApply((result) -> (result != null) ? result : 0L);
	}

	private static Object[] acquireArguments(LockRequest request, List<String> permitIds, long leaseMillis) {
		long now = System.currentTimeMillis();
		List<Object> args = new ArrayList<>(permitIds.size() + 4);
		args.add(bytes(now));
		args.add(bytes(now + leaseMillis));
		args.add(bytes(request.maxPermits()));
		args.add(bytes(permitIds.size()));
		for (String permitId : permitIds) {
			args.add(RedissonLockLayout.permitIdBytes(permitId));
		}
		return args.toArray();
	}

	private static List<String> newPermitIds(LockRequest request) {
		List<String> permitIds = new ArrayList<>(request.permits());
		for (int i = 0; i < request.permits(); i++) {
			permitIds.add(RedissonLockLayout.randomId());
		}
		return permitIds;
	}

	private RTopic channel(String name) {
		String channel = RedissonLockLayout.semaphoreChannel(name);
		return "spublish".equalsIgnoreCase(publishCommand())
				? this.redisson.getShardedTopic(channel, StringCodec.INSTANCE)
				: this.redisson.getTopic(channel, StringCodec.INSTANCE);
	}

	// Cheap: Redisson's subscribe service knows it once connected.
	private String publishCommand() {
		return RedissonLockLayout.publishCommand(this.redisson);
	}

	/**
	 * One waiting asynchronous acquisition: each try is a script call; between tries it
	 * waits for a release on the channel or for the timer, with no thread.
	 */
	private final class AsyncWait {

		private final AsyncAcquisition acquisition;

		private final LockRequest request;

		private final String name;

		private final long deadline;

		private final long leaseMillis;

		private final List<String> permitIds;

		private final AtomicBoolean parked = new AtomicBoolean();

		private final AtomicBoolean released = new AtomicBoolean();

		private volatile boolean contended;

		private volatile long leaseStart;

		private volatile @Nullable RTopic channel;

		private volatile @Nullable CompletableFuture<Integer> listener;

		AsyncWait(AsyncAcquisition acquisition, Attempt attempt, String name) {
			this.acquisition = acquisition;
			this.request = attempt.request();
			this.name = name;
			this.deadline = System.nanoTime() + attempt.waitTime().toNanos();
			this.leaseMillis = LeaseRenewal.leaseOf(attempt, SemaphoreAcquirer.this.renewalTimeout).toMillis();
			this.permitIds = List.copyOf(newPermitIds(this.request));
		}

		void attempt() {
			if (this.acquisition.isDone()) {
				finish(null, null);
				return;
			}
			this.released.set(false);
			this.leaseStart = System.nanoTime();
			this.acquisition.waitOn(tryAcquireAsync(this.name, this.request, this.permitIds, this.leaseMillis))
				.whenComplete(this::tried);
		}

		private void tried(@Nullable Long untilExpiry, @Nullable Throwable failure) {
			if (failure != null || untilExpiry == null) {
				finish(null, failure);
				return;
			}
			if (untilExpiry < 0) {
				finish(new SemaphoreHold(SemaphoreAcquirer.this.redisson, SemaphoreAcquirer.this.scripts,
						this.request.key(), this.name, this.permitIds, this.request.maxPermits(), this.contended,
						this.leaseStart, SemaphoreAcquirer.this::publishCommand), null);
				return;
			}
			long remaining = this.deadline - System.nanoTime();
			if (remaining <= 0) {
				finish(null, null);
				return;
			}
			this.contended = true;
			if (this.listener == null) {
				// Listen before the next try, so that a release after it is not missed.
				RTopic topic = channel(this.name);
				this.channel = topic;
				CompletableFuture<Integer> added = topic.addListenerAsync(String.class, (ch, message) -> wake(true))
					.toCompletableFuture();
				this.listener = added;
				added.whenComplete((id, listenFailure) -> {
					if (listenFailure != null) {
						finish(null, listenFailure);
					}
					else {
						attempt();
					}
				});
				return;
			}
			long park = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(Math.max(untilExpiry, 1)));
			this.parked.set(true);
			if (this.released.get()) {
				wake(false);
				return;
			}
			CompletableFuture.delayedExecutor(Math.min(park, RECHECK.toNanos()), TimeUnit.NANOSECONDS, Runnable::run)
				.execute(() -> wake(false));
		}

		private void wake(boolean release) {
			if (release) {
				this.released.set(true);
			}
			if (this.parked.compareAndSet(true, false)) {
				attempt();
			}
		}

		private void finish(@Nullable RedissonHold hold, @Nullable Throwable failure) {
			CompletableFuture<Integer> added = this.listener;
			RTopic topic = this.channel;
			if (added != null && topic != null) {
				added.thenAccept(topic::removeListenerAsync);
			}
			if (hold != null) {
				this.acquisition.deliver(hold);
			}
			else {
				this.acquisition.fail(failure);
			}
		}

	}

	static byte[] bytes(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

}
