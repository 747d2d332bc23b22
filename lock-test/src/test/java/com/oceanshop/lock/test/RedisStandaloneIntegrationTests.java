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
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RedisStandalone}, {@link RedisNode} and {@link RedisConnection}.
 */
@Timeout(60)
class RedisStandaloneIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	@Test
	void startAnswersCommandsOnLoopback(RedisStandalone standalone) {
		RedisNode node = standalone.node();
		assertThat(node.host()).isEqualTo("127.0.0.1");
		assertThat(node.address()).isEqualTo("127.0.0.1:" + node.port());
		assertThat(standalone.uri()).isEqualTo("redis://127.0.0.1:" + node.port());
		assertThat(node.call("PING")).isEqualTo("PONG");
		assertThat(node.call("SET", "greeting", "héllo wörld")).isEqualTo("OK");
		assertThat(node.call("GET", "greeting")).isEqualTo("héllo wörld");
		assertThat(Topologies.infoField(node.call("INFO", "server"), "process_id"))
			.isEqualTo(Long.toString(node.pid()));
	}

	@Test
	void callMapsRespTypes(RedisStandalone standalone) {
		RedisNode node = standalone.node();
		node.call("DEL", "counter", "list", "text");
		assertThat(node.call("INCRBY", "counter", "41")).isEqualTo(41L);
		assertThat(node.call("GET", "missing")).isNull();
		node.call("RPUSH", "list", "a", "b");
		assertThat(node.call("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b"));
		node.call("SET", "text", "not a number");
		assertThatExceptionOfType(RedisCommandException.class).isThrownBy(() -> node.call("INCR", "text"))
			.withMessageStartingWith("ERR value is not an integer");
		assertThat(node.call("PING")).isEqualTo("PONG");
	}

	@Test
	void connectionSupportsTtlAndScan(RedisStandalone standalone) {
		try (RedisConnection connection = standalone.node().connect()) {
			connection.call("SET", "lock:orders:1", "x", "PX", "60000");
			assertThat((Long) connection.call("PTTL", "lock:orders:1")).isBetween(1L, 60000L);
			List<?> scan = (List<?>) connection.call("SCAN", "0", "MATCH", "lock:orders:*", "COUNT", "1000");
			assertThat(scan).hasSize(2);
			assertThat(scan.get(1)).asInstanceOf(InstanceOfAssertFactories.LIST).contains("lock:orders:1");
		}
	}

	@Test
	void serverIsBoundToLoopbackOnly(RedisStandalone standalone) throws Exception {
		RedisNode node = standalone.node();
		assertThat(node.call("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.1"));
		Optional<InetAddress> external = nonLoopbackAddress();
		if (external.isPresent()) {
			assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(() -> new RedisConnection(external.get().getHostAddress(), node.port()).close());
		}
	}

	@Test
	void killMakesServerUnreachableAndRestartBringsItBackOnSamePort(RedisStandalone standalone) {
		RedisNode node = standalone.node();
		int port = node.port();
		long pid = node.pid();
		node.kill();
		assertThat(node.isAlive()).isFalse();
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> node.call("PING"));
		node.restart();
		assertThat(node.isAlive()).isTrue();
		assertThat(node.port()).isEqualTo(port);
		assertThat(node.pid()).isNotEqualTo(pid);
		assertThat(node.call("PING")).isEqualTo("PONG");
	}

	@Test
	void aFormerReplicaRestartsEmptyInsteadOfReloadingItsLastFullSync(RedisStandalone standalone) {
		// Redis keeps the RDB file a replica received in its full sync and loads it on
		// restart: a failover test's restarted node would come back with stale data
		// (older
		// fencing counters) instead of empty.
		try (RedisStandalone replica = RedisStandalone.start()) {
			standalone.node().call("SET", "fence", "192");
			RedisNode node = replica.node();
			node.call("REPLICAOF", RedisNode.HOST, Integer.toString(standalone.node().port()));
			Topologies.await("full sync", Duration.ofSeconds(10),
					() -> "192".equals(node.call("GET", "fence")) ? Boolean.TRUE : null,
					() -> String.valueOf(node.call("INFO", "replication")));
			node.call("REPLICAOF", "NO", "ONE");
			node.restart();
			assertThat(node.call("DBSIZE")).isEqualTo(0L);
		}
	}

	@Test
	void pauseMakesCallsTimeOutAndResumeRestoresThem(RedisStandalone standalone) {
		RedisNode node = standalone.node();
		node.pause();
		try (RedisConnection connection = node.connect(Duration.ofMillis(300))) {
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> connection.call("PING"))
				.withCauseInstanceOf(SocketTimeoutException.class);
			assertThat(connection.isOpen()).isFalse();
			assertThat(node.isAlive()).isTrue();
		}
		finally {
			node.resume();
		}
		try (RedisConnection connection = node.connect(Duration.ofSeconds(5))) {
			assertThat(connection.call("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void closeStopsTheProcess() {
		RedisStandalone other = RedisStandalone.start();
		long pid = other.node().pid();
		assertThat(other.node().port()).isNotEqualTo(redis.standaloneTopology().node().port());
		other.close();
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
		assertThat(other.node().isAlive()).isFalse();
		assertThat(other.node().directory()).doesNotExist();
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			for (InetAddress address : Collections.list(network.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
					return Optional.of(address);
				}
			}
		}
		return Optional.empty();
	}

}
