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

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import com.oceanshop.lock.InvalidLockKeyException;
import com.oceanshop.lock.admin.ForceReleaseResult;
import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockCleanupReport;
import com.oceanshop.lock.admin.LockHealth;
import com.oceanshop.lock.admin.RedisTopologySummary;
import com.oceanshop.lock.autoconfigure.web.LockAdminApiAutoConfiguration;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for the token rules of {@link LockAdminController} and
 * {@link LockAdminTokenInterceptor}, through MockMvc on the auto-configured Spring MVC.
 * {@link LockAdmin} is a mock: these tests are about who may call it, not about locks
 * (LockAdminApiIntegrationTests runs the endpoints against a real Redis).
 */
class LockAdminControllerTests {

	private static final String TOKEN = "s3cret-admin-token";

	private static final String BASE = "/api/admin/locks";

	private static final String[] PROTECTED_GETS = { BASE + "/status", BASE + "/statistics",
			BASE + "/check/cart:user:12345", BASE + "/cleanup-status" };

	private static final String[] PROTECTED_POSTS = { BASE + "/cleanup/force",
			BASE + "/force-release/cart:user:12345" };

	private final LockAdmin lockAdmin = mock(LockAdmin.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
						WebMvcAutoConfiguration.class, LockAdminApiAutoConfiguration.class))
		.withBean(LockAdmin.class, () -> this.lockAdmin)
		.withPropertyValues("app.lock.admin-api.enabled=true");

	@Test
	void healthNeedsNoToken() {
		given(this.lockAdmin.health()).willReturn(health(LockHealth.UP));
		withToken(TOKEN,
				(mvc) -> perform(() -> mvc.perform(get(BASE + "/health"))
					.andExpect(status().isOk())
					.andExpect(jsonPath("$.status").value("UP"))
					.andExpect(jsonPath("$.topology").doesNotExist())));
	}

	@Test
	void healthAnswers503WhenLocksAreDown() {
		given(this.lockAdmin.health()).willReturn(health(LockHealth.DOWN));
		withToken(TOKEN,
				(mvc) -> perform(() -> mvc.perform(get(BASE + "/health"))
					.andExpect(status().isServiceUnavailable())
					.andExpect(jsonPath("$.status").value("DOWN"))));
	}

	@Test
	void protectedEndpointsRefuseMissingTokenWith401() {
		withToken(TOKEN, (mvc) -> perform(() -> {
			for (String path : PROTECTED_GETS) {
				mvc.perform(get(path))
					.andExpect(status().isUnauthorized())
					.andExpect(header().string("WWW-Authenticate", "Bearer realm=\"lock-admin\""));
			}
			for (String path : PROTECTED_POSTS) {
				mvc.perform(post(path)).andExpect(status().isUnauthorized());
			}
		}));
		verifyNoInteractions(this.lockAdmin);
	}

	@Test
	void protectedEndpointsRefuseWrongTokensWith401() {
		withToken(TOKEN, (mvc) -> perform(() -> {
			for (String authorization : List.of("Bearer wrong", "Bearer s3cret-admin-toke",
					"Bearer s3cret-admin-token2", "Bearer ", "Basic czNjcmV0LWFkbWluLXRva2Vu", "s3cret-admin-token",
					"Bearers3cret-admin-token")) {
				for (String path : PROTECTED_GETS) {
					mvc.perform(get(path).header("Authorization", authorization)).andExpect(status().isUnauthorized());
				}
				for (String path : PROTECTED_POSTS) {
					mvc.perform(post(path).header("Authorization", authorization)).andExpect(status().isUnauthorized());
				}
			}
			mvc.perform(get(BASE + "/status").header("Authorization", "Bearer wrong"))
				.andExpect(header().string("WWW-Authenticate", "Bearer realm=\"lock-admin\", error=\"invalid_token\""))
				.andExpect(jsonPath("$.status").value(401));
		}));
		verifyNoInteractions(this.lockAdmin);
	}

	@Test
	void rightTokenRunsTheCleanup() {
		given(this.lockAdmin.cleanup())
			.willReturn(new LockCleanupReport(Instant.now(), 3, true, null, 0, List.of(), null));
		withToken(TOKEN,
				(mvc) -> perform(
						() -> mvc.perform(post(BASE + "/cleanup/force").header("Authorization", "bearer " + TOKEN))
							.andExpect(status().isOk())
							.andExpect(jsonPath("$.executed").value(true))));
		verify(this.lockAdmin).cleanup();
	}

	@Test
	void rightTokenForceReleasesOneLockNamingTheCaller() {
		given(this.lockAdmin.forceRelease(eq("cart:user:12345"), anyString()))
			.willReturn(new ForceReleaseResult("cart:user:12345", true, "exclusive", List.of(), List.of("lock:x")));
		withToken(TOKEN,
				(mvc) -> perform(() -> mvc
					.perform(post(BASE + "/force-release/cart:user:12345").header("Authorization", "Bearer " + TOKEN))
					.andExpect(status().isOk())
					.andExpect(jsonPath("$.released").value(true))
					.andExpect(jsonPath("$.type").value("exclusive"))));
		verify(this.lockAdmin).forceRelease("cart:user:12345", "admin API token from 127.0.0.1");
	}

	@Test
	void invalidKeyGets400NamingTheRule() {
		given(this.lockAdmin.inspect("not-a-key"))
			.willThrow(new InvalidLockKeyException("not-a-key", "Lock key 'not-a-key' must be context:operation:id"));
		withToken(TOKEN,
				(mvc) -> perform(() -> mvc
					.perform(get(BASE + "/check/not-a-key").header("Authorization", "Bearer " + TOKEN))
					.andExpect(status().isBadRequest())
					.andExpect(jsonPath("$.detail").value("Lock key 'not-a-key' must be context:operation:id"))));
	}

	@Test
	void withoutTokenEveryProtectedEndpointAnswers403AndHealthStaysOpen() {
		given(this.lockAdmin.health()).willReturn(health(LockHealth.UP));
		withToken("", (mvc) -> perform(() -> {
			for (String authorization : new String[] { "Bearer ", "Bearer null", "Bearer  ", "Bearer undefined" }) {
				for (String path : PROTECTED_GETS) {
					mvc.perform(get(path).header("Authorization", authorization)).andExpect(status().isForbidden());
				}
				for (String path : PROTECTED_POSTS) {
					mvc.perform(post(path).header("Authorization", authorization)).andExpect(status().isForbidden());
				}
			}
			mvc.perform(get(BASE + "/statistics")).andExpect(status().isForbidden());
			mvc.perform(get(BASE + "/health")).andExpect(status().isOk());
		}));
		verify(this.lockAdmin, never()).cleanup();
		verify(this.lockAdmin, never()).status();
		verify(this.lockAdmin, never()).forceRelease(anyString(), anyString());
	}

	@Test
	void basePathMovesTheWholeApiAndItsGuard() {
		given(this.lockAdmin.health()).willReturn(health(LockHealth.UP));
		this.contextRunner
			.withPropertyValues("app.lock.admin-api.token=" + TOKEN, "app.lock.admin-api.base-path=/ops/locks")
			.run((context) -> {
				MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
				mvc.perform(get("/ops/locks/health")).andExpect(status().isOk());
				mvc.perform(get("/ops/locks/status")).andExpect(status().isUnauthorized());
				mvc.perform(get("/ops/locks/status").header("Authorization", "Bearer " + TOKEN))
					.andExpect(status().isOk());
				mvc.perform(get(BASE + "/status").header("Authorization", "Bearer " + TOKEN))
					.andExpect(status().isNotFound());
			});
	}

	private void withToken(String token, Consumer<MockMvc> test) {
		this.contextRunner.withPropertyValues("app.lock.admin-api.token=" + token)
			.run((context) -> test.accept(MockMvcBuilders.webAppContextSetup(context).build()));
	}

	private static void perform(MvcCalls calls) {
		try {
			calls.run();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static LockHealth health(String status) {
		return new LockHealth(status, 1, true, "CLOSED",
				new RedisTopologySummary("standalone", List.of("redis://127.0.0.1:6379"), null, "client"), null);
	}

	@FunctionalInterface
	private interface MvcCalls {

		void run() throws Exception;

	}

}
