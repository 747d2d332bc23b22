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

import java.lang.reflect.Proxy;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisExtension}.
 */
@Timeout(60)
class RedisExtensionIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static long pidAtStart;

	@BeforeAll
	static void recordPid(RedisStandalone standalone) {
		pidAtStart = standalone.node().pid();
	}

	@Test
	void resolvesTopologyParameters(RedisTopology topology, RedisStandalone standalone) {
		assertThat(topology).isSameAs(standalone).isSameAs(redis.topology()).isSameAs(redis.standaloneTopology());
		assertThat(standalone.node().pid()).isEqualTo(pidAtStart);
	}

	@Test
	void otherKindOfTopologyIsRejected() {
		assertThatIllegalStateException().isThrownBy(redis::clusterTopology).withMessageContaining("RedisStandalone");
	}

	@Test
	void flushAllRemovesKeys() {
		RedisNode node = redis.standaloneTopology().node();
		node.call("SET", "key", "value");
		redis.flushAll();
		assertThat(node.call("DBSIZE")).isEqualTo(0L);
	}

	@Test
	void afterAllStopsTopologyAndChildJvms() {
		RedisExtension extension = RedisExtension.standalone();
		ExtensionContext context = classContext("[class:manual]");
		extension.beforeAll(context);
		RedisStandalone standalone = extension.standaloneTopology();
		JvmProcess child = JvmProcess.start(ChildJvmMain.class, "tick");
		child.awaitOutputLine("READY", Duration.ofSeconds(30));
		extension.afterAll(context);
		assertThat(child.isAlive()).isFalse();
		assertThat(standalone.node().isAlive()).isFalse();
		assertThatIllegalStateException().isThrownBy(extension::topology);
	}

	private static ExtensionContext classContext(String uniqueId) {
		return (ExtensionContext) Proxy.newProxyInstance(RedisExtensionIntegrationTests.class.getClassLoader(),
				new Class<?>[] { ExtensionContext.class }, (proxy, method, args) -> {
					if (method.getName().equals("getUniqueId")) {
						return uniqueId;
					}
					throw new UnsupportedOperationException(method.getName());
				});
	}

	@Nested
	class NestedClass {

		@Test
		void sharesTheOuterTopology(RedisStandalone standalone) {
			assertThat(standalone.node().pid()).isEqualTo(pidAtStart);
		}

	}

	@Nested
	class PerTestRegistration {

		@RegisterExtension
		final RedisExtension perTest = RedisExtension.standalone();

		@Test
		void startsItsOwnTopology() {
			RedisStandalone own = this.perTest.standaloneTopology();
			assertThat(own.node().pid()).isNotEqualTo(pidAtStart);
			assertThat(own.node().call("PING")).isEqualTo("PONG");
		}

	}

}
