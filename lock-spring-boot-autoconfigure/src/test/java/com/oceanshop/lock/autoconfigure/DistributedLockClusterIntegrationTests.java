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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.oceanshop.lock.test.RedisClusterTopology;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DistributedLock} on a three-master Redis Cluster, wired through
 * {@code spring.data.redis.cluster.nodes}.
 */
class DistributedLockClusterIntegrationTests extends AbstractDistributedLockIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.cluster();

	@Override
	protected String[] redisProperties() {
		RedisClusterTopology cluster = redis.clusterTopology();
		return new String[] { "spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodeAddresses()) };
	}

	@Test
	void multiKeyLockKeysLiveInDifferentHashSlotsOnDifferentMasters() {
		RedisClusterTopology cluster = redis.clusterTopology();
		int slotA = RedisClusterTopology.slot("lock:account:balance:A");
		int slotB = RedisClusterTopology.slot("lock:account:balance:B");
		assertThat(slotA).isNotEqualTo(slotB);
		assertThat(cluster.masterForSlot(slotA).address()).isNotEqualTo(cluster.masterForSlot(slotB).address());
	}

}
