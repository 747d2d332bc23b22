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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.util.FileSystemUtils;

import com.oceanshop.lock.test.JvmProcess;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisStandalone;
import com.oceanshop.shop.ShopClient.Response;

import static com.oceanshop.shop.ShopClient.admin;
import static com.oceanshop.shop.ShopClient.body;
import static com.oceanshop.shop.ShopClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three shop instances, each a separate JVM, on one Redis and one database (an H2 server
 * in a fourth JVM, so that no instance can rely on local state): concurrent buyers spread
 * over the instances never oversell, and every instance's admin API sees a lock that
 * another instance holds.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MultiInstanceIntegrationTests {

	private static final Duration STARTUP = Duration.ofMinutes(4);

	private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	private static Path databaseDirectory;

	private static String jdbcUrl;

	private static JvmProcess database;

	private static final List<Instance> instances = new ArrayList<>();

	@BeforeAll
	static void startDatabaseAndInstances() throws Exception {
		databaseDirectory = Files.createTempDirectory("ocean-shop-h2-");
		int databasePort = freePort();
		database = JvmProcess.builder("org.h2.tools.Server")
			.jvmOptions("-Xmx128m", "-Dh2.bindAddress=127.0.0.1")
			.args("-tcp", "-tcpPort", Integer.toString(databasePort), "-ifNotExists", "-baseDir",
					databaseDirectory.toString())
			.start();
		database.awaitOutputLine((line) -> line.contains("TCP server running"), Duration.ofSeconds(60));
		// Row locks may be held for a while in the lock-holder scenario below.
		jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + databasePort + "/shop;LOCK_TIMEOUT=60000";
		RedisStandalone standalone = redis.standaloneTopology();
		// The first instance creates the schema and the demo data; the others start once
		// it is up, together.
		instances.add(Instance.start(1, standalone, "update"));
		instances.get(0).awaitStarted();
		instances.add(Instance.start(2, standalone, "none"));
		instances.add(Instance.start(3, standalone, "none"));
		instances.get(1).awaitStarted();
		instances.get(2).awaitStarted();
	}

	@AfterAll
	static void stopAll() throws IOException {
		instances.forEach((instance) -> instance.process().close());
		if (database != null) {
			database.close();
		}
		if (databaseDirectory != null) {
			FileSystemUtils.deleteRecursively(databaseDirectory);
		}
	}

	@Test
	void buyersSpreadOverThreeInstancesNeverOversell() throws Exception {
		int units = 30;
		int buyers = 90;
		assertThat(instances.get(0).shop().put("/api/inventory/MULTI-1", body("stock", units), admin()).status())
			.isEqualTo(200);
		ExecutorService executor = Executors.newFixedThreadPool(30);
		List<Response> responses = new ArrayList<>();
		try {
			List<Callable<Response>> calls = new ArrayList<>();
			for (int i = 0; i < buyers; i++) {
				ShopClient shop = instances.get(i % instances.size()).shop();
				String buyer = "buyer-" + i;
				calls.add(() -> shop.post("/api/inventory/MULTI-1/reservations", body("quantity", 1), user(buyer)));
			}
			for (Future<Response> future : executor.invokeAll(calls, 3, TimeUnit.MINUTES)) {
				responses.add(future.get());
			}
		}
		finally {
			executor.shutdownNow();
		}
		List<Response> reserved = responses.stream().filter((response) -> response.status() == 201).toList();
		assertThat(reserved).as("%s", responses).hasSize(units);
		assertThat(responses).extracting(Response::status).as("%s", responses).containsOnly(201, 409);
		Set<Long> tokens = new HashSet<>();
		reserved.forEach((response) -> tokens.add(response.number("fencingToken")));
		assertThat(tokens).as("one fencing token sequence for all instances").hasSize(units);
		for (Instance instance : instances) {
			Response stock = instance.shop().get("/api/inventory/MULTI-1");
			assertThat(stock.number("stock")).isZero();
			assertThat(stock.number("reserved")).isEqualTo(units);
		}
	}

	@Test
	void everyInstanceSeesALockHeldThroughAnother() throws Exception {
		Instance holder = instances.get(0);
		holder.shop().put("/api/inventory/MULTI-2", body("stock", 5), admin());
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "")) {
			// Hold the product's row in the database, so that the first instance's
			// reservation keeps its inventory lock while it waits for the row.
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("update inventory set stock = stock where product_id = 'MULTI-2'");
			}
			Future<Response> reservation = executor
				.submit(() -> holder.shop().post("/api/inventory/MULTI-2/reservations", body("quantity", 1)));
			String key = "inventory:reserve:MULTI-2";
			await(() -> holder.shop().get("/api/admin/locks/check/" + key, admin()).json().path("held").asBoolean());
			for (Instance instance : instances) {
				JsonNode check = instance.shop().get("/api/admin/locks/check/" + key, admin()).json();
				assertThat(check.path("held").asBoolean()).as(instance.toString()).isTrue();
				assertThat(check.path("type").asString()).isEqualTo("exclusive");
				JsonNode lockHolder = check.path("holders").path(0);
				assertThat(lockHolder.path("thisInstance").asBoolean()).as(instance.toString())
					.isEqualTo(instance == holder);
				assertThat(lockHolder.path("instance").asString()).as(instance.toString())
					.contains("(pid " + holder.process().pid() + ")");
			}
			connection.rollback();
			Response reserved = reservation.get(60, TimeUnit.SECONDS);
			assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
		}
		finally {
			executor.shutdownNow();
		}
		for (Instance instance : instances) {
			await(() -> !instance.shop()
				.get("/api/admin/locks/check/inventory:reserve:MULTI-2", admin())
				.json()
				.path("held")
				.asBoolean());
			assertThat(instance.shop().get("/api/admin/locks/health").status()).isEqualTo(200);
		}
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One shop instance in its own JVM.
	 */
	private static final class Instance {

		private final int number;

		private final JvmProcess process;

		private @Nullable ShopClient shop;

		private Instance(int number, JvmProcess process) {
			this.number = number;
			this.process = process;
		}

		static Instance start(int number, RedisStandalone redis, String ddlAuto) {
			JvmProcess process = JvmProcess.builder(ShopApplication.class)
				.jvmOptions("-Xmx384m", "-Xss512k")
				.args("--server.port=0", "--spring.data.redis.host=" + redis.node().host(),
						"--spring.data.redis.port=" + redis.node().port(), "--spring.datasource.url=" + jdbcUrl,
						"--spring.datasource.username=sa", "--spring.jpa.hibernate.ddl-auto=" + ddlAuto,
						"--app.lock.admin-api.token=" + ShopClient.ADMIN_TOKEN, "--spring.main.banner-mode=off",
						"--logging.level.org.hibernate=WARN",
						// 30 buyers queue on one product behind cold instances of a
						// 2-core machine: a 503 after the 10 s default would be the
						// machine, not the lock.
						"--app.lock.names[inventory:reserve].wait-time=60s")
				.start();
			return new Instance(number, process);
		}

		void awaitStarted() {
			String line = this.process.awaitOutputLine((output) -> output.contains("Tomcat started on port"), STARTUP);
			Matcher matcher = TOMCAT_PORT.matcher(line);
			assertThat(matcher.find()).as(line).isTrue();
			this.process.awaitOutputLine((output) -> output.contains("Started ShopApplication"), STARTUP);
			this.shop = new ShopClient(Integer.parseInt(matcher.group(1)));
		}

		JvmProcess process() {
			return this.process;
		}

		ShopClient shop() {
			ShopClient shop = this.shop;
			assertThat(shop).as(this + " has started").isNotNull();
			return shop;
		}

		@Override
		public String toString() {
			return "instance " + this.number + " (pid " + this.process.pid() + ")";
		}

	}

}
