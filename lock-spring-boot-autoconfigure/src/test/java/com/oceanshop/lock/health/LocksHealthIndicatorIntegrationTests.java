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

package com.oceanshop.lock.health;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import com.oceanshop.lock.actuate.endpoint.LocksWebApp;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link LocksHealthIndicator} in a real Boot web application:
 * {@code DOWN} with an error detail, not an error page, once Redis is killed; rollback
 * mode shows {@code enabled: false}.
 */
class LocksHealthIndicatorIntegrationTests {

	@RegisterExtension
	final RedisExtension redis = RedisExtension.standalone();

	@Test
	void healthGoesDownWithAnErrorDetailWhenRedisIsKilled() throws Exception {
		try (LocksWebApp app = LocksWebApp.start(this.redis.standaloneTopology().node().port())) {
			assertThat(app.get("/actuator/health/locks").json().get("status").asString()).isEqualTo("UP");
			this.redis.standaloneTopology().node().kill();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			LocksWebApp.Response response = app.get("/actuator/health/locks");
			while (response.status() != 503 && System.nanoTime() < deadline) {
				response = app.get("/actuator/health/locks");
			}
			assertThat(response.status()).as(response.body()).isEqualTo(503);
			JsonNode body = response.json();
			assertThat(body.get("status").asString()).isEqualTo("DOWN");
			assertThat(body.get("details").get("error").asString()).isNotBlank();
			assertThat(body.get("details").get("mode").asString()).isEqualTo("standalone");
			assertThat(app.get("/actuator/health").status()).isEqualTo(503);
		}
	}

	@Test
	void healthShowsRollbackMode() throws Exception {
		try (LocksWebApp app = LocksWebApp.start(this.redis.standaloneTopology().node().port(),
				"app.lock.enabled=false")) {
			JsonNode body = app.get("/actuator/health/locks").json();
			assertThat(body.get("status").asString()).isEqualTo("UP");
			assertThat(body.get("details").get("enabled").asBoolean()).isFalse();
		}
	}

}
