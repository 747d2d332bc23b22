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
import java.util.concurrent.TimeUnit;

import org.redisson.api.RCountDownLatch;
import org.redisson.api.RedissonClient;

/**
 * Child-JVM program for one member of a deadlock: it takes its first lock, counts a
 * shared latch down and waits until every member holds its first lock, then asks for its
 * second lock (held by the next member) with a 30 s wait time. It prints
 * {@code ACQUIRED <ms>} or {@code DEADLOCK <ms> <message>}, the time from the latch
 * opening, then {@code DONE}. Arguments: Redis URI, first key, second key, latch name,
 * lock type.
 */
public final class DeadlockFlowMain {

	private DeadlockFlowMain() {
	}

	public static void main(String[] args) throws Exception {
		RedissonClient redisson = TestRedisson.create(args[0]);
		LockTemplate template = TestRedisson.template(redisson);
		LockType type = LockType.valueOf(args[4]);
		RCountDownLatch latch = redisson.getCountDownLatch(args[3]);
		// Warm up: one nested acquisition on keys of this process alone (both from its
		// own first key: the second key is another member's first, so warm-up keys from
		// it would build the same cycle), so that the measured time is the detector's,
		// not a cold JVM's class loading and first scripts.
		template.execute(request(args[1] + ":warmup-a", type),
				(first) -> template.execute(request(args[1] + ":warmup-b", type), (second) -> null));
		template.execute(request(args[1], type), (first) -> {
			latch.countDown();
			try {
				if (!latch.await(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("The other members did not take their first locks");
				}
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			long opened = System.nanoTime();
			try {
				template.execute(request(args[2], type), (second) -> {
					System.out.println("ACQUIRED " + since(opened));
					return null;
				});
			}
			catch (LockDeadlockException ex) {
				System.out.println("DEADLOCK " + since(opened) + " " + ex.getMessage());
			}
			return null;
		});
		System.out.println("DONE");
		System.out.flush();
		redisson.shutdown();
		System.exit(0);
	}

	static LockRequest request(String key, LockType type) {
		return LockRequest.builder(key).type(type).waitTime(Duration.ofSeconds(30)).autoRenew().build();
	}

	private static long since(long startNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

}
