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

package com.oceanshop.lock.aop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockUnavailableException;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@code @DistributedLock} while Redis is down: methods fail with
 * {@link LockUnavailableException} unless they opted in to run unlocked.
 */
class DistributedLockRedisOutageIntegrationTests {

	@RegisterExtension
	final RedisExtension redis = RedisExtension.standalone();

	@Test
	void onlyMethodsThatOptedInRunUnlockedWhileRedisIsDown() {
		RedisNode node = this.redis.standaloneTopology().node();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class,
					DataRedisAutoConfiguration.class, LockAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + node.port(),
					"spring.data.redis.timeout=500ms", "spring.data.redis.connect-timeout=500ms",
					"app.lock.max-retries=1", "app.lock.retry-backoff=10ms")
			.withUserConfiguration(ServiceConfiguration.class)
			.run((context) -> {
				ReservationService service = context.getBean(ReservationService.class);
				assertThat(service.reserveStrict("P1")).isTrue();
				node.kill();
				assertThatExceptionOfType(LockUnavailableException.class).isThrownBy(() -> service.reserveStrict("P1"));
				assertThat(service.calls()).isOne();
				assertThat(service.reserveLenient("P1")).isFalse();
				assertThat(service.calls()).isEqualTo(2);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		ReservationService reservationService() {
			return new ReservationService();
		}

	}

	static class ReservationService {

		private int calls;

		public int calls() {
			return this.calls;
		}

		@DistributedLock(key = "inventory:reserve:#{#productId}")
		public boolean reserveStrict(String productId) {
			this.calls++;
			return LockContext.current().isHeld();
		}

		@DistributedLock(key = "inventory:reserve:#{#productId}", runUnlockedIfUnavailable = true)
		public boolean reserveLenient(String productId) {
			this.calls++;
			LockHandle lock = LockContext.current();
			return lock.isHeld();
		}

	}

}
