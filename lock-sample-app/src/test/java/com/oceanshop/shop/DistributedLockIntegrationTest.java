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

package com.oceanshop.shop;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisStandalone;
import com.oceanshop.shop.ShopClient.Response;
import com.oceanshop.shop.inventory.InventoryStore;
import com.oceanshop.shop.payment.PaymentService;

import static com.oceanshop.shop.ShopClient.admin;
import static com.oceanshop.shop.ShopClient.body;
import static com.oceanshop.shop.ShopClient.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Smoke test of the whole shop against the real {@code redis-server} that the application
 * starts itself (no {@code spring.data.redis.*} is set): every endpoint and every lock
 * type, through HTTP. The operators' runbook runs it after each deployment with
 * {@code mvn test -Dtest=DistributedLockIntegrationTest}; it also runs in
 * {@code ./mvnw verify}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"app.lock.admin-api.token=" + ShopClient.ADMIN_TOKEN, "shop.rate-limit.max-concurrent-requests=20" })
class DistributedLockIntegrationTest {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static ExecutorService executor;

	@LocalServerPort
	private int port;

	@Autowired
	private LockTemplate lockTemplate;

	@Autowired
	private RedisStandalone embeddedRedis;

	@Autowired
	private InventoryStore inventoryStore;

	@Autowired
	private PaymentService paymentService;

	private ShopClient shop;

	@BeforeAll
	static void startExecutor() {
		executor = Executors.newFixedThreadPool(24);
	}

	@AfterAll
	static void stopExecutor() throws InterruptedException {
		executor.shutdownNow();
		executor.awaitTermination(10, TimeUnit.SECONDS);
	}

	@BeforeEach
	void createClient() {
		this.shop = new ShopClient(this.port);
	}

	@Test
	void appStartsEmbeddedRedisWhenNoneIsConfigured() {
		assertThat(this.embeddedRedis.node().isAlive()).isTrue();
		assertThat(this.embeddedRedis.node().host()).isEqualTo("127.0.0.1");
		assertThat(this.embeddedRedis.node().call("PING")).isEqualTo("PONG");
	}

