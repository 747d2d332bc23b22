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

import org.redisson.api.RedissonClient;

import com.oceanshop.lock.redisson.RedissonLockTemplates;

/**
 * Child-JVM program that takes a lock with a short lease and then keeps writing to a
 * {@link FencedRegister} with its fencing token, printing each outcome, for at most two
 * minutes. Arguments: Redis URI, key, register name, lease in milliseconds.
 */
public final class FencedWriterMain {

	private FencedWriterMain() {
	}

	public static void main(String[] args) throws Exception {
		RedissonClient redisson = TestRedisson.create(args[0]);
		LockTemplate template = RedissonLockTemplates.create(redisson);
		FencedRegister register = new FencedRegister(redisson, args[2]);
		LockHandle handle = template
			.acquire(LockRequest.builder(args[1]).leaseTime(Duration.ofMillis(Long.parseLong(args[3]))).build());
		long token = handle.fencingToken();
		System.out.println("ACQUIRED " + token);
		long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		for (int i = 0; System.nanoTime() < end; i++) {
			boolean accepted = register.write(token, "child-" + i);
			System.out.println("WRITE " + i + " " + (accepted ? "ACCEPTED" : "REJECTED") + " held=" + handle.isHeld());
			System.out.flush();
			Thread.sleep(20);
		}
		System.exit(3);
	}

}
