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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jdk.jfr.consumer.RecordingStream;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;

/**
 * Child-JVM program: many threads wait for one held lock, then take it one after the
 * other. On a JDK with virtual threads (21+) they are virtual threads, and a JFR stream
 * counts {@code jdk.VirtualThreadPinned} events (pinned carriers) with no threshold;
 * otherwise platform threads. It measures how many commands Redis processed while all of
 * them waited (only the head of the local queue waits in Redis, so it must stay far below
 * the number of waiters), and prints
 * {@code RESULT virtual=<bool> waiters=<n> completed=<n> maxInside=<n> pinned=<n> commandsWhileWaiting=<n> subscriptions=<n>}.
 * Arguments: Redis URI, number of waiters, and {@code remote} to have the lock held by
 * another client (another instance) instead of this one.
 */
public final class ManyWaitersMain {

	private ManyWaitersMain() {
	}

	public static void main(String[] args) throws Exception {
		RedissonClient redisson = TestRedisson.create(args[0]);
		int waiters = Integer.parseInt(args[1]);
		LockTemplate template = TestRedisson.template(redisson);
		LockRequest request = LockRequest.builder("inventory:reserve:MANY-WAITERS")
			.waitTime(Duration.ofSeconds(60))
			.autoRenew()
			.build();
		ExecutorService threads = virtualThreads();
		boolean virtual = threads != null;
		if (threads == null) {
			threads = Executors.newFixedThreadPool(waiters);
		}
		AtomicInteger pinned = new AtomicInteger();
		RecordingStream recording = null;
		if (virtual) {
			recording = new RecordingStream();
			recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
			recording.onEvent("jdk.VirtualThreadPinned", (event) -> {
				pinned.incrementAndGet();
				System.out.println("PINNED " + event);
			});
			recording.startAsync();
		}
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		AtomicInteger completed = new AtomicInteger();
		CountDownLatch started = new CountDownLatch(waiters);
		// A fixed lease: no renewal traffic while the waiters wait. Held by this instance
		// or
		// by another client (another instance), whose release wakes this one through
		// Redis.
		Runnable waitAndTake = () -> template.execute(request, (handle) -> {
			maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
			inside.decrementAndGet();
			return completed.incrementAndGet();
		});
		// One call first, on this platform thread: it loads the classes of the call path.
		// Thousands of virtual threads loading one class at once wait for the class
		// loader's lock, which pins their carriers (a JDK limitation seen here as a
		// "Contended monitor enter" in BuiltinClassLoader.loadClassOrNull).
		// The contended path too: a waiter whose turn is taken (the hand-off's successor)
		// and, with the other instance holding, one that waits in Redis's line.
		waitAndTake.run();
		RedissonClient other = "remote".equals((args.length > 2) ? args[2] : "local") ? TestRedisson.create(args[0])
				: null;
		LockTemplate holderTemplate = (other != null) ? TestRedisson.template(other) : template;
		warmUpContended(template, request, waitAndTake);
		if (other != null) {
			warmUpContended(holderTemplate, request, waitAndTake);
		}
		completed.set(0);
		LockHandle holder = holderTemplate
			.acquire(LockRequest.builder(request.key()).leaseTime(Duration.ofSeconds(60)).build());
		long before = commandsProcessed(redisson);
		List<Future<?>> calls = new ArrayList<>(waiters);
		for (int i = 0; i < waiters; i++) {
			calls.add(threads.submit(() -> {
				started.countDown();
				waitAndTake.run();
			}));
		}
		started.await(60, TimeUnit.SECONDS);
		// Time for every waiter to reach its wait; the first INFO is counted, the second
		// not yet.
		Thread.sleep(2000);
		long commandsWhileWaiting = commandsProcessed(redisson) - before - 1;
		long subscriptions = subscriptions(redisson);
		holder.close();
		for (Future<?> call : calls) {
			call.get(120, TimeUnit.SECONDS);
		}
		if (recording != null) {
			// Let the stream deliver what the JVM recorded, then stop it.
			Thread.sleep(1500);
			recording.close();
		}
		System.out.println("RESULT virtual=" + virtual + " waiters=" + waiters + " completed=" + completed.get()
				+ " maxInside=" + maxInside.get() + " pinned=" + pinned.get() + " commandsWhileWaiting="
				+ commandsWhileWaiting + " subscriptions=" + subscriptions);
		System.out.flush();
		threads.shutdownNow();
		if (other != null) {
			other.shutdown();
		}
		redisson.shutdown();
		System.exit(0);
	}

	private static ExecutorService virtualThreads() {
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	// Every subscription Redis holds for any client, summed over the channels.
	private static long subscriptions(RedissonClient redisson) {
		Long total = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY, """
				local total = 0
				for _, channel in ipairs(redis.call('pubsub', 'channels')) do
					total = total + redis.call('pubsub', 'numsub', channel)[2]
				end
				return total
				""", RScript.ReturnType.LONG);
		return (total != null) ? total : 0;
	}

	// One call on a platform thread that waits behind a holder of the given template
	// until it is released, so that the classes of the waiting path are loaded.
	private static void warmUpContended(LockTemplate holderTemplate, LockRequest request, Runnable waitAndTake)
			throws InterruptedException {
		LockHandle held = holderTemplate
			.acquire(LockRequest.builder(request.key()).leaseTime(Duration.ofSeconds(60)).build());
		Thread waiter = new Thread(waitAndTake, "warm-up-waiter");
		waiter.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (waiter.getState() != Thread.State.WAITING && waiter.getState() != Thread.State.TIMED_WAITING
				&& System.nanoTime() - deadline < 0) {
			Thread.onSpinWait();
		}
		held.close();
		waiter.join(TimeUnit.SECONDS.toMillis(30));
	}

	private static long commandsProcessed(RedissonClient redisson) {
		Map<String, String> stats = redisson.getRedisNodes(RedisNodes.SINGLE)
			.getInstance()
			.info(RedisNode.InfoSection.STATS);
		return Long.parseLong(stats.get("total_commands_processed"));
	}

}
