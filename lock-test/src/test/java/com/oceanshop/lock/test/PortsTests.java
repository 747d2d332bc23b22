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

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Ports}.
 */
class PortsTests {

	@Test
	void nextReturnsDistinctBindablePortsBelowTheEphemeralRange() throws Exception {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			int port = Ports.next(true);
			assertThat(port).isBetween(10000, 21999);
			assertThat(ports.add(port)).isTrue();
			assertThat(ports).doesNotContain(port + Ports.CLUSTER_BUS_OFFSET);
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress("127.0.0.1", port + Ports.CLUSTER_BUS_OFFSET));
			}
		}
	}

}