	@Test
	void adminHealthIsOpenForLoadBalancers() {
		Response health = this.shop.get("/api/admin/locks/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		assertThat(health.json().size()).isEqualTo(1);
	}

	@Test
	void adminApiAnswersWithTheToken() {
		Response status = this.shop.get("/api/admin/locks/status", admin());
		assertThat(status.status()).as(status.toString()).isEqualTo(200);
		assertThat(status.json().path("enabled").asBoolean()).isTrue();
		assertThat(status.json().path("topology").path("mode").asString()).isEqualTo("standalone");
		Response statistics = this.shop.get("/api/admin/locks/statistics", admin());
		assertThat(statistics.status()).as(statistics.toString()).isEqualTo(200);
		assertThat(statistics.json().has("acquisitions")).isTrue();
		Response cleanupStatus = this.shop.get("/api/admin/locks/cleanup-status", admin());
		assertThat(cleanupStatus.status()).as(cleanupStatus.toString()).isEqualTo(200);
		assertThat(cleanupStatus.json().path("enabled").asBoolean()).isTrue();
		Response cleanup = this.shop.post("/api/admin/locks/cleanup/force", null, admin());
		assertThat(cleanup.status()).as(cleanup.toString()).isEqualTo(200);
		Response check = this.shop.get("/api/admin/locks/check/cart:user:12345", admin());
		assertThat(check.status()).as(check.toString()).isEqualTo(200);
		assertThat(check.json().path("held").asBoolean()).isFalse();
		assertThat(this.shop.get("/api/admin/locks/check/not-a-key", admin()).status()).isEqualTo(400);
	}

	@Test
	void adminApiRefusesMissingOrWrongTokenAndDoesNothing() {
		long runsBefore = this.shop.get("/api/admin/locks/cleanup-status", admin()).number("runs");
		for (String path : List.of("/api/admin/locks/status", "/api/admin/locks/statistics",
				"/api/admin/locks/check/cart:user:1", "/api/admin/locks/cleanup-status")) {
			assertThat(this.shop.get(path).status()).as(path).isEqualTo(401);
			assertThat(this.shop.get(path, "Authorization", "Bearer wrong").status()).as(path).isEqualTo(401);
		}
		assertThat(this.shop.post("/api/admin/locks/cleanup/force", null).status()).isEqualTo(401);
		assertThat(this.shop.post("/api/admin/locks/cleanup/force", null, "Authorization", "Bearer wrong").status())
			.isEqualTo(401);
		assertThat(this.shop.put("/api/catalog/PROD-1", body("name", "Hacked", "price", 1)).status()).isEqualTo(401);
		assertThat(this.shop.get("/api/admin/locks/cleanup-status", admin()).number("runs")).isEqualTo(runsBefore);
		assertThat(this.shop.get("/api/catalog/PROD-1").text("name")).isNotEqualTo("Hacked");
	}

	@Test
	void exclusiveLockReservesEachUnitOnce() throws Exception {
		assertThat(this.shop.put("/api/inventory/SMOKE-1", body("stock", 10), admin()).status()).isEqualTo(200);
		List<Response> responses = concurrently(25,
				(i) -> this.shop.post("/api/inventory/SMOKE-1/reservations", body("quantity", 1), user("buyer-" + i)));
		assertThat(responses).filteredOn((response) -> response.status() == 201).hasSize(10);
		assertThat(responses).filteredOn((response) -> response.status() == 409).hasSize(15);
		Set<Long> tokens = new HashSet<>();
		responses.stream()
			.filter((response) -> response.status() == 201)
			.forEach((response) -> tokens.add(response.number("fencingToken")));
		assertThat(tokens).hasSize(10);
		Response stock = this.shop.get("/api/inventory/SMOKE-1");
		assertThat(stock.number("stock")).isZero();
		assertThat(stock.number("reserved")).isEqualTo(10);
	}

	@Test
	void databaseRejectsAStaleLockHolder() {
		this.shop.put("/api/inventory/SMOKE-2", body("stock", 5), admin());
		Response reservation = this.shop.post("/api/inventory/SMOKE-2/reservations", body("quantity", 1));
		assertThat(reservation.status()).isEqualTo(201);
		long token = reservation.number("fencingToken");
		// A holder whose lock was lost still has its old token: the conditional update
		// refuses it even though the stock would allow the reservation.
		assertThatExceptionOfType(StaleFencingTokenException.class)
			.isThrownBy(() -> this.inventoryStore.take("SMOKE-2", 1, token));
		assertThatExceptionOfType(StaleFencingTokenException.class)
			.isThrownBy(() -> this.inventoryStore.take("SMOKE-2", 1, token - 1));
		assertThat(this.shop.get("/api/inventory/SMOKE-2").number("stock")).isEqualTo(4);
	}

	@Test
	void expressOrdersOfAQueueAreProcessedBeforeStandardOnes() throws Exception {
		this.shop.put("/api/inventory/SMOKE-7", body("stock", 10), admin());
		List<Map<String, Object>> bodies = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String reservationId = this.shop.post("/api/inventory/SMOKE-7/reservations", body("quantity", 1))
				.text("id");
			boolean express = i == 3;
			bodies.add(body("reservationId", reservationId, "customer", (express ? "express-" : "standard-") + i,
					"express", express));
		}
		List<JsonNode> orders = placeWhileTheQueueIsLocked("express-smoke", bodies);
		assertThat(orders).extracting((order) -> order.path("customer").asString())
			.containsExactly("express-3", "standard-0", "standard-1", "standard-2");
	}

	@Test
	void fairLockProcessesOrdersOfAQueueInArrivalOrder() throws Exception {
		this.shop.put("/api/inventory/SMOKE-3", body("stock", 10), admin());
		List<Map<String, Object>> bodies = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String reservationId = this.shop.post("/api/inventory/SMOKE-3/reservations", body("quantity", 1))
				.text("id");
			bodies.add(body("reservationId", reservationId, "customer", "customer-" + i));
		}
		List<JsonNode> orders = placeWhileTheQueueIsLocked("fifo-smoke", bodies);
		assertThat(orders).extracting((order) -> order.path("customer").asString())
			.containsExactly("customer-0", "customer-1", "customer-2", "customer-3", "customer-4");
		assertThat(orders).extracting((order) -> order.path("sequence").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
	}

