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
import java.util.List;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;

/**
 * Child-JVM program for the priority tests: one instance whose threads wait for one lock
 * with one priority and, once they hold it, append {@code <label> <arrival millis>} to
 * the Redis list {@code <key>:served} (the lock makes the appends the order of service),
 * hold it for a while and release it. Prints {@code QUEUED} once every thread waits in
 * line, {@code DONE} at the end; exits 2 if a thread failed. Arguments: Redis URI, key,
 * lock type, priority, threads, hold millis, aging millis, label, and how long to keep
 * coming back for the lock in millis (0: each thread acquires once).
 */
public final class PriorityWaiterMain {

	private PriorityWaiterMain() {
	}

	public static void main(String[] args) throws Exception {
		String key = args[1];
		LockType type = LockType.valueOf(args[2]);
		int priority = Integer.parseInt(args[3]);
		int threads = Integer.parseInt(args[4]);
		long holdMillis = Long.parseLong(args[5]);
		String label = args[7];
		long streamMillis = Long.parseLong(args[8]);
		RedissonClient redisson = client(args[0]);
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		provider.setPriorityAgingInterval(Duration.ofMillis(Long.parseLong(args[6])));
		LockTemplate template = LockTemplate.builder(provider).build();
		List<Thread> workers = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		long end = System.currentTimeMillis() + streamMillis;
		for (int i = 0; i < threads; i++) {
			String name = label + "-" + i;
			Thread worker = new Thread(() -> {
				try {
					do {
						serve(template, redisson, key, type, priority, holdMillis, name);
					}
					while (System.currentTimeMillis() < end);
				}
				catch (Throwable ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			}, name);
			worker.start();
			workers.add(worker);
		}
		if (streamMillis == 0) {
			String redisKey = RedissonLockLayout.lockKey(provider.getKeyPrefix(), key);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			// The head waits in Redis, the others in the local queue.
			while (provider.localWaiters(redisKey) < threads - 1 && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			System.out.println("QUEUED " + provider.localWaiters(redisKey));
			System.out.flush();
		}
		for (Thread worker : workers) {
			worker.join();
		}
		provider.close();
		redisson.shutdown();
		failures.forEach(Throwable::printStackTrace);
		System.out.println("DONE");
		System.out.flush();
		System.exit(failures.isEmpty() ? 0 : 2);
	}

	static void serve(LockTemplate template, RedissonClient redisson, String key, LockType type, int priority,
			long holdMillis, String name) throws InterruptedException {
		long arrival = System.currentTimeMillis();
		LockRequest request = LockRequest.builder(key)
			.type(type)
			.priority(priority)
			.waitTime(Duration.ofSeconds(30))
			.leaseTime(Duration.ofSeconds(30))
			.build();
		try (LockHandle handle = template.acquire(request)) {
			redisson.<String>getList(key + ":served", StringCodec.INSTANCE).add(name + " " + arrival);
			Thread.sleep(holdMillis);
		}
	}

	static RedissonClient client(String uri) {
		Config config = new Config();
		config.setLockWatchdogTimeout(1500);
		config.setNettyThreads(4);
		config.useSingleServer()
			.setAddress(uri)
			.setTimeout(2000)
			.setConnectionMinimumIdleSize(2)
			.setConnectionPoolSize(16);
		return Redisson.create(config);
	}

}
