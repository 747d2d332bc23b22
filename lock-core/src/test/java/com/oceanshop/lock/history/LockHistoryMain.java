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

package com.oceanshop.lock.history;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;

import com.oceanshop.lock.LockException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.history.LockHistory.Outcome;
import com.oceanshop.lock.redisson.RedissonLockProvider;

/**
 * Child-JVM program for the history check: eight threads (two per key) take and release
 * locks of every type, half of them through the asynchronous API, on four shared keys
 * ({@code history:exclusive:k} EXCLUSIVE, {@code history:fair:k} FAIR,
 * {@code history:rw:k} READ and WRITE, {@code history:semaphore:k} SEMAPHORE with 2
 * permits), half with a 1 s lease and half auto-renewed, and print every acquisition,
 * fencing token, release and loss report in the {@link LockHistory} line format with a
 * {@link System#nanoTime()} timestamp (comparable across the processes of one Linux host,
 * see {@link LockHistory}).
 * <p>
 * Arguments: process label, run time in milliseconds, topology ({@code standalone=<uri>},
 * {@code sentinel=<master>,<sentinel uri>...} or {@code cluster=<node uri>...}), command
 * pipelining ({@code true}, {@code false} or {@code default}: the provider's). Prints
 * {@code DONE} and exits when the run time is over; never runs longer than the run time
 * plus 30 seconds.
 */
public final class LockHistoryMain {

	static final Duration LEASE = Duration.ofSeconds(1);

	static final Duration RENEWAL_TIMEOUT = Duration.ofMillis(1500);

	static final int SEMAPHORE_PERMITS = 2;

	private static final Map<LockRequest, String> holdIds = Collections.synchronizedMap(new IdentityHashMap<>());

	// The grant of each acquisition, by request: an asynchronous acquisition reports it
	// on another thread.
	private static final Map<LockRequest, long[]> grants = Collections.synchronizedMap(new IdentityHashMap<>());

	private static final AtomicLong failures = new AtomicLong();

	private LockHistoryMain() {
	}

