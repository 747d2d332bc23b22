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

package com.oceanshop.lock.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson clients and a settable clock for the admin tests.
 */
final class AdminRedisson {

	private AdminRedisson() {
	}

	static RedissonClient standalone(String uri) {
		Config config = new Config();
		config.setNettyThreads(4);
		config.useSingleServer()
			.setAddress(uri)
			.setConnectionMinimumIdleSize(2)
			.setSubscriptionConnectionMinimumIdleSize(1)
			.setConnectTimeout(1000)
			.setTimeout(1000)
			.setRetryAttempts(1);
		return Redisson.create(config);
	}

	static RedissonClient cluster(List<String> nodeUris) {
		Config config = new Config();
		config.setNettyThreads(4);
		config.useClusterServers()
			.addNodeAddress(nodeUris.toArray(new String[0]))
			.setMasterConnectionMinimumIdleSize(2)
			.setSlaveConnectionMinimumIdleSize(1)
			.setSubscriptionConnectionMinimumIdleSize(1)
			.setConnectTimeout(1000)
			.setTimeout(1000)
			.setRetryAttempts(1);
		return Redisson.create(config);
	}

	/**
	 * A clock that tests move forward.
	 */
	static final class SettableClock extends Clock {

		private volatile Instant now = Instant.now();

		void advance(java.time.Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
