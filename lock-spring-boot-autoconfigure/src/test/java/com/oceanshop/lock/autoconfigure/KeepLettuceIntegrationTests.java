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

package com.oceanshop.lock.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's recipe for keeping an existing Lettuce setup ("What adding the starter
 * changes"), against a real Redis: an application's own {@link LettuceConnectionFactory}
 * stays the one Spring Data Redis uses, Redisson's backs off, and locks still work
 * through the added {@link RedissonClient}, on the same Redis.
 */
class KeepLettuceIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class, DataRedisAutoConfiguration.class,
				LockAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.standaloneTopology().node().port());

	@Test
	void applicationsOwnLettuceConnectionFactoryIsKeptAndLocksGoThroughRedisson() {
		this.contextRunner.withUserConfiguration(LettuceConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RedisConnectionFactory.class)
				.hasSingleBean(RedissonClient.class)
				.hasSingleBean(LockTemplate.class);
			assertThat(context.getBean(RedisConnectionFactory.class)).isInstanceOf(LettuceConnectionFactory.class);
			StringRedisTemplate data = context.getBean(StringRedisTemplate.class);
			data.opsForValue().set("lettuce:check", "ok");
			assertThat(data.opsForValue().get("lettuce:check")).isEqualTo("ok");
			try (LockHandle lock = context.getBean(LockTemplate.class)
				.acquire(LockRequest.of("inventory:reserve:P-1"))) {
				assertThat(lock.isHeld()).isTrue();
				// The same Redis: the application's Lettuce calls see the lock.
				assertThat(data.hasKey("lock:inventory:reserve:P-1")).isTrue();
			}
			assertThat(data.hasKey("lock:inventory:reserve:P-1")).isFalse();
			data.delete("lettuce:check");
		});
	}

	@Test
	void withoutAConnectionFactoryOfItsOwnTheApplicationTalksThroughRedisson() {
		this.contextRunner.run((context) -> assertThat(context.getBean(RedisConnectionFactory.class))
			.isInstanceOf(RedissonConnectionFactory.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class LettuceConfiguration {

		// As in the README.
		@Bean
		LettuceConnectionFactory redisConnectionFactory(DataRedisProperties redis) {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.getHost(), redis.getPort()));
		}

	}

}
