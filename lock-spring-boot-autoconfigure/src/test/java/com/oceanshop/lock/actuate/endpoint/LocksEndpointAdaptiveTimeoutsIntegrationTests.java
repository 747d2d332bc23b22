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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.adaptive.LearnedTimeout;
import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Integration tests for adaptive lock timeouts as operators see them in a Boot
 * application with a real Redis: the learned values in the {@code locks} endpoint, the
 * admin's status and the {@code lock.adaptive.*} gauges, and explicit settings winning
 * over them.
 */
class LocksEndpointAdaptiveTimeoutsIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	@Test
	void learnedValuesAreInTheEndpointTheAdminStatusAndTheGaugesAndExplicitSettingsWin() throws Exception {
		try (LocksWebApp app = LocksWebApp.start(redis.standaloneTopology().node().port(),
				"management.endpoints.web.exposure.include=health,locks,prometheus", "app.lock.adaptive.enabled=true",
				"app.lock.adaptive.min-lease=100ms", "app.lock.adaptive.warm-up-count=5",
				"app.lock.adaptive.update-interval=200ms", "app.lock.types.fair.lease-time=10s")) {
			LockTemplate template = app.getBean(LockTemplate.class);
			long longestMillis = 0;
			for (int i = 0; i < 5; i++) {
				long start = System.nanoTime();
				template.execute(LockRequest.of("inventory:reserve:A-" + i), (lock) -> pause(100));
				// The whole call, so never shorter than the hold it measured.
				longestMillis = Math.max(longestMillis, (System.nanoTime() - start + 999_999) / 1_000_000);
				template.execute(LockRequest.builder("payment:charge:O-" + i).type(LockType.FAIR).build(),
						(lock) -> pause(100));
			}
			JsonNode learned = awaitLearned(app, "inventory:reserve");
			long lease = learned.get("leaseTimeMillis").asLong();
			// factor 3 x p99 of the holds (at least 100 ms each; p99 of 5 is the longest,
			// rounded up to its 5% histogram bucket). The longest call bounds it from
			// above: a cold first call on a slow machine may hold well over 100 ms.
			assertThat(lease).isBetween(300L, (long) Math.ceil(3 * 1.05 * longestMillis) + 5);
			assertThat(learned.get("holds").asLong()).isEqualTo(5);
			assertThat(learned.get("waitTimeMillis").asLong()).isEqualTo(1000);
			assertThat(template.getDefaults().leaseTime(LockRequest.of("inventory:reserve:B")))
				.isEqualTo(Duration.ofMillis(lease));
			// Learned as well, but the lease configured for fair locks wins.
			awaitLearned(app, "payment:charge");
			assertThat(template.getDefaults()
				.leaseTime(LockRequest.builder("payment:charge:O-9").type(LockType.FAIR).build()))
				.isEqualTo(Duration.ofSeconds(10));

			assertThat(app.getBean(LockAdmin.class).status().learnedTimeouts()).extracting(LearnedTimeout::name)
				.contains("inventory:reserve", "payment:charge");
			String scrape = app.get("/actuator/prometheus").body();
			assertThat(scrape).contains("# TYPE lock_adaptive_lease_seconds gauge",
					"# TYPE lock_adaptive_wait_seconds gauge",
					"lock_adaptive_lease_seconds{lock_key=\"inventory:reserve\"} " + (lease / 1000.0),
					"lock_adaptive_wait_seconds{lock_key=\"inventory:reserve\"} 1.0");
		}
	}

	private static Object pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "done";
	}

	private static JsonNode awaitLearned(LocksWebApp app, String name) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			LocksWebApp.Response response = app.get("/actuator/locks");
			assertThat(response.status()).isEqualTo(200);
			for (JsonNode learned : response.json().get("learnedTimeouts")) {
				// A name is listed before its lease is learned; the endpoint leaves out
				// null
				// values.
				JsonNode lease = learned.get("leaseTimeMillis");
				if (learned.get("name").asString().equals(name) && lease != null && !lease.isNull()) {
					return learned;
				}
			}
			if (System.nanoTime() - deadline > 0) {
				fail("No learned lease for %s within 10 s: %s", name, response.body());
			}
			Thread.sleep(100);
		}
	}

}
