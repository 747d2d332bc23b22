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

import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

import com.oceanshop.lock.redisson.RedissonLockTemplates;

/**
 * Child-JVM program that increments a shared Redis counter with an unprotected
 * read-modify-write inside an exclusive lock, so any failure of mutual exclusion shows as
 * a lost update. Arguments: Redis URI, counter key, increments. Prints {@code DONE}.
 */
public final class CounterMain {

	private CounterMain() {
	}

	public static void main(String[] args) {
		RedissonClient redisson = TestRedisson.create(args[0]);
		try {
			LockTemplate template = RedissonLockTemplates.create(redisson);
			RBucket<Long> counter = redisson.getBucket(args[1], LongCodec.INSTANCE);
			int increments = Integer.parseInt(args[2]);
			System.out.println("READY");
			LockRequest request = LockRequest.builder("test:counter:" + args[1])
				.waitTime(Duration.ofSeconds(30))
				.leaseTime(Duration.ofSeconds(30))
				.build();
			for (int i = 0; i < increments; i++) {
				template.execute(request, (lock) -> {
					Long value = counter.get();
					counter.set((value != null) ? value + 1 : 1);
					return null;
				});
			}
			System.out.println("DONE");
		}
		finally {
			redisson.shutdown();
		}
	}

}
