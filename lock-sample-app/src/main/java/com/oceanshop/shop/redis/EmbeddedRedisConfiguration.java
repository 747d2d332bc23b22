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

package com.oceanshop.shop.redis;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Standalone;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import com.oceanshop.lock.test.RedisStandalone;

/**
 * Starts a real {@code redis-server} on a free loopback port when no Redis is configured,
 * so that the sample runs on a machine with nothing but a JDK. The server is the one that
 * {@code lock-test} ships (or {@code $REDIS_SERVER}); it is stopped when the application
 * context closes, and killed by a watchdog if the JVM dies without closing it.
 * <p>
 * Redisson's auto-configuration reads Boot's {@link DataRedisConnectionDetails}, so
 * providing that bean is all it takes; Boot's property-based details back off. Any of
 * {@code spring.data.redis.host}, {@code url}, {@code sentinel.*}, {@code cluster.nodes}
 * or Redisson's own {@code spring.redis.redisson.config}/{@code file} switches this off,
 * and so does {@code shop.embedded-redis.enabled=false}.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedRedisConfiguration.NoRedisConfiguredCondition.class)
public class EmbeddedRedisConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedRedisConfiguration.class);

	@Bean(destroyMethod = "close")
	RedisStandalone embeddedRedis() {
		RedisStandalone redis = RedisStandalone.start();
		logger.info("Started embedded Redis at " + redis.uri() + " (pid " + redis.node().pid()
				+ ") because no spring.data.redis.* is configured; it is stopped when the application stops. "
				+ "Set spring.data.redis.host (or use the 'dev' profile) to use your own Redis.");
		return redis;
	}

	@Bean
	DataRedisConnectionDetails embeddedRedisConnectionDetails(RedisStandalone embeddedRedis) {
		Standalone standalone = Standalone.of(embeddedRedis.node().host(), embeddedRedis.node().port());
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return standalone;
			}

		};
	}

	/**
	 * Matches when nothing configures a Redis connection.
	 */
	static class NoRedisConfiguredCondition extends NoneNestedConditions {

		NoRedisConfiguredCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("spring.data.redis.host")
		static class Host {

		}

		@ConditionalOnProperty("spring.data.redis.url")
		static class Url {

		}

		@ConditionalOnProperty("spring.data.redis.sentinel.master")
		static class Sentinel {

		}

		@ConditionalOnProperty("spring.data.redis.cluster.nodes")
		static class Cluster {

		}

		@ConditionalOnProperty("spring.redis.redisson.config")
		static class RedissonConfig {

		}

		@ConditionalOnProperty("spring.redis.redisson.file")
		static class RedissonFile {

		}

		@ConditionalOnProperty(name = "shop.embedded-redis.enabled", havingValue = "false")
		static class Disabled {

		}

	}

}
