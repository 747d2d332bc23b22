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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisStandalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code @DistributedLock} on a {@code @Transactional} method with a real (embedded H2)
 * database and a real Redis: the lock is acquired before the transaction begins and
 * released after it completes, so concurrent read-modify-write transactions lose no
 * update.
 */
class DistributedLockTransactionIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private ApplicationContextRunner contextRunner() {
		RedisStandalone standalone = redis.standaloneTopology();
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class,
					DataRedisAutoConfiguration.class, LockAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + standalone.node().host(),
					"spring.data.redis.port=" + standalone.node().port())
			.withUserConfiguration(DatabaseConfiguration.class);
	}

	@Test
	void concurrentTransactionsLoseNoUpdate() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			StockService service = context.getBean(StockService.class);
			AbstractDistributedLockIntegrationTests.runConcurrently(() -> service.take("SKU-1"));
			int taken = AbstractDistributedLockIntegrationTests.THREADS
					* AbstractDistributedLockIntegrationTests.CALLS_PER_THREAD;
			assertThat(service.quantity("SKU-1")).isEqualTo(1000 - taken);
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			assertThat(transactions.lockHeldAtBegin).hasSize(taken).containsOnly(true);
			assertThat(service.lockHeldAfterCompletion()).hasSize(taken).containsOnly(true);
			assertThat(context.getBean(LockTemplate.class).isLocked("inventory:reserve:SKU-1")).isFalse();
		});
	}

	@Test
	void lockIsReleasedAfterRollback() {
		contextRunner().run((context) -> {
			StockService service = context.getBean(StockService.class);
			assertThatIllegalStateException().isThrownBy(() -> service.takeAndFail("SKU-2"))
				.withMessage("payment declined");
			assertThat(service.quantity("SKU-2")).isEqualTo(1000);
			assertThat(service.rolledBackWhileHeld()).containsExactly(true);
			assertThat(context.getBean(LockTemplate.class).isLocked("inventory:reserve:SKU-2")).isFalse();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class DatabaseConfiguration {

		@Bean
		DataSource dataSource() {
			JdbcDataSource dataSource = new JdbcDataSource();
			dataSource.setURL("jdbc:h2:mem:stock-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute("create table stock (sku varchar(20) primary key, quantity int not null)");
			jdbc.update("insert into stock values ('SKU-1', 1000), ('SKU-2', 1000)");
			return dataSource;
		}

		@Bean
		RecordingTransactionManager transactionManager(DataSource dataSource) {
			return new RecordingTransactionManager(dataSource);
		}

		@Bean
		StockService stockService(DataSource dataSource) {
			return new StockService(new JdbcTemplate(dataSource));
		}

	}

	/**
	 * Records, when each transaction begins, whether this thread already holds its lock.
	 */
	static class RecordingTransactionManager extends DataSourceTransactionManager {

		final List<Boolean> lockHeldAtBegin = new CopyOnWriteArrayList<>();

		RecordingTransactionManager(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			this.lockHeldAtBegin.add(LockContext.find().map(LockHandle::isHeld).orElse(false));
			super.doBegin(transaction, definition);
		}

	}

	public static class StockService {

		private final JdbcTemplate jdbc;

		final List<Boolean> lockHeldAfterCompletion = new CopyOnWriteArrayList<>();

		final List<Boolean> rolledBackWhileHeld = new CopyOnWriteArrayList<>();

		StockService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@DistributedLock(key = "inventory:reserve:#{#sku}", waitTime = "30s", leaseTime = "20s")
		@Transactional
		public void take(String sku) {
			int quantity = quantity(sku);
			this.jdbc.update("update stock set quantity = ? where sku = ?", quantity - 1, sku);
			LockHandle lock = LockContext.current();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					StockService.this.lockHeldAfterCompletion.add(status == STATUS_COMMITTED && lock.isHeld());
				}
			});
		}

		@DistributedLock(key = "inventory:reserve:#{#sku}", waitTime = "30s")
		@Transactional
		public void takeAndFail(String sku) {
			this.jdbc.update("update stock set quantity = quantity - 1 where sku = ?", sku);
			LockHandle lock = LockContext.current();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					StockService.this.rolledBackWhileHeld.add(status == STATUS_ROLLED_BACK && lock.isHeld());
				}
			});
			throw new IllegalStateException("payment declined");
		}

		public int quantity(String sku) {
			Integer quantity = this.jdbc.queryForObject("select quantity from stock where sku = ?", Integer.class, sku);
			return (quantity != null) ? quantity : 0;
		}

		public List<Boolean> lockHeldAfterCompletion() {
			return this.lockHeldAfterCompletion;
		}

		public List<Boolean> rolledBackWhileHeld() {
			return this.rolledBackWhileHeld;
		}

	}

}