	public static void main(String[] args) throws Exception {
		String label = args[0];
		long end = System.nanoTime() + Duration.ofMillis(Long.parseLong(args[1])).toNanos();
		Thread watchdog = new Thread(() -> {
			sleep(Long.parseLong(args[1]) + 30_000);
			System.exit(4);
		});
		watchdog.setDaemon(true);
		watchdog.start();
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> {
			ex.printStackTrace();
			System.exit(5);
		});
		RedissonClient redisson = create(args[2]);
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		if (!"default".equals(args[3])) {
			provider.setCommandPipelining(Boolean.parseBoolean(args[3]));
		}
		LockTemplate template = LockTemplate.builder(provider).listener(new HistoryListener()).build();
		List<Thread> workers = new ArrayList<>();
		// Two threads per key, so that holders also hand locks to local waiters (threads
		// and futures), not only to other processes.
		String[] keys = { "history:exclusive:k", "history:exclusive:k", "history:fair:k", "history:fair:k",
				"history:rw:k", "history:rw:k", "history:semaphore:k", "history:semaphore:k" };
		for (int t = 0; t < keys.length; t++) {
			String prefix = label + "/" + t + "/";
			String key = keys[t];
			Thread worker = new Thread(() -> work(template, prefix, key, end), "history-" + t);
			workers.add(worker);
			worker.start();
		}
		System.out.println("READY");
		for (Thread worker : workers) {
			worker.join();
		}
		System.out.println("DONE failures=" + failures.get());
		System.out.flush();
		System.exit(0);
	}

	private static void work(LockTemplate template, String prefix, String key, long end) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int n = 0; System.nanoTime() - end < 0; n++) {
			LockType type = switch (key) {
				case "history:exclusive:k" -> LockType.EXCLUSIVE;
				case "history:fair:k" -> LockType.FAIR;
				case "history:semaphore:k" -> LockType.SEMAPHORE;
				default -> (random.nextInt(10) < 6) ? LockType.READ : LockType.WRITE;
			};
			boolean autoRenew = random.nextBoolean();
			LockRequest.Builder builder = LockRequest.builder(key).type(type).waitTime(Duration.ofSeconds(3));
			if (type == LockType.SEMAPHORE) {
				builder.maxPermits(SEMAPHORE_PERMITS);
			}
			LockRequest request = (autoRenew ? builder.autoRenew() : builder.leaseTime(LEASE)).build();
			String id = prefix + n;
			holdIds.put(request, id);
			LockHandle handle;
			boolean async = random.nextBoolean();
			try {
				handle = async ? acquireAsync(template, request) : template.acquire(request);
			}
			catch (LockException ex) {
				failures.incrementAndGet();
				holdIds.remove(request);
				grants.remove(request);
				sleep(random.nextInt(50));
				continue;
			}
			long acquiredAt = System.nanoTime();
			long[] grant = grants.remove(request);
			// The handle's own deadline, after which isHeld() is false: its lease counts
			// from the sending of the command that granted it (LockGrant). Estimated from
			// the listener's call only for a handle that does not carry one.
			long leaseDeadline = (autoRenew || grant == null) ? LockHistory.NONE
					: handleDeadline(handle, ((grant[2] == 1) ? grant[0] : grant[0] - grant[1]) + LEASE.toNanos());
			System.out.println(LockHistory.acquired(id, key, type, (type == LockType.SEMAPHORE) ? SEMAPHORE_PERMITS : 0,
					acquiredAt, leaseDeadline));
			long token;
			try {
				token = handle.fencingToken();
			}
			catch (LockException ex) {
				token = LockHistory.NONE;
			}
			System.out.println(LockHistory.token(id, token, System.nanoTime()));
			sleep(5 + random.nextInt(35));
			long releaseCalledAt = System.nanoTime();
			Outcome outcome;
			try {
				if (async) {
					closeAsync(handle);
				}
				else {
					handle.close();
				}
				outcome = Outcome.RELEASED;
			}
			catch (LockLostException ex) {
				outcome = Outcome.LOST;
			}
			catch (RuntimeException ex) {
				outcome = Outcome.FAILED;
			}
			System.out.println(LockHistory.released(id, releaseCalledAt, outcome));
			sleep(random.nextInt(10));
		}
	}

	// Waits for an asynchronous acquisition, which waits in the local queue as a future.
	private static LockHandle acquireAsync(LockTemplate template, LockRequest request) {
		try {
			return template.acquireAsync(request).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
		}
	}

	private static void closeAsync(LockHandle handle) {
		try {
			handle.closeAsync().join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
		}
	}

	static RedissonClient create(String topology) {
		String kind = topology.substring(0, topology.indexOf('='));
		List<String> values = Arrays.asList(topology.substring(kind.length() + 1).split(","));
		Config config = new Config();
		config.setLockWatchdogTimeout(RENEWAL_TIMEOUT.toMillis());
		config.setNettyThreads(4);
		switch (kind) {
			case "sentinel" -> settings(config.useSentinelServers()
				.setMasterName(values.get(0))
				.addSentinelAddress(values.subList(1, values.size()).toArray(new String[0]))
				.setScanInterval(500));
			case "cluster" ->
				settings(config.useClusterServers().addNodeAddress(values.toArray(new String[0])).setScanInterval(500));
			default -> config.useSingleServer()
				.setAddress(values.get(0))
				.setConnectionMinimumIdleSize(2)
				.setSubscriptionConnectionMinimumIdleSize(1)
				.setConnectTimeout(1000)
				.setTimeout(1000)
				.setRetryAttempts(1);
		}
		return Redisson.create(config);
	}

	private static void settings(BaseMasterSlaveServersConfig<?> servers) {
		servers.setMasterConnectionMinimumIdleSize(2)
			.setSlaveConnectionMinimumIdleSize(1)
			.setSubscriptionConnectionMinimumIdleSize(1)
			.setConnectTimeout(1000)
			.setTimeout(1000)
			.setRetryAttempts(1);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long handleDeadline(LockHandle handle, long estimate) {
		try {
			Field deadline = handle.getClass().getDeclaredField("deadlineNanos");
			deadline.setAccessible(true);
			long nanos = deadline.getLong(handle);
			return (nanos != 0) ? nanos : estimate;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return estimate;
		}
	}

	/**
	 * Records the grant of each acquisition for the lease deadline, and prints each loss
	 * report with the hold it belongs to.
	 */
	private static final class HistoryListener implements LockListener {

		@Override
		public void onAcquired(LockRequest request, Duration waited, boolean contended) {
			grants.put(request, new long[] { System.nanoTime(), waited.toNanos(), contended ? 1 : 0 });
		}

		@Override
		public void onLost(LockRequest request, Duration held) {
			long at = System.nanoTime();
			String id = holdIds.get(request);
			System.out.println((id != null) ? LockHistory.lost(id, at) : "LOSS-UNKNOWN " + request.key() + " " + at);
		}

	}

}
