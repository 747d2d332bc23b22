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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Boot web application on a random port with the starter's auto-configuration, and
 * a small HTTP client for it.
 */
public final class LocksWebApp implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private LocksWebApp(ConfigurableApplicationContext context) {
		this.context = context;
		this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * Start the application against a standalone Redis.
	 * @param redisPort the Redis port on 127.0.0.1
	 * @param properties further properties
	 * @return the running application
	 */
	public static LocksWebApp start(int redisPort, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redisPort,
				"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=1s",
				"management.endpoints.web.exposure.include=health,locks",
				"management.endpoint.health.show-details=always", "spring.application.name=locks-web-test"));
		all.addAll(List.of(properties));
		return new LocksWebApp(new SpringApplicationBuilder(App.class).properties(all.toArray(String[]::new)).run());
	}

	public <T> T getBean(Class<T> type) {
		return this.context.getBean(type);
	}

	public Response get(String path, String... headers) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET(), headers);
	}

	public Response delete(String path, String... headers) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).DELETE(), headers);
	}

	public Response post(String path, String... headers) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody()), headers);
	}

	/**
	 * Hold a lock on a thread of its own until the returned release runs.
	 * @param template the template to lock with
	 * @param key the key
	 * @return what releases the lock (a lock force-released meanwhile is fine)
	 * @throws InterruptedException if interrupted while waiting for the lock
	 */
	public static Runnable hold(LockTemplate template, String key) throws InterruptedException {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			try (LockHandle handle = template
				.acquire(LockRequest.builder(key).leaseTime(Duration.ofSeconds(30)).build())) {
				held.countDown();
				release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (LockLostException ex) {
				// force-released under us
			}
		}, "holder");
		thread.start();
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
		return () -> {
			release.countDown();
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	private Response send(HttpRequest.Builder request, String... headers) throws IOException, InterruptedException {
		if (headers.length > 0) {
			request.headers(headers);
		}
		HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(20)).build(),
				HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body());
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param body the body
	 */
	public record Response(int status, String body) {

		public JsonNode json() {
			return LocksWebApp.json.readTree(this.body);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
