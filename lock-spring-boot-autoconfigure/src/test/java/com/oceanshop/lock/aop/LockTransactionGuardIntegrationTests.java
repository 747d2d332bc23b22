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

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link LockTransactionGuard}: with Boot's transaction
 * auto-configuration, a transaction whose lock is known to be lost before commit rolls
 * back, and one whose lock is held commits.
 */
class LockTransactionGuardIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class, DataRedisAutoConfiguration.class,
				LockAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class,
				TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.standaloneTopology().node().port(),
				"spring.datasource.url=jdbc:h2:mem:guard;DB_CLOSE_DELAY=-1", "spring.datasource.username=sa")
		.withUserConfiguration(ServiceConfiguration.class);

	@Test
	void transactionWhoseLockWasLostBeforeCommitRollsBack() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LockTransactionGuard.class);
			OrderWriter writer = context.getBean(OrderWriter.class);
			assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> writer.writeOutlivingTheLease("ORD-1"))
				.withMessageContaining("rolling back");
			assertThat(writer.count("ORD-1")).isZero();
		});
	}

	@Test
	void transactionWhoseLockIsHeldCommits() {
		this.contextRunner.run((context) -> {
			OrderWriter writer = context.getBean(OrderWriter.class);
			writer.write("ORD-2");
			assertThat(writer.count("ORD-2")).isOne();
		});
	}

	@Test
	void rollbackModeCommitsWithoutALock() {
		this.contextRunner.withPropertyValues("app.lock.enabled=false").run((context) -> {
			OrderWriter writer = context.getBean(OrderWriter.class);
			writer.write("ORD-3");
			assertThat(writer.count("ORD-3")).isOne();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		OrderWriter orderWriter(DataSource dataSource) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute("create table if not exists orders (id varchar(20))");
			return new OrderWriter(jdbc);
		}

	}

	static class OrderWriter {

		private final JdbcTemplate jdbc;

		OrderWriter(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@DistributedLock(key = "order:process:#{#orderId}", leaseTime = "200ms")
		@Transactional
		public void writeOutlivingTheLease(String orderId) throws InterruptedException {
			this.jdbc.update("insert into orders values (?)", orderId);
			// Work that outlives the lease, as a long GC pause or a slow downstream call
			// would.
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (LockContext.current().isHeld() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}

		@DistributedLock(key = "order:process:#{#orderId}", leaseTime = "30s")
		@Transactional
		public void write(String orderId) {
			this.jdbc.update("insert into orders values (?)", orderId);
		}

		int count(String orderId) {
			Integer count = this.jdbc.queryForObject("select count(*) from orders where id = ?", Integer.class,
					orderId);
			return (count != null) ? count : 0;
		}

	}

}
