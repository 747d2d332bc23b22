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

package com.oceanshop.lock.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.actuate.endpoint.LocksWebApp;
import com.oceanshop.lock.actuate.endpoint.LocksWebApp.Response;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the lock admin API ({@link LockAdminController}) over HTTP, in a
 * real Boot web application on a random port with a real Redis, the token taken from
 * {@code ADMIN_TOKEN}.
 */
class LockAdminApiIntegrationTests {

	private static final String TOKEN = "it-admin-token";

	private static final String[] AUTH = { "Authorization", "Bearer " + TOKEN };

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static LocksWebApp app;

	@BeforeAll
	static void startApp() {
		app = LocksWebApp.start(redis.standaloneTopology().node().port(), "app.lock.admin-api.enabled=true",
				"ADMIN_TOKEN=" + TOKEN);
	}

	@AfterAll
	static void stopApp() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void healthIsOpenAndTellsOnlyTheStatus() throws Exception {
		Response health = app.get("/api/admin/locks/health");
		assertThat(health.status()).as(health.body()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
		assertThat(health.json().size()).isEqualTo(1);
	}

	@Test
	void statusAndStatisticsShowThisInstancesLocks() throws Exception {
		app.getBean(LockTemplate.class).execute(LockRequest.of("inventory:reserve:ADMIN-API-1"), (lock) -> null);
		Response status = app.get("/api/admin/locks/status", AUTH);
		assertThat(status.status()).as(status.body()).isEqualTo(200);
		assertThat(status.json().get("enabled").asBoolean()).isTrue();
		assertThat(status.json().get("circuitBreaker").asString()).isEqualTo("CLOSED");
		assertThat(status.json().get("topology").get("mode").asString()).isEqualTo("standalone");
		assertThat(status.json().has("mostContended")).isTrue();
		Response statistics = app.get("/api/admin/locks/statistics", AUTH);
		assertThat(statistics.status()).as(statistics.body()).isEqualTo(200);
		assertThat(statistics.json().get("acquisitions").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(statistics.json().get("locks").toString()).contains("inventory:reserve");
	}

	@Test
	void checkShowsAHeldLockAndForceReleaseFreesIt() throws Exception {
		LockTemplate template = app.getBean(LockTemplate.class);
		Runnable release = LocksWebApp.hold(template, "cart:user:12345");
		try {
			JsonNode held = app.get("/api/admin/locks/check/cart:user:12345", AUTH).json();
			assertThat(held.get("held").asBoolean()).isTrue();
			assertThat(held.get("type").asString()).isEqualTo("exclusive");
			assertThat(held.get("holders").get(0).get("thisInstance").asBoolean()).isTrue();
			assertThat(app.post("/api/admin/locks/force-release/cart:user:12345").status()).isEqualTo(401);
			assertThat(template.isLocked("cart:user:12345")).isTrue();
			Response released = app.post("/api/admin/locks/force-release/cart:user:12345", AUTH);
			assertThat(released.status()).as(released.body()).isEqualTo(200);
			assertThat(released.json().get("released").asBoolean()).isTrue();
			assertThat(released.json().get("deletedKeys").toString()).contains("lock:cart:user:12345")
				.doesNotContain(":fence");
			assertThat(template.isLocked("cart:user:12345")).isFalse();
			assertThat(app.get("/api/admin/locks/check/cart:user:12345", AUTH).json().get("held").asBoolean())
				.isFalse();
		}
		finally {
			release.run();
		}
		Response again = app.post("/api/admin/locks/force-release/cart:user:12345", AUTH);
		assertThat(again.json().get("released").asBoolean()).isFalse();
	}

	@Test
	void invalidKeyIsABadRequestNamingTheKey() throws Exception {
		Response check = app.get("/api/admin/locks/check/not-a-key", AUTH);
		assertThat(check.status()).isEqualTo(400);
		assertThat(check.body()).contains("not-a-key");
		assertThat(app.post("/api/admin/locks/force-release/not-a-key", AUTH).status()).isEqualTo(400);
	}

	@Test
	void forcedCleanupRemovesAnOrphanAndCleanupStatusReportsIt() throws Exception {
		redis.standaloneTopology()
			.node()
			.call("HSET", "lock:order:process:ADMIN-API-ORPHAN", "c0ffee00-0000-4000-8000-000000000000:1", "1");
		assertThat(app.post("/api/admin/locks/cleanup/force").status()).isEqualTo(401);
		assertThat(redis.standaloneTopology().node().call("EXISTS", "lock:order:process:ADMIN-API-ORPHAN"))
			.isEqualTo(1L);
		Response cleanup = app.post("/api/admin/locks/cleanup/force", AUTH);
		assertThat(cleanup.status()).as(cleanup.body()).isEqualTo(200);
		assertThat(cleanup.json().get("executed").asBoolean()).isTrue();
		assertThat(cleanup.json().get("removed").toString()).contains("lock:order:process:ADMIN-API-ORPHAN");
		Response cleanupStatus = app.get("/api/admin/locks/cleanup-status", AUTH);
		assertThat(cleanupStatus.status()).as(cleanupStatus.body()).isEqualTo(200);
		assertThat(cleanupStatus.json().get("enabled").asBoolean()).isTrue();
		assertThat(cleanupStatus.json().get("lastRun").get("executed").asBoolean()).isTrue();
		assertThat(cleanupStatus.json().get("totalRemoved").asLong()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void everyProtectedEndpointRefusesAWrongToken() throws Exception {
		for (String path : new String[] { "status", "statistics", "check/cart:user:1", "cleanup-status" }) {
			Response response = app.get("/api/admin/locks/" + path, "Authorization", "Bearer wrong");
			assertThat(response.status()).as(path).isEqualTo(401);
		}
	}

}
