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

package com.oceanshop.lock.redisson;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson clients that stand for separate instances and carry a client name, so that
 * {@link SlowLog#sentByClientDuring} tells which instance sent a command.
 */
final class NamedClients {

	private NamedClients() {
	}

	/**
	 * Create a client of a standalone Redis.
	 * @param uri the Redis URI
	 * @param name the client name ({@code CLIENT SETNAME})
	 * @return the client
	 */
	static RedissonClient create(String uri, String name) {
		Config config = new Config();
		config.useSingleServer().setAddress(uri).setTimeout(2000).setClientName(name);
		return Redisson.create(config);
	}

}
