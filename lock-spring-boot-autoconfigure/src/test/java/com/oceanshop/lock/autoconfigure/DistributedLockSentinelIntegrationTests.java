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

package com.oceanshop.lock.autoconfigure;

import org.junit.jupiter.api.extension.RegisterExtension;

import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisSentinelTopology;

/**
 * {@code @DistributedLock} on a master, a replica and three Sentinels, wired through
 * {@code spring.data.redis.sentinel.*}.
 */
class DistributedLockSentinelIntegrationTests extends AbstractDistributedLockIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.sentinel();

	@Override
	protected String[] redisProperties() {
		RedisSentinelTopology sentinel = redis.sentinelTopology();
		return new String[] { "spring.data.redis.sentinel.master=" + sentinel.masterName(),
				"spring.data.redis.sentinel.nodes=" + String.join(",", sentinel.sentinelAddresses()) };
	}

}
