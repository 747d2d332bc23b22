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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Small HTTP client for the shop API in tests: JSON in, status and JSON out, never throws
 * on an error status.
 */
final class ShopClient {

	static final String ADMIN_TOKEN = "test-admin-token";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http;

	private final String baseUrl;

	ShopClient(int port) {
		this("http://127.0.0.1:" + port);
	}

	ShopClient(String baseUrl) {
		this.baseUrl = baseUrl;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	Response get(String path, String... headers) {
		return send("GET", path, null, headers);
	}

	Response post(String path, @Nullable Object body, String... headers) {
		return send("POST", path, body, headers);
	}

	Response put(String path, @Nullable Object body, String... headers) {
		return send("PUT", path, body, headers);
	}

	static String[] admin() {
		return new String[] { "Authorization", "Bearer " + ADMIN_TOKEN };
	}

	static String[] user(String user) {
		return new String[] { "X-User-Id", user };
	}

	Response send(String method, String path, @Nullable Object body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.method(method,
					(body != null) ? BodyPublishers.ofString(json.writeValueAsString(body)) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param body the body
	 */
	record Response(int status, String body) {

		JsonNode json() {
			return ShopClient.json.readTree(this.body.isEmpty() ? "{}" : this.body);
		}

		String text(String field) {
			return json().path(field).asString();
		}

		long number(String field) {
			return json().path(field).asLong();
		}

		List<JsonNode> list() {
			List<JsonNode> items = new ArrayList<>();
			json().forEach(items::add);
			return items;
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

	static Map<String, Object> body(Object... keyValues) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put((String) keyValues[i], keyValues[i + 1]);
		}
		return map;
	}

}
