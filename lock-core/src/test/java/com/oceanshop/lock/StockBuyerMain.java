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
import java.util.concurrent.atomic.AtomicInteger;

import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

import com.oceanshop.lock.redisson.RedissonLockTemplates;

/**
 * Child-JVM program with many buyer threads that buy one unit at a time from a stock kept
 * in Redis, with a read-modify-write under an exclusive lock: the read is a separate
 * command, so a failure of mutual exclusion shows as {@code stock + sold > initial}.
 * Arguments: Redis URI, product id, threads. Prints {@code SOLD} per unit and
 * {@code DONE n} at the end; stops within two minutes.
 */
public final class StockBuyerMain {

	private StockBuyerMain() {
	}

	public static void main(String[] args) throws Exception {
		RedissonClient redisson = TestRedisson.create(args[0]);
		LockTemplate template = RedissonLockTemplates.create(redisson);
		String product = args[1];
		int threads = Integer.parseInt(args[2]);
		RBucket<Long> stock = redisson.getBucket("{stock:" + product + "}:units", LongCodec.INSTANCE);
		LockRequest request = LockRequest.builder("inventory:reserve:" + product)
			.waitTime(Duration.ofSeconds(20))
			.leaseTime(Duration.ofSeconds(5))
			.build();
		AtomicInteger bought = new AtomicInteger();
		long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		List<Thread> buyers = new ArrayList<>();
		System.out.println("READY");
		for (int t = 0; t < threads; t++) {
			Thread buyer = new Thread(() -> {
				boolean soldOut = false;
				while (!soldOut && System.nanoTime() < end) {
					try {
						soldOut = template.execute(request, (lock) -> {
							Long units = stock.get();
							if (units == null || units <= 0) {
								return true;
							}
							RBatch batch = redisson.createBatch(BatchOptions.defaults()
								.executionMode(BatchOptions.ExecutionMode.REDIS_WRITE_ATOMIC));
							batch.getBucket("{stock:" + product + "}:units", LongCodec.INSTANCE).setAsync(units - 1);
							batch.getAtomicLong("{stock:" + product + "}:sold").incrementAndGetAsync();
							batch.execute();
							bought.incrementAndGet();
							System.out.println("SOLD");
							return false;
						});
					}
					catch (LockException ex) {
						System.out.println("FAILED " + ex.getClass().getSimpleName());
					}
				}
			});
			buyers.add(buyer);
			buyer.start();
		}
		for (Thread buyer : buyers) {
			buyer.join();
		}
		System.out.println("DONE " + bought.get());
		System.out.flush();
		redisson.shutdown();
	}

}
