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

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.shop.ShopClient.Response;

import static com.oceanshop.shop.ShopClient.admin;
import static com.oceanshop.shop.ShopClient.body;
import static com.oceanshop.shop.ShopClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flash sale: {@value #BUYERS} concurrent buyers try to reserve one unit each of a
 * product with {@value #UNITS} units, through the HTTP API, on a real Redis. Exactly
 * {@value #UNITS} units must be sold. Prints units sold, success rate, lock acquisition
 * percentiles and throughput. Runs only with {@code ENABLE_LOAD_TESTS=true}: <pre>
 * ENABLE_LOAD_TESTS=true ./mvnw -B -ntp -pl lock-sample-app -am test -Dtest=DistributedLockLoadTest
 * </pre>
 */
@EnabledIfEnvironmentVariable(named = "ENABLE_LOAD_TESTS", matches = "true")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.lock.admin-api.token=" + ShopClient.ADMIN_TOKEN, "server.tomcat.threads.max=200",
				"server.tomcat.accept-count=1000", "logging.level.com.oceanshop.lock=WARN" })
class DistributedLockLoadTest {

	static final int BUYERS = 1000;

	static final int UNITS = 100;

	static final Duration TIME_LIMIT = Duration.ofMinutes(3);

	private static final String PRODUCT = "FLASH-SALE-1";

	@LocalServerPort
	private int port;

	@Autowired
	private AcquisitionRecorder acquisitions;

	@Test
	void thousandBuyersBuyExactlyTheHundredUnits() throws Exception {
		ShopClient shop = new ShopClient(this.port);
		assertThat(shop.put("/api/inventory/" + PRODUCT, body("stock", UNITS), admin()).status()).isEqualTo(200);
		this.acquisitions.clear();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Response>> buyers = new ArrayList<>();
		for (int i = 0; i < BUYERS; i++) {
			String buyer = "buyer-" + i;
			buyers.add(() -> {
				start.await();
				long begin = System.nanoTime();
				Response response = shop.post("/api/inventory/" + PRODUCT + "/reservations", body("quantity", 1),
						user(buyer));
				latencies.add(System.nanoTime() - begin);
				return response;
			});
		}
		Executor executor = executor();
		List<Future<Response>> futures = new ArrayList<>();
		for (Callable<Response> buyer : buyers) {
			futures.add(executor.service().submit(buyer));
		}
		long begin = System.nanoTime();
		start.countDown();
		Map<Integer, Integer> statuses = new TreeMap<>();
		try {
			long deadline = begin + TIME_LIMIT.toNanos();
			for (Future<Response> future : futures) {
				Response response = future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				statuses.merge(response.status(), 1, Integer::sum);
			}
		}
		finally {
			executor.service().shutdownNow();
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
		Response stock = shop.get("/api/inventory/" + PRODUCT);
		long sold = stock.number("reserved");
		int reserved = statuses.getOrDefault(201, 0);
		int soldOut = statuses.getOrDefault(409, 0);
		long[] waits = this.acquisitions.millis();
		long[] requests = latencies.stream().mapToLong(TimeUnit.NANOSECONDS::toMillis).sorted().toArray();
		String report = String.format(Locale.ROOT, """

				=== Flash sale: %d buyers, %d units, product %s (%s, %s) ===
				Units sold:               %d (stock left %d)
				Responses:                %s (201 reserved, 409 sold out, 503 lock busy, 429 rate limited)
				Success rate:             %.1f%% of requests got a definite answer (reserved or sold out)
				Lock acquisitions:        %d, wait p50 %d ms, p95 %d ms, p99 %d ms, max %d ms
				Request latency:          p50 %d ms, p95 %d ms, p99 %d ms
				Throughput:               %.0f requests/s, %.0f lock acquisitions/s (%d ms in all)
				""", BUYERS, UNITS, PRODUCT, executor.description(), Runtime.version(), sold, stock.number("stock"),
				statuses, 100.0 * (reserved + soldOut) / BUYERS, waits.length, percentile(waits, 50),
				percentile(waits, 95), percentile(waits, 99), percentile(waits, 100), percentile(requests, 50),
				percentile(requests, 95), percentile(requests, 99), BUYERS / seconds(elapsed),
				waits.length / seconds(elapsed), elapsed.toMillis());
		System.out.println(report);
		assertThat(sold).as(report).isEqualTo(UNITS);
		assertThat(reserved).as(report).isEqualTo(UNITS);
		assertThat(stock.number("stock")).as(report).isZero();
		// Every buyer got an answer: reserved, sold out, or told to retry (lock busy).
		assertThat(statuses.keySet()).as(report).isSubsetOf(201, 409, 503);
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	private static long percentile(long[] sorted, int percentile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	// Virtual threads on Java 21 and later (one per buyer); a bounded pool otherwise,
	// larger than Tomcat's 200 request threads so that the server stays saturated.
	private static Executor executor() {
		try {
			Method virtual = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
			return new Executor((ExecutorService) virtual.invoke(null), "virtual threads");
		}
		catch (ReflectiveOperationException ex) {
			int threads = Math.min(BUYERS, 256);
			return new Executor(Executors.newFixedThreadPool(threads), "pool of " + threads + " threads");
		}
	}

	private record Executor(ExecutorService service, String description) {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class AcquisitionRecorderConfiguration {

		@Bean
		AcquisitionRecorder acquisitionRecorder() {
			return new AcquisitionRecorder();
		}

	}

	/**
	 * Records how long each inventory lock acquisition waited.
	 */
	static class AcquisitionRecorder implements LockListener {

		private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

		@Override
		public void onAcquired(LockRequest request, Duration waited, boolean contended) {
			if (request.name().equals("inventory:reserve")) {
				this.nanos.add(waited.toNanos());
			}
		}

		void clear() {
			this.nanos.clear();
		}

		long[] millis() {
			long[] values = this.nanos.stream().mapToLong(TimeUnit.NANOSECONDS::toMillis).toArray();
			Arrays.sort(values);
			return values;
		}

	}

}
