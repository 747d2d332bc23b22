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
 * A single standalone {@code redis-server} on {@code 127.0.0.1}. <pre class="code">
 * try (RedisStandalone redis = RedisStandalone.start()) {
 *     config.useSingleServer().setAddress(redis.uri());
 *     ...
 * }
 * </pre>
 *
 * @since 0.1.0
 * @see RedisExtension#standalone()
 */
public final class RedisStandalone implements RedisTopology {

	private final RedisNode node;

	private RedisStandalone(RedisNode node) {
		this.node = node;
	}

	/**
	 * Start a server on a free port and wait until it answers.
	 * @return the running server
	 */
	public static RedisStandalone start() {
		return new RedisStandalone(RedisNode.start("standalone", List.of(), false, false));
	}

	/**
	 * Return the server process.
	 * @return the node
	 */
	public RedisNode node() {
		return this.node;
	}

	/**
	 * Return the URI of the server.
	 * @return the URI as {@code redis://127.0.0.1:port}
	 */
	public String uri() {
		return this.node.uri();
	}

	/**
	 * Return the address of the server.
	 * @return the address as {@code 127.0.0.1:port}
	 */
	public String address() {
		return this.node.address();
	}

	@Override
	public List<RedisNode> nodes() {
		return List.of(this.node);
	}

	@Override
	public void flushAll() {
		this.node.call("FLUSHALL");
	}

	@Override
	public void close() {
		this.node.stop();
	}

	@Override
	public String toString() {
		return "RedisStandalone[" + this.node + "]";
	}

}
