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
package com.oceanshop.lock.testing;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

/**
 * The Docker-free route: a real {@code redis-server} on loopback from {@code lock-test},
 * given to the application as {@code spring.data.redis.*} properties.
 */
class LockTestRedisIntegrationTests extends AbstractShopApplicationIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> node().host());
		registry.add("spring.data.redis.port", () -> node().port());
	}

	private static RedisNode node() {
		return redis.standaloneTopology().node();
	}

}
