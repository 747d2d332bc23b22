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
 * Child-JVM program that acquires one lock, prints {@code ACQUIRED <token>}, and then
 * holds it until it is killed (at most two minutes, so it can never outlive a test run).
 * Arguments: Redis URI, key, lock type, lease ({@code auto} or milliseconds).
 */
public final class LockHolderMain {

	private LockHolderMain() {
	}

	public static void main(String[] args) throws Exception {
		RedissonClient redisson = TestRedisson.create(args[0]);
		LockTemplate template = RedissonLockTemplates.create(redisson);
		LockRequest.Builder builder = LockRequest.builder(args[1])
			.type(LockType.valueOf(args[2]))
			.waitTime(Duration.ofSeconds(10));
		if (LockType.valueOf(args[2]) == LockType.SEMAPHORE) {
			builder.maxPermits(1);
		}
		if ("auto".equals(args[3])) {
			builder.autoRenew();
		}
		else {
			builder.leaseTime(Duration.ofMillis(Long.parseLong(args[3])));
		}
		LockHandle handle = template.acquire(builder.build());
		System.out.println("ACQUIRED " + handle.fencingToken());
		System.out.flush();
		Thread.sleep(Duration.ofMinutes(2).toMillis());
		System.exit(3);
	}

}
