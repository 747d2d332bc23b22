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

package com.oceanshop.lock.metrics;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import com.oceanshop.lock.test.RedisClusterTopology;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.mockito.Mockito.mock;

/**
 * Integration tests for {@link RedisReachabilityMonitor} against real Redis servers that
 * are paused ({@code SIGSTOP}) to stop answering.
 */
class RedisReachabilityMonitorIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	static void assertFollowsPausedNode(RedissonClient redisson, RedisNode node) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		// Checked on this thread only, so the executor is never used.
		RedisReachabilityMonitor monitor = new RedisReachabilityMonitor(redisson, registry,
				mock(ScheduledExecutorService.class), Duration.ofSeconds(5), TIMEOUT);
		assertThat(registry.get(LockMetricNames.REDIS_UP).gauge().value()).isNaN();
		assertThat(monitor.check()).isTrue();
		assertThat(registry.get(LockMetricNames.REDIS_UP).gauge().value()).isOne();
		node.pause();
		try {
			long start = System.nanoTime();
			assertThat(monitor.check()).isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(2));
			assertThat(registry.get(LockMetricNames.REDIS_UP).gauge().value()).isZero();
		}
		finally {
			node.resume();
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!monitor.check()) {
			if (System.nanoTime() - deadline > 0) {
				fail("Redis was not reachable again within 30s after resuming " + node);
			}
		}
		assertThat(registry.get(LockMetricNames.REDIS_UP).gauge().value()).isOne();
	}

	static void withRedisson(Function<Config, Config> configurer, Consumer<RedissonClient> action) {
		Config config = new Config();
		config.setNettyThreads(4);
		RedissonClient redisson = Redisson.create(configurer.apply(config));
		try {
			action.accept(redisson);
		}
		finally {
			redisson.shutdown();
		}
	}

	@Nested
	class Standalone {

		@RegisterExtension
		static final RedisExtension redis = RedisExtension.standalone();

		@Test
		void checkFollowsWhetherTheServerAnswers() {
			RedisNode node = redis.standaloneTopology().node();
			withRedisson((config) -> {
				config.useSingleServer().setAddress(node.uri()).setTimeout(1000).setRetryAttempts(0);
				return config;
			}, (redisson) -> assertFollowsPausedNode(redisson, node));
		}

	}

	@Nested
	class Cluster {

		@RegisterExtension
		static final RedisExtension redis = RedisExtension.cluster();

		@Test
		void checkFailsWhenAnyMasterStopsAnswering() {
			RedisClusterTopology cluster = redis.clusterTopology();
			withRedisson((config) -> {
				config.useClusterServers()
					.addNodeAddress(cluster.nodeUris().toArray(new String[0]))
					.setTimeout(1000)
					.setRetryAttempts(0);
				return config;
			}, (redisson) -> assertFollowsPausedNode(redisson, cluster.masters().get(1)));
		}

	}

}
