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

import java.io.UncheckedIOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link TcpProxy}.
 */
class TcpProxyIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	@Test
	void forwardsCommands() {
		try (TcpProxy proxy = TcpProxy.start(redis.standaloneTopology().node());
				RedisConnection connection = new RedisConnection("127.0.0.1", proxy.port())) {
			assertThat(connection.call("PING")).isEqualTo("PONG");
			assertThat(proxy.forwardedBytes()).isPositive();
			assertThat(proxy.address()).startsWith("127.0.0.1:");
		}
	}

	@Test
	void blackholeSwallowsTrafficUntilSwitchedOff() {
		try (TcpProxy proxy = TcpProxy.start(redis.standaloneTopology().node());
				RedisConnection connection = new RedisConnection("127.0.0.1", proxy.port(), Duration.ofSeconds(2),
						Duration.ofMillis(300))) {
			proxy.setBlackhole(true);
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> connection.call("PING"));
			assertThat(proxy.swallowedBytes()).isPositive();
			proxy.setBlackhole(false);
			try (RedisConnection fresh = new RedisConnection("127.0.0.1", proxy.port())) {
				assertThat(fresh.call("PING")).isEqualTo("PONG");
			}
		}
	}

	@Test
	void dropConnectionsClosesOpenConnections() {
		try (TcpProxy proxy = TcpProxy.start(redis.standaloneTopology().node());
				RedisConnection connection = new RedisConnection("127.0.0.1", proxy.port())) {
			assertThat(connection.call("PING")).isEqualTo("PONG");
			proxy.dropConnections();
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> connection.call("PING"));
		}
	}

	@Test
	void latencyDelaysEachRoundTrip() {
		try (TcpProxy proxy = TcpProxy.start(redis.standaloneTopology().node());
				RedisConnection connection = new RedisConnection("127.0.0.1", proxy.port())) {
			proxy.setLatency(Duration.ofMillis(50));
			long start = System.nanoTime();
			assertThat(connection.call("PING")).isEqualTo("PONG");
			// Both directions are delayed, so a round trip takes at least twice the
			// latency.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		}
	}

}
