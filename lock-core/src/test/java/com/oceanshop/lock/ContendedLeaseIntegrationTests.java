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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.test.RedisNode;
import com.oceanshop.lock.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for when a contended lease starts: the handle's deadline must never
 * be later than the expiry Redis set when it granted the lock, even when the reply that
 * carried the grant took a while to arrive.
 */
class ContendedLeaseIntegrationTests {

	private static final Duration LATENCY = Duration.ofMillis(300);

	private static final Duration LEASE = Duration.ofSeconds(2);

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	@Test
	void contendedHandleIsNotHeldOnceRedisHasExpiredItsLock() throws Exception {
		RedisNode node = redis.standaloneTopology().node();
		try (TcpProxy proxy = TcpProxy.start(node)) {
			RedissonClient slowClient = TestRedisson.create(proxy.uri());
			try {
				LockTemplate holderInstance = TestRedisson.template(redis.client());
				LockTemplate slowInstance = TestRedisson.template(slowClient);
				String key = "inventory:reserve:CONTENDED-1";
				LockRequest request = LockRequest.builder(key)
					.waitTime(Duration.ofSeconds(20))
					.leaseTime(LEASE)
					.build();
				LockHandle first = holderInstance.acquire(request);
				proxy.setLatency(LATENCY);
				CompletableFuture<LockHandle> waiter = CompletableFuture
					.supplyAsync(() -> slowInstance.acquire(request));
				// The slow instance waits in Redis (in the line of waiters by priority,
				// or
				// subscribed to the unlock channel when that is off) before the holder
				// releases, so its grant is the reply to a contended attempt.
				awaitWaiting(node, "{lock:" + key + "}:waiters", "redisson_lock__channel:{lock:" + key + "}");
				first.close();
				LockHandle second = waiter.get(20, TimeUnit.SECONDS);
				try {
					long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
					while (Long.valueOf(1).equals(node.call("EXISTS", "lock:" + key))
							&& System.nanoTime() - deadline < 0) {
						Thread.onSpinWait();
					}
					assertThat(node.call("EXISTS", "lock:" + key)).isEqualTo(0L);
					assertThat(second.isHeld()).as("handle held after Redis expired its lock").isFalse();
				}
				finally {
					try {
						second.close();
					}
					catch (LockLostException ex) {
						// Expected: its lease ran out.
					}
				}
			}
			finally {
				slowClient.shutdown();
			}
		}
	}

	private static void awaitWaiting(RedisNode node, String line, String channel) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() - deadline < 0) {
			if (Long.valueOf(1).equals(node.call("ZCARD", line))) {
				return;
			}
			Object reply = node.call("PUBSUB", "NUMSUB", channel);
			if (reply instanceof java.util.List<?> list && list.size() == 2 && Long.valueOf(1).equals(list.get(1))) {
				return;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("Nobody waited in " + line + " or subscribed to " + channel + " within 10 s");
	}

}
