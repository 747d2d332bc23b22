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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisNode;
import com.oceanshop.lock.test.RedisSentinelTopology;
import com.oceanshop.shop.ShopClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the operators' runbook commands against the shop started with its {@code prod}
 * profile (the runbook's production template) on a real Redis Sentinel topology: a
 * password-protected master and replica, three Sentinels, the master name
 * {@code ocean-master}. Every {@code curl} command of {@code docs/runbook.md} is parsed
 * and sent as written (method, path, {@code $AUTH} header, and the fields its {@code jq}
 * filter reads); the commands of the operators' original runbook are sent too. Only TLS
 * is off ({@code REDIS_SSL_ENABLED=false}): lock-test's servers do not speak it.
 */
class RunbookCommandsIntegrationTests {

	private static final String ADMIN_TOKEN = "runbook-admin-token";

	private static final String REDIS_PASSWORD = "runbook-redis-password";

	private static final String[] AUTH = { "Authorization", "Bearer " + ADMIN_TOKEN };

	private static final Pattern CURL = Pattern
		.compile("curl\\s+(?<options>[^`\\n]*?)\\$APP(?<path>/[^\\s`|]*)(?<rest>[^`\\n]*)");

	private static final Pattern JQ = Pattern.compile("\\|\\s*jq(?:\\s+'(?<filter>[^']*)')?");

	private static @Nullable RedisSentinelTopology redis;

	private static @Nullable ConfigurableApplicationContext app;

	private static ShopClient shop;

	@BeforeAll
	static void startShopWithProdProfile() {
		RedisSentinelTopology sentinel = RedisSentinelTopology.builder().masterName("ocean-master").start();
		redis = sentinel;
		requirePassword(sentinel);
		// Command-line arguments: they win over application-prod.yml (server.address
		// 0.0.0.0).
		app = new SpringApplicationBuilder(ShopApplication.class).profiles("prod")
			.run("--server.address=127.0.0.1", "--server.port=0", "--spring.main.banner-mode=off",
					"--REDIS_SENTINEL_NODES=" + String.join(",", sentinel.sentinelAddresses()),
					"--REDIS_SSL_ENABLED=false", "--REDIS_PASSWORD=" + REDIS_PASSWORD, "--ADMIN_TOKEN=" + ADMIN_TOKEN);
		shop = new ShopClient(Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port")));
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	// The Sentinels learn the password before the servers ask for it, so that they never
	// see the master as down; replicas authenticate to the master with masterauth.
	private static void requirePassword(RedisSentinelTopology sentinel) {
		for (RedisNode node : sentinel.sentinels()) {
			node.call("SENTINEL", "SET", sentinel.masterName(), "auth-pass", REDIS_PASSWORD);
		}
		List<RedisNode> servers = new ArrayList<>(sentinel.replicas());
		servers.add(sentinel.master());
		for (RedisNode node : servers) {
			node.call("CONFIG", "SET", "masterauth", REDIS_PASSWORD);
		}
		for (RedisNode node : servers) {
			node.call("CONFIG", "SET", "requirepass", REDIS_PASSWORD);
		}
	}

	@Test
	void everyCurlCommandOfTheRunbookWorksAsWritten() throws IOException {
		List<RunbookCommand> commands = runbookCommands();
		assertThat(commands).as("curl commands in docs/runbook.md").hasSizeGreaterThanOrEqualTo(12);
		assertThat(commands).extracting(RunbookCommand::path)
			.contains("/api/admin/locks/health", "/api/admin/locks/status", "/api/admin/locks/statistics",
					"/api/admin/locks/check/<key>", "/api/admin/locks/cleanup-status", "/api/admin/locks/cleanup/force",
					"/api/admin/locks/force-release/<key>", "/actuator/health");
		String key = "inventory:reserve:RUNBOOK-1";
		LockHandle stuck = lockTemplate().acquire(LockRequest.builder(key).leaseTime(Duration.ofSeconds(60)).build());
		for (RunbookCommand command : commands) {
			String path = command.path().replace("<key>", key);
			assertThat(path).as(command.line()).doesNotContain("<");
			Response response = shop.send(command.method(), path, null, command.auth() ? AUTH : new String[0]);
			assertThat(response.status()).as(command.line() + " -> " + response).isEqualTo(200);
			JsonNode body = response.json();
			for (List<String> field : command.jqFields()) {
				JsonNode node = body;
				for (String name : field) {
					node = node.path(name);
				}
				assertThat(node.isMissingNode() || node.isNull()).as(command.line() + ": " + field + " in " + body)
					.isFalse();
			}
			if (path.equals("/actuator/health")) {
				// The runbook reads latency, mode and nodes from it.
				assertThat(body.path("components").path("locks").path("details").path("mode").asString())
					.as(command.line() + " -> " + body)
					.isEqualTo("sentinel");
			}
		}
		// The runbook's force release freed the stuck lock: its holder learns it on
		// release.
		assertThat(lockTemplate().isLocked(key)).isFalse();
		assertThatExceptionOfType(LockLostException.class).isThrownBy(stuck::close);
	}

	@Test
	void everyCurlCommandOfTheRunbookGoesToTheServiceAtApp() throws IOException {
		// A command written for localhost:8080 is not run by the test above and does not
		// reach a production service.
		Pattern command = Pattern.compile("`curl\\s[^`]*`");
		List<String> elsewhere = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("..", "docs", "runbook.md"))) {
			Matcher curl = command.matcher(line);
			while (curl.find()) {
				if (!curl.group().contains("$APP/")) {
					elsewhere.add(curl.group());
				}
			}
		}
		assertThat(elsewhere).as("curl commands in docs/runbook.md that do not use $APP").isEmpty();
	}

	@Test
	void commandsOfTheOperatorsOriginalRunbookWork() {
		Response health = shop.get("/api/admin/locks/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
		for (String path : new String[] { "statistics", "status", "cleanup-status", "check/cart:user:12345" }) {
			Response response = shop.get("/api/admin/locks/" + path, AUTH);
			assertThat(response.status()).as(path + " -> " + response).isEqualTo(200);
			assertThat(shop.get("/api/admin/locks/" + path).status()).as(path + " without token").isEqualTo(401);
		}
		Response cleanup = shop.post("/api/admin/locks/cleanup/force", null, AUTH);
		assertThat(cleanup.status()).as(cleanup.toString()).isEqualTo(200);
		assertThat(shop.post("/api/admin/locks/cleanup/force", null).status()).isEqualTo(401);
		// "Spring Boot health: HTTP 200, includes Redis status"
		Response actuatorHealth = shop.get("/actuator/health");
		assertThat(actuatorHealth.status()).isEqualTo(200);
		assertThat(actuatorHealth.json().path("components").path("redis").path("status").asString()).isEqualTo("UP");
	}

	@Test
	void healthDetailsNeedTheTokenInProduction() {
		JsonNode anonymous = shop.get("/actuator/health").json().path("components").path("locks");
		assertThat(anonymous.path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.has("details")).isFalse();
		JsonNode details = shop.get("/actuator/health", AUTH).json().path("components").path("locks").path("details");
		assertThat(details.path("mode").asString()).isEqualTo("sentinel");
		assertThat(details.path("masterName").asString()).isEqualTo("ocean-master");
		assertThat(details.path("latencyMillis").isNumber()).isTrue();
		assertThat(details.path("nodes").size()).isPositive();
		assertThat(details.path("enabled").asBoolean()).isTrue();
	}

	@Test
	void statusStatisticsAndCheckShowAHeldLock() {
		String key = "order:process:RUNBOOK-2";
		try (LockHandle held = lockTemplate()
			.acquire(LockRequest.builder(key).leaseTime(Duration.ofSeconds(60)).build())) {
			JsonNode check = shop.get("/api/admin/locks/check/" + key, AUTH).json();
			assertThat(check.path("held").asBoolean()).as(check.toString()).isTrue();
			assertThat(check.path("ttlMillis").asLong()).isPositive();
			assertThat(check.path("holders").get(0).path("thisInstance").asBoolean()).isTrue();
			JsonNode status = shop.get("/api/admin/locks/status", AUTH).json();
			assertThat(status.path("topology").path("mode").asString()).isEqualTo("sentinel");
			assertThat(status.path("statistics").path("active").asLong()).isGreaterThanOrEqualTo(1);
			JsonNode statistics = shop.get("/api/admin/locks/statistics", AUTH).json();
			assertThat(statistics.path("locks").toString()).contains("order:process");
		}
	}

	@Test
	void cleanupCommandsRemoveAnOrphanAndReportIt() {
		String orphan = "lock:order:process:RUNBOOK-ORPHAN";
		RedissonClient redisson = app().getBean(RedissonClient.class);
		redisson.getMap(orphan, StringCodec.INSTANCE).put("c0ffee00-0000-4000-8000-000000000000:1", "1");
		Response cleanup = shop.post("/api/admin/locks/cleanup/force", null, AUTH);
		assertThat(cleanup.status()).as(cleanup.toString()).isEqualTo(200);
		assertThat(cleanup.json().path("executed").asBoolean()).as(cleanup.toString()).isTrue();
		assertThat(cleanup.json().path("removed").toString()).contains(orphan).contains("no-expiry");
		assertThat(redisson.getKeys().countExists(orphan)).isZero();
		JsonNode status = shop.get("/api/admin/locks/cleanup-status", AUTH).json();
		assertThat(status.path("lastRun").path("executed").asBoolean()).isTrue();
		assertThat(status.path("totalRemoved").asLong()).isGreaterThanOrEqualTo(1);
	}

	private static LockTemplate lockTemplate() {
		return app().getBean(LockTemplate.class);
	}

	private static ConfigurableApplicationContext app() {
		ConfigurableApplicationContext context = app;
		assertThat(context).as("the shop has started").isNotNull();
		return context;
	}

	static List<RunbookCommand> runbookCommands() throws IOException {
		List<RunbookCommand> commands = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("..", "docs", "runbook.md"))) {
			Matcher curl = CURL.matcher(line);
			while (curl.find()) {
				String options = curl.group("options");
				Matcher method = Pattern.compile("-X\\s+(\\w+)").matcher(options);
				List<List<String>> fields = new ArrayList<>();
				Matcher jq = JQ.matcher(curl.group("rest"));
				if (jq.find() && jq.group("filter") != null) {
					fields.addAll(jqFields(jq.group("filter").trim()));
				}
				commands.add(new RunbookCommand(curl.group(), method.find() ? method.group(1) : "GET",
						curl.group("path"), options.contains("-H \"$AUTH\""), fields));
			}
		}
		return commands;
	}

	// The filters the runbook uses: '.a.b' (a path) or '{a, b}' (an object of fields).
	private static List<List<String>> jqFields(String filter) {
		if (filter.startsWith("{") && filter.endsWith("}")) {
			List<List<String>> fields = new ArrayList<>();
			for (String name : filter.substring(1, filter.length() - 1).split(",")) {
				fields.add(List.of(name.trim()));
			}
			return fields;
		}
		assertThat(filter).as("jq filter").startsWith(".");
		return List.of(List.of(filter.substring(1).split("\\.")));
	}

	/**
	 * One {@code curl} command of the runbook.
	 *
	 * @param line the command as written
	 * @param method the HTTP method
	 * @param path the path after {@code $APP}
	 * @param auth whether it sends {@code $AUTH}
	 * @param jqFields the fields its {@code jq} filter reads
	 */
	record RunbookCommand(String line, String method, String path, boolean auth, List<List<String>> jqFields) {

	}

}
