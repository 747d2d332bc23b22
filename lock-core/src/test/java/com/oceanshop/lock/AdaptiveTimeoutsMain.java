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

import com.oceanshop.lock.adaptive.AdaptiveTimeouts;

/**
 * Child-JVM program of a new instance: loads the learned timeouts that other instances
 * stored, prints {@code LEARNED lease=<ms> wait=<ms>} for the key's name, acquires the
 * key with no lease set (static lease 30 s), prints {@code ACQUIRED}, and holds it until
 * it is killed (at most a minute). Arguments: Redis URI, key.
 */
public final class AdaptiveTimeoutsMain {

	private AdaptiveTimeoutsMain() {
	}

	public static void main(String[] args) throws Exception {
		RedissonClient redisson = TestRedisson.create(args[0]);
		AdaptiveTimeouts adaptive = AdaptiveTimeoutsIntegrationTests.adaptive(redisson);
		adaptive.load(Duration.ofSeconds(10));
		LockRequest request = LockRequest.of(args[1]);
		LockTemplate template = TestRedisson.templateBuilder(redisson)
			.defaults(LockDefaults.standard().withLearned(adaptive))
			.listener(adaptive)
			.build();
		System.out.println("LEARNED lease=" + adaptive.leaseTime(request.name()).toMillis() + " wait="
				+ adaptive.waitTime(request.name()).toMillis());
		LockHandle handle = template.acquire(request);
		System.out.println("ACQUIRED " + handle.isHeld());
		System.out.flush();
		Thread.sleep(Duration.ofMinutes(1).toMillis());
		System.exit(3);
	}

}
