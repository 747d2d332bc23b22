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

package com.oceanshop.lock.actuate.endpoint;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link LocksEndpoint} and the {@code locks} health component over
 * HTTP, in real Boot web applications on random ports with a real Redis: one with the
 * default (read-only) access and one with
 * {@code management.endpoint.locks.access=unrestricted}.
 */
class LocksEndpointWebIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static LocksWebApp readOnly;

	static LocksWebApp unrestricted;

	@BeforeAll
	static void startApps() {
		int port = redis.standaloneTopology().node().port();
		readOnly = LocksWebApp.start(port);
		unrestricted = LocksWebApp.start(port, "management.endpoint.locks.access=unrestricted");
	}

	@AfterAll
	static void stopApps() {
		if (readOnly != null) {
			readOnly.close();
		}
		if (unrestricted != null) {
			unrestricted.close();
		}
	}

	@Test
	void getLocksReturnsStatisticsTopologyAndCleanupStatus() throws Exception {
		LockTemplate template = readOnly.getBean(LockTemplate.class);
		template.execute(LockRequest.of("inventory:reserve:STATS-1"), (lock) -> null);
		LocksWebApp.Response response = readOnly.get("/actuator/locks");
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("enabled").asBoolean()).isTrue();
		assertThat(body.get("circuitBreaker").asString()).isEqualTo("CLOSED");
		assertThat(body.get("topology").get("mode").asString()).isEqualTo("standalone");
		assertThat(body.get("statistics").get("acquisitions").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(body.get("statistics").get("successRatePercent").asDouble()).isEqualTo(100.0);
		assertThat(body.get("statistics").has("p95AcquisitionMillis")).isTrue();
		assertThat(body.get("statistics").get("locks").toString()).contains("inventory:reserve");
		assertThat(body.has("mostContended")).isTrue();
		assertThat(body.get("cleanup").get("enabled").asBoolean()).isTrue();
		assertThat(body.get("instance").asString()).startsWith("locks-web-test@");
	}

	@Test
	void getLocksShowsTheWaitForEdgesOfFlowsThatWaitWhileHoldingLocks() throws Exception {
		LockTemplate template = readOnly.getBean(LockTemplate.class);
		Runnable release = LocksWebApp.hold(template, "order:process:WAITED-1");
		CountDownLatch waiting = new CountDownLatch(1);
		Thread flow = new Thread(() -> template.execute(LockRequest.of("order:process:HELD-1"), (outer) -> {
			waiting.countDown();
			return template.execute(
					LockRequest.builder("order:process:WAITED-1").waitTime(Duration.ofSeconds(20)).build(),
					(inner) -> null);
		}), "nesting-flow");
		flow.start();
		try {
			assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
			JsonNode edges = null;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (System.nanoTime() - deadline < 0) {
				edges = readOnly.get("/actuator/locks").json().get("waitFor");
				if (edges != null && edges.size() > 0) {
					break;
				}
				Thread.sleep(20);
			}
			assertThat(edges).isNotNull();
			assertThat(edges.size()).isOne();
			JsonNode edge = edges.get(0);
			assertThat(edge.get("flow").asString()).isEqualTo("thread 'nesting-flow'");
			assertThat(edge.get("waitsFor").asString()).isEqualTo("order:process:WAITED-1");
			assertThat(edge.get("holds").get(0).asString()).isEqualTo("order:process:HELD-1");
			assertThat(edge.get("victim").asBoolean()).isFalse();
		}
		finally {
			release.run();
			flow.join(10_000);
		}
	}

	@Test
	void getOneLockWithColonsInTheKeyShowsItsHolder() throws Exception {
		Runnable release = LocksWebApp.hold(readOnly.getBean(LockTemplate.class), "inventory:reserve:PROD-1");
		try {
			LocksWebApp.Response response = readOnly.get("/actuator/locks/inventory:reserve:PROD-1");
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body.get("key").asString()).isEqualTo("inventory:reserve:PROD-1");
			assertThat(body.get("held").asBoolean()).isTrue();
			assertThat(body.get("type").asString()).isEqualTo("exclusive");
			assertThat(body.get("ttlMillis").asLong()).isPositive();
			JsonNode holder = body.get("holders").get(0);
			assertThat(holder.get("thisInstance").asBoolean()).isTrue();
			assertThat(holder.get("instance").asString()).startsWith("locks-web-test@");
			// The other application sees the same lock held by another instance.
			JsonNode fromOther = unrestricted.get("/actuator/locks/inventory:reserve:PROD-1").json();
			assertThat(fromOther.get("holders").get(0).get("thisInstance").asBoolean()).isFalse();
			assertThat(fromOther.get("holders").get(0).get("instance").asString()).startsWith("locks-web-test@");
		}
		finally {
			release.run();
		}
		assertThat(readOnly.get("/actuator/locks/inventory:reserve:PROD-1").json().get("held").asBoolean()).isFalse();
	}

	@Test
	void getWithInvalidKeyIsABadRequest() throws Exception {
		assertThat(readOnly.get("/actuator/locks/not-a-key").status()).isEqualTo(400);
	}

	@Test
	void writeOperationsAreOffByDefault() throws Exception {
		Runnable release = LocksWebApp.hold(readOnly.getBean(LockTemplate.class), "payment:process:P-1");
		try {
			assertThat(readOnly.delete("/actuator/locks/payment:process:P-1").status()).isBetween(400, 499);
			assertThat(readOnly.post("/actuator/locks").status()).isBetween(400, 499);
			assertThat(readOnly.getBean(LockTemplate.class).isLocked("payment:process:P-1")).isTrue();
		}
		finally {
			release.run();
		}
	}

	@Test
	void deleteForceReleasesWhenAccessIsUnrestricted() throws Exception {
		Runnable release = LocksWebApp.hold(readOnly.getBean(LockTemplate.class), "payment:process:P-2");
		try {
			LocksWebApp.Response response = unrestricted.delete("/actuator/locks/payment:process:P-2");
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body.get("released").asBoolean()).isTrue();
			assertThat(body.get("deletedKeys").toString()).contains("lock:payment:process:P-2")
				.doesNotContain(":fence");
			assertThat(readOnly.getBean(LockTemplate.class).isLocked("payment:process:P-2")).isFalse();
		}
		finally {
			release.run();
		}
	}

	@Test
	void postRunsTheCleanupWhenAccessIsUnrestricted() throws Exception {
		redis.standaloneTopology()
			.node()
			.call("HSET", "lock:order:process:ORPHAN", "c0ffee00-0000-4000-8000-000000000000:1", "1");
		LocksWebApp.Response response = unrestricted.post("/actuator/locks");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("executed").asBoolean()).isTrue();
		assertThat(body.get("removed").toString()).contains("lock:order:process:ORPHAN").contains("no-expiry");
		JsonNode cleanup = unrestricted.get("/actuator/locks").json().get("cleanup");
		assertThat(cleanup.get("lastRun").get("executed").asBoolean()).isTrue();
	}

	@Test
	void healthShowsLocksComponentUpWithDetails() throws Exception {
		LocksWebApp.Response response = readOnly.get("/actuator/health/locks");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("status").asString()).isEqualTo("UP");
		JsonNode details = body.get("details");
		assertThat(details.get("latencyMillis").asLong()).isGreaterThanOrEqualTo(0);
		assertThat(details.get("mode").asString()).isEqualTo("standalone");
		assertThat(details.get("enabled").asBoolean()).isTrue();
		assertThat(details.get("circuitBreaker").asString()).isEqualTo("CLOSED");
		assertThat(readOnly.get("/actuator/health").json().get("components").has("locks")).isTrue();
	}

}
