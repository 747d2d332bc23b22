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

package com.oceanshop.shop.admin;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockCleanupReport;
import com.oceanshop.lock.admin.LockHealth;
import com.oceanshop.lock.admin.RedisTopologySummary;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for the security of {@link LockAdminController} with an admin token configured.
 * {@link LockAdmin} is a mock: these tests are about who may call it, not about locks.
 */
@WebMvcTest(controllers = LockAdminController.class, properties = "shop.admin.token=s3cret-admin-token")
@Import(AdminSecurityConfiguration.class)
class LockAdminControllerSecurityTests {

	private static final String[] PROTECTED = { "/api/admin/locks/status", "/api/admin/locks/statistics",
			"/api/admin/locks/check/cart:user:12345", "/api/admin/locks/cleanup-status" };

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private LockAdmin lockAdmin;

	@Test
	void healthNeedsNoToken() throws Exception {
		given(this.lockAdmin.health()).willReturn(health(LockHealth.UP));
		this.mvc.perform(get("/api/admin/locks/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.topology").doesNotExist());
	}

	@Test
	void healthAnswers503WhenLocksAreDown() throws Exception {
		given(this.lockAdmin.health()).willReturn(health(LockHealth.DOWN));
		this.mvc.perform(get("/api/admin/locks/health"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.status").value("DOWN"));
	}

	@Test
	void protectedEndpointsRefuseMissingToken() throws Exception {
		for (String path : PROTECTED) {
			this.mvc.perform(get(path)).andExpect(status().isUnauthorized());
		}
		this.mvc.perform(post("/api/admin/locks/cleanup/force")).andExpect(status().isUnauthorized());
		verify(this.lockAdmin, never()).cleanup();
		verify(this.lockAdmin, never()).status();
		verify(this.lockAdmin, never()).inspect(anyString());
	}

	@Test
	void protectedEndpointsRefuseWrongTokens() throws Exception {
		for (String authorization : List.of("Bearer wrong", "Bearer s3cret-admin-toke", "Bearer s3cret-admin-token2",
				"Bearer ", "Basic czNjcmV0LWFkbWluLXRva2Vu", "s3cret-admin-token")) {
			for (String path : PROTECTED) {
				this.mvc.perform(get(path).header("Authorization", authorization)).andExpect(status().isUnauthorized());
			}
			this.mvc.perform(post("/api/admin/locks/cleanup/force").header("Authorization", authorization))
				.andExpect(status().isUnauthorized());
		}
		verify(this.lockAdmin, never()).cleanup();
	}

	@Test
	void rightTokenRunsTheCleanup() throws Exception {
		given(this.lockAdmin.cleanup())
			.willReturn(new LockCleanupReport(Instant.now(), 3, true, null, 0, List.of(), null));
		this.mvc.perform(post("/api/admin/locks/cleanup/force").header("Authorization", "Bearer s3cret-admin-token"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.executed").value(true));
		verify(this.lockAdmin).cleanup();
	}

	static LockHealth health(String status) {
		return new LockHealth(status, 1, true, "CLOSED",
				new RedisTopologySummary("standalone", List.of("redis://127.0.0.1:6379"), null, "client"), null);
	}

}
