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

package com.oceanshop.lock.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisClusterTopology#slot(String)}.
 */
class RedisClusterTopologyTests {

	@Test
	void slotMatchesRedis() {
		// Values from CLUSTER KEYSLOT and the Redis Cluster specification.
		assertThat(RedisClusterTopology.slot("foo")).isEqualTo(12182);
		assertThat(RedisClusterTopology.slot("bar")).isEqualTo(5061);
		assertThat(RedisClusterTopology.slot("123456789")).isEqualTo(0x31C3 & 16383);
		assertThat(RedisClusterTopology.slot("")).isZero();
	}

	@Test
	void slotUsesHashTag() {
		assertThat(RedisClusterTopology.slot("{user1000}.following"))
			.isEqualTo(RedisClusterTopology.slot("{user1000}.followers"))
			.isEqualTo(RedisClusterTopology.slot("user1000"));
		assertThat(RedisClusterTopology.slot("foo{bar}{zap}")).isEqualTo(RedisClusterTopology.slot("bar"));
	}

	@Test
	void slotWithEmptyOrUnclosedHashTagUsesWholeKey() {
		assertThat(RedisClusterTopology.slot("foo{}{bar}")).isNotEqualTo(RedisClusterTopology.slot("bar"));
		assertThat(RedisClusterTopology.slot("foo{bar")).isNotEqualTo(RedisClusterTopology.slot("bar"));
	}

}