	// Hold the queue's fair lock, so that each order waits in line; submit the next one
	// only once the previous one waits. Returns the queue's orders once all are placed.
	private List<JsonNode> placeWhileTheQueueIsLocked(String queue, List<Map<String, Object>> bodies) throws Exception {
		List<Future<Response>> placed = new ArrayList<>();
		try (LockHandle held = this.lockTemplate
			.acquire(LockRequest.builder("order:process:" + queue).type(LockType.FAIR).build())) {
			for (int i = 0; i < bodies.size(); i++) {
				Map<String, Object> order = bodies.get(i);
				placed.add(executor.submit(() -> this.shop.post("/api/queues/" + queue + "/orders", order)));
				int queued = i + 1;
				await("order " + i + " waits for the fair lock",
						() -> this.shop.get("/api/admin/locks/check/order:process:" + queue, admin())
							.number("waiters") == queued);
			}
		}
		for (Future<Response> order : placed) {
			assertThat(order.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(201);
		}
		return this.shop.get("/api/queues/" + queue + "/orders").list();
	}

	@Test
	void paymentIsChargedOnceWhateverTheRetries() throws Exception {
		String orderId = placeOrder("SMOKE-4", "pay-queue", "payer");
		List<Response> charges = concurrently(10, (i) -> this.shop.post("/api/payments",
				body("orderId", orderId, "amount", new BigDecimal("19.90")), "Idempotency-Key", "charge-" + orderId));
		assertThat(charges).filteredOn((charge) -> charge.status() == 201).hasSize(1);
		assertThat(charges).filteredOn((charge) -> charge.status() == 200).hasSize(9);
		assertThat(charges).extracting((charge) -> charge.text("id")).containsOnly(charges.get(0).text("id"));
		Response other = this.shop.post("/api/payments", body("orderId", orderId, "amount", new BigDecimal("19.90")),
				"Idempotency-Key", "another-key");
		assertThat(other.status()).isEqualTo(409);
		assertThat(this.paymentService.count(orderId)).isEqualTo(1);
	}

	@Test
	void concurrentChargesWithDifferentKeysChargeOnce() throws Exception {
		String orderId = placeOrder("SMOKE-5", "pay-queue", "payer");
		List<Response> charges = concurrently(8, (i) -> this.shop.post("/api/payments",
				body("orderId", orderId, "amount", new BigDecimal("5.00")), "Idempotency-Key", "key-" + i));
		assertThat(charges).filteredOn((charge) -> charge.status() == 201).hasSize(1);
		assertThat(charges).filteredOn((charge) -> charge.status() == 409).hasSize(7);
		assertThat(this.paymentService.count(orderId)).isEqualTo(1);
	}

	@Test
	void paymentFromAStaleLockHolderIsRejected() {
		String orderId = placeOrder("SMOKE-6", "pay-queue", "payer");
		Response charge = this.shop.post("/api/payments", body("orderId", orderId, "amount", new BigDecimal("7.00")),
				"Idempotency-Key", "fresh-" + orderId);
		assertThat(charge.status()).isEqualTo(201);
		long token = charge.number("fencingToken");
		assertThatExceptionOfType(StaleFencingTokenException.class)
			.isThrownBy(() -> this.paymentService.record(orderId, new BigDecimal("7.00"), "stale-" + orderId, token));
		assertThat(this.paymentService.count(orderId)).isEqualTo(1);
	}

	@Test
	void readWriteLockLetsReadersShareAndInvalidatesTheCacheOnWrite() {
		assertThat(this.shop.put("/api/catalog/SMOKE-7", body("name", "Buoy", "price", 10), admin()).status())
			.isEqualTo(200);
		assertThat(this.shop.get("/api/catalog/SMOKE-7").text("name")).isEqualTo("Buoy");
		long hits = this.shop.get("/api/catalog/cache").number("hits");
		assertThat(this.shop.get("/api/catalog/SMOKE-7").text("name")).isEqualTo("Buoy");
		assertThat(this.shop.get("/api/catalog/cache").number("hits")).isEqualTo(hits + 1);
		LockRequest read = LockRequest.builder("catalog:product:SMOKE-7").type(LockType.READ).build();
		try (LockHandle reader = this.lockTemplate.acquire(read)) {
			// Readers share the lock...
			assertThat(this.shop.get("/api/catalog/SMOKE-7").status()).isEqualTo(200);
			// ...and a writer cannot get in while one holds it (503 after its wait).
			Response blocked = this.shop.put("/api/catalog/SMOKE-7", body("name", "Blocked", "price", 11), admin());
			assertThat(blocked.status()).as(blocked.toString()).isEqualTo(503);
		}
		LockRequest write = LockRequest.builder("catalog:product:SMOKE-7").type(LockType.WRITE).build();
		try (LockHandle writer = this.lockTemplate.acquire(write)) {
			assertThat(this.shop.get("/api/catalog/SMOKE-7").status()).isEqualTo(503);
		}
		assertThat(this.shop.put("/api/catalog/SMOKE-7", body("name", "Big buoy", "price", 12), admin()).status())
			.isEqualTo(200);
		assertThat(this.shop.get("/api/catalog/SMOKE-7").text("name")).isEqualTo("Big buoy");
		assertThat(this.shop.get("/api/catalog").list()).extracting((product) -> product.path("id").asString())
			.contains("PROD-1", "SMOKE-7");
	}

	@Test
	void semaphoreRateLimitAnswers429WhenAUserHasNoPermitLeft() {
		LockRequest allPermits = LockRequest.builder("rate:limit:greedy")
			.type(LockType.SEMAPHORE)
			.permits(20)
			.maxPermits(20)
			.build();
		try (LockHandle permits = this.lockTemplate.acquire(allPermits)) {
			Response limited = this.shop.get("/api/catalog/PROD-1", user("greedy"));
			assertThat(limited.status()).isEqualTo(429);
			assertThat(this.shop.get("/api/catalog/PROD-1", user("modest")).status()).isEqualTo(200);
			// The admin API is not rate limited.
			assertThat(this.shop.get("/api/admin/locks/health", user("greedy")).status()).isEqualTo(200);
		}
		assertThat(this.shop.get("/api/catalog/PROD-1", user("greedy")).status()).isEqualTo(200);
		assertThat(this.shop.get("/api/catalog/PROD-1", user("no spaces allowed")).status()).isEqualTo(400);
	}

	@Test
	void actuatorShowsRedisAndLockHealthAndLockMetrics() {
		this.shop.get("/api/catalog/PROD-2");
		Response health = this.shop.get("/actuator/health");
		assertThat(health.status()).as(health.toString()).isEqualTo(200);
		assertThat(health.json().path("components").path("redis").path("status").asString()).isEqualTo("UP");
		assertThat(health.json().path("components").path("locks").path("status").asString()).isEqualTo("UP");
		Response prometheus = this.shop.get("/actuator/prometheus");
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("lock_acquisitions_total", "lock_acquisition_time_seconds_bucket");
		assertThat(this.shop.get("/actuator/locks").status()).isEqualTo(401);
		assertThat(this.shop.get("/actuator/locks", admin()).status()).isEqualTo(200);
	}

	private String placeOrder(String productId, String queue, String customer) {
		this.shop.put("/api/inventory/" + productId, body("stock", 5), admin());
		String reservationId = this.shop.post("/api/inventory/" + productId + "/reservations", body("quantity", 1))
			.text("id");
		Response order = this.shop.post("/api/queues/" + queue + "/orders",
				body("reservationId", reservationId, "customer", customer));
		assertThat(order.status()).as(order.toString()).isEqualTo(201);
		return order.text("id");
	}

	private static List<Response> concurrently(int count, IndexedCall call) throws Exception {
		List<Callable<Response>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			calls.add(() -> call.call(index));
		}
		List<Response> responses = new ArrayList<>();
		for (Future<Response> future : executor.invokeAll(calls, DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
			responses.add(future.get());
		}
		return responses;
	}

	private static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@FunctionalInterface
	private interface IndexedCall {

		Response call(int index);

	}

}
