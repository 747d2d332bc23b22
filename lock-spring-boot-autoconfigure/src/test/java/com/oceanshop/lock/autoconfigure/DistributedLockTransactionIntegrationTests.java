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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisStandalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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

	@Test
	void lockTakenInsideCallersTransactionIsHeldUntilThatTransactionCompletes() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			OrderService orders = context.getBean(OrderService.class);
			AbstractDistributedLockIntegrationTests.runConcurrently(() -> orders.placeOrder("SKU-3"));
			int taken = AbstractDistributedLockIntegrationTests.THREADS
					* AbstractDistributedLockIntegrationTests.CALLS_PER_THREAD;
			assertThat(context.getBean(StockService.class).quantity("SKU-3")).isEqualTo(1000 - taken);
			assertThat(orders.placed()).isEqualTo(taken);
			assertThat(context.getBean(LockTemplate.class).isLocked("inventory:reserve:SKU-3")).isFalse();
		});
	}

	@Test
	void executeInsideCallersTransactionHoldsLockUntilThatTransactionCompletes() {
		contextRunner().run((context) -> {
			OrderService orders = context.getBean(OrderService.class);
			AbstractDistributedLockIntegrationTests.runConcurrently(() -> orders.placeOrderWithTemplate("SKU-4"));
			int taken = AbstractDistributedLockIntegrationTests.THREADS
					* AbstractDistributedLockIntegrationTests.CALLS_PER_THREAD;
			assertThat(context.getBean(StockService.class).quantity("SKU-4")).isEqualTo(1000 - taken);
			assertThat(orders.placed()).isEqualTo(taken);
			assertThat(context.getBean(LockTemplate.class).isLocked("inventory:reserve:SKU-4")).isFalse();
		});
	}

	@Test
	void lockKeptForCallersTransactionIsReleasedAfterRollback() {
		contextRunner().run((context) -> {
			OrderService orders = context.getBean(OrderService.class);
			assertThatIllegalStateException().isThrownBy(() -> orders.placeOrderAndFail("SKU-5"))
				.withMessage("payment declined");
			assertThat(orders.heldUntilRollback()).containsExactly(true);
			assertThat(context.getBean(StockService.class).quantity("SKU-5")).isEqualTo(1000);
			assertThat(context.getBean(LockTemplate.class).isLocked("inventory:reserve:SKU-5")).isFalse();
		});
	}

	@Test
	void callersTransactionRollsBackWhenTheLockItKeepsIsLostBeforeCommit() {
		contextRunner().run((context) -> {
			OrderService orders = context.getBean(OrderService.class);
			assertThatExceptionOfType(LockLostException.class)
				.isThrownBy(() -> orders.placeOrderOutlivingLease("SKU-6"))
				.withMessageContaining("inventory:reserve:SKU-6");
			assertThat(context.getBean(StockService.class).quantity("SKU-6")).isEqualTo(1000);
			assertThat(context.getBean(LockTemplate.class).isLocked("inventory:reserve:SKU-6")).isFalse();
		});
	}

	@Test
	void secondLockedCallOfTheSameKeyInOneTransactionReentersTheLockKeptForIt() {
		contextRunner().run((context) -> {
			OrderService orders = context.getBean(OrderService.class);
			for (int i = 0; i < 10; i++) {
				orders.placeTwoLines("SKU-7");
			}
			int taken = 20;
			assertThat(context.getBean(StockService.class).quantity("SKU-7")).isEqualTo(1000 - taken);
			assertThat(context.getBean(LockTemplate.class).isLocked("inventory:reserve:SKU-7")).isFalse();
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
			jdbc.update("insert into stock values ('SKU-1', 1000), ('SKU-2', 1000), ('SKU-3', 1000), "
					+ "('SKU-4', 1000), ('SKU-5', 1000), ('SKU-6', 1000), ('SKU-7', 1000)");
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

		@Bean
		OrderService orderService(StockService stock, LockTemplate locks) {
			return new OrderService(stock, locks);
		}

	}

	/**
	 * Opens the transaction that the locked stock update joins.
	 */
	public static class OrderService {

		private final StockService stock;

		private final LockTemplate locks;

		final AtomicInteger placed = new AtomicInteger();

		final List<Boolean> heldUntilRollback = new CopyOnWriteArrayList<>();

		OrderService(StockService stock, LockTemplate locks) {
			this.stock = stock;
			this.locks = locks;
		}

		@Transactional
		public void placeOrder(String sku) {
			this.stock.takeInCallersTransaction(sku);
			this.placed.incrementAndGet();
		}

		@Transactional
		public void placeOrderWithTemplate(String sku) {
			this.locks.execute(LockRequest.builder("inventory:reserve:" + sku)
				.waitTime(Duration.ofSeconds(30))
				.leaseTime(Duration.ofSeconds(20))
				.build(), (lock) -> {
					this.stock.takeUnlocked(sku);
					return null;
				});
			this.placed.incrementAndGet();
		}

		@Transactional
		public void placeTwoLines(String sku) {
			// The first call's lock is kept until the commit; the second must re-enter it
			// rather than wait for it until its wait time runs out.
			this.stock.takeInCallersTransactionWithoutWaiting(sku);
			this.stock.takeInCallersTransactionWithoutWaiting(sku);
		}

		@Transactional
		public void placeOrderAndFail(String sku) {
			this.stock.takeInCallersTransaction(sku);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCompletion() {
					// Runs as the rollback starts, after the locked method has returned.
					OrderService.this.heldUntilRollback
						.add(OrderService.this.locks.isLocked("inventory:reserve:" + sku));
				}
			});
			throw new IllegalStateException("payment declined");
		}

		@Transactional
		public void placeOrderOutlivingLease(String sku) {
			this.stock.takeWithShortLease(sku);
		}

		public int placed() {
			return this.placed.get();
		}

		public List<Boolean> heldUntilRollback() {
			return this.heldUntilRollback;
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

		@DistributedLock(key = "inventory:reserve:#{#sku}", waitTime = "30s", leaseTime = "20s")
		public void takeInCallersTransaction(String sku) {
			// No @Transactional of its own: the write joins the caller's transaction, and
			// the next holder must not read the stock before that transaction commits.
			int quantity = quantity(sku);
			this.jdbc.update("update stock set quantity = ? where sku = ?", quantity - 1, sku);
		}

		@DistributedLock(key = "inventory:reserve:#{#sku}", waitTime = "1s", leaseTime = "20s")
		public void takeInCallersTransactionWithoutWaiting(String sku) {
			if (!TransactionSynchronizationManager.isActualTransactionActive()) {
				throw new IllegalStateException("Expected the caller's transaction");
			}
			int quantity = quantity(sku);
			this.jdbc.update("update stock set quantity = ? where sku = ?", quantity - 1, sku);
		}

		@DistributedLock(key = "inventory:reserve:#{#sku}", waitTime = "30s", leaseTime = "300ms")
		public void takeWithShortLease(String sku) {
			this.jdbc.update("update stock set quantity = quantity - 1 where sku = ?", sku);
			LockHandle lock = LockContext.current();
			// Outlive the lease inside the caller's transaction.
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (lock.isHeld() && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			assertThat(lock.isHeld()).isFalse();
		}

		void takeUnlocked(String sku) {
			int quantity = quantity(sku);
			this.jdbc.update("update stock set quantity = ? where sku = ?", quantity - 1, sku);
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
