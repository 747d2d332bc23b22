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

package com.oceanshop.lock.autoconfigure.admin;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.endpoint.LocksEndpointAutoConfiguration;
import com.oceanshop.lock.autoconfigure.health.LockHealthContributorAutoConfiguration;
import com.oceanshop.lock.autoconfigure.metrics.LockMetricsAutoConfiguration;
import com.oceanshop.lock.health.LocksHealthIndicator;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's scheduled work against a real {@code redis-server}: an instance with
 * locking enabled registers itself, and in rollback mode ({@code app.lock.enabled=false},
 * used when Redis is the problem) the application writes nothing to Redis, neither at
 * startup nor when locked methods, the health check, the cleanup or the instance
 * registration run.
 */
class LockAdminSchedulerIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private ApplicationContextRunner contextRunner() {
		RedisNode node = node();
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class,
					DataRedisAutoConfiguration.class, LockAutoConfiguration.class, LockMetricsAutoConfiguration.class,
					LockAdminAutoConfiguration.class, LocksEndpointAutoConfiguration.class,
					LockHealthContributorAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(LockedService.class)
			.withPropertyValues("spring.data.redis.host=" + node.host(), "spring.data.redis.port=" + node.port(),
					"app.lock.cleanup.interval=100ms");
	}

	private static RedisNode node() {
		return redis.standaloneTopology().node();
	}

	/**
	 * Redis's count of writes since the last save; the test servers never save.
	 */
	private static long writes() {
		String persistence = (String) node().call("INFO", "persistence");
		for (String line : persistence.split("\r\n")) {
			if (line.startsWith("rdb_changes_since_last_save:")) {
				return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		throw new IllegalStateException("no rdb_changes_since_last_save in " + persistence);
	}

	@Test
	void rollbackModeWritesNothingToRedis() {
		long writesBefore = writes();
		contextRunner().withPropertyValues("app.lock.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			LockedService service = context.getBean(LockedService.class);
			for (int i = 0; i < 3; i++) {
				assertThat(service.exclusive("R-1")).isFalse();
				assertThat(service.read("R-2")).isFalse();
				assertThat(service.semaphore("R-3")).isFalse();
			}
			Boolean held = context.getBean(LockTemplate.class)
				.execute(LockRequest.of("order:process:R-4"), (handle) -> handle.isHeld());
			assertThat(held).isFalse();
			assertThat(context.getBean(LocksHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
			LockAdmin admin = context.getBean(LockAdmin.class);
			admin.registerInstance();
			assertThat(admin.cleanup().executed()).isFalse();
			// Give the scheduled registration and cleanup (every 100 ms) time to run.
			Thread.sleep(500);
			assertThat(service.calls()).hasValue(9);
		});
		assertThat(node().call("DBSIZE")).isEqualTo(0L);
		assertThat(writes()).isEqualTo(writesBefore);
	}

	@Test
	void instanceWithLockingEnabledRegistersItselfWithATtl() {
		contextRunner().run((context) -> {
			LockAdmin admin = context.getBean(LockAdmin.class);
			String instanceKey = "lock:lock-admin:instance:" + context.getBean(RedissonClient.class).getId();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!Long.valueOf(1).equals(node().call("EXISTS", instanceKey))) {
				assertThat(System.nanoTime()).as("registered within 10 s").isLessThan(deadline);
				Thread.sleep(20);
			}
			assertThat(node().call("GET", instanceKey)).isEqualTo(admin.getInstanceDescription());
			assertThat((Long) node().call("PTTL", instanceKey)).isBetween(1L, admin.getInstanceTtl().toMillis());
			assertThat(admin.getInstanceRefreshInterval()).isLessThanOrEqualTo(admin.getInstanceTtl().dividedBy(3));
			assertThat(context.getBean(LockAdminScheduler.class).isRunning()).isTrue();
		});
	}

	/**
	 * Methods under {@link DistributedLock @DistributedLock} of several lock types.
	 */
	public static class LockedService {

		private final AtomicInteger calls = new AtomicInteger();

		@DistributedLock(key = "inventory:reserve:#{#id}")
		public boolean exclusive(String id) {
			this.calls.incrementAndGet();
			return LockContext.current().isHeld();
		}

		@DistributedLock(key = "catalog:product:#{#id}", type = LockType.READ)
		public boolean read(String id) {
			this.calls.incrementAndGet();
			return LockContext.current().isHeld();
		}

		@DistributedLock(key = "rate:limit:#{#id}", type = LockType.SEMAPHORE, maxPermits = 3)
		public boolean semaphore(String id) {
			this.calls.incrementAndGet();
			return LockContext.current().isHeld();
		}

		AtomicInteger calls() {
			return this.calls;
		}

	}

}
