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

import java.util.List;

/**
 * A set of real {@code redis-server} processes started for a test, such as a
 * {@link RedisStandalone standalone server}, a {@link RedisSentinelTopology Sentinel
 * setup} or a {@link RedisClusterTopology cluster}.
 *
 * @since 0.1.0
 */
public interface RedisTopology extends AutoCloseable {

	/**
	 * Return every process of this topology in start order, including the ones that were
	 * killed or paused.
	 * @return the nodes
	 */
	List<RedisNode> nodes();

	/**
	 * Remove all keys from every current master that is alive. Replicas follow through
	 * replication.
	 */
	void flushAll();

	/**
	 * Stop every process of this topology and delete its working directories.
	 */
	@Override
	void close();

}
