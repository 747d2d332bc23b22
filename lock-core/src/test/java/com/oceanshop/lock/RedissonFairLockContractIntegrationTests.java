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
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;

import com.oceanshop.lock.contract.FairLockContract;
import com.oceanshop.lock.test.RedisConnection;

/**
 * Runs the {@link FairLockContract} against
 * {@link com.oceanshop.lock.redisson.RedissonLockProvider} on a real
 * {@code redis-server}.
 */
class RedissonFairLockContractIntegrationTests extends FairLockContract {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	@Override
	protected LockTemplate createTemplate() {
		return redis.template();
	}

	@Override
	protected Duration renewalTimeout() {
		return TestRedisson.RENEWAL_TIMEOUT;
	}

	@Override
	protected void awaitQueuedWaiters(String key, int waiters) throws Exception {
		String queue = "redisson_lock_queue:{lock:" + key + "}";
		String channels = "redisson_lock__channel:{lock:" + key + "}:*";
		String line = "{lock:" + key + "}:waiters";
		// Waiters line up by priority in the provider's own sorted set next to the lock;
		// with priority ordering off, in Redisson's queue, where a waiter's first,
		// non-waiting attempt enters and leaves the queue and it waits for good once it
		// has subscribed to its own unlock channel.
		try (RedisConnection connection = redis.standaloneTopology().node().connect()) {
			await("waiter " + waiters + " is queued",
					() -> (Long) connection.call("ZCARD", line) == waiters
							|| ((Long) connection.call("LLEN", queue) == waiters
									&& ((List<?>) connection.call("PUBSUB", "CHANNELS", channels)).size() == waiters));
		}
	}

}
