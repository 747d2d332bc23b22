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

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.admin.LockHealth;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link LockAdminController} when no admin token is configured: the admin API
 * stays closed, whatever token a client sends.
 */
@WebMvcTest(controllers = LockAdminController.class, properties = "shop.admin.token=")
@Import(AdminSecurityConfiguration.class)
class LockAdminControllerWithoutTokenTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private LockAdmin lockAdmin;

	@Test
	void protectedEndpointsStayClosed() throws Exception {
		for (String authorization : new String[] { "Bearer ", "Bearer null", "Bearer  ", "Bearer undefined" }) {
			this.mvc.perform(get("/api/admin/locks/status").header("Authorization", authorization))
				.andExpect(status().isUnauthorized());
			this.mvc.perform(post("/api/admin/locks/cleanup/force").header("Authorization", authorization))
				.andExpect(status().isUnauthorized());
		}
		this.mvc.perform(get("/api/admin/locks/statistics")).andExpect(status().isUnauthorized());
		verify(this.lockAdmin, never()).cleanup();
		verify(this.lockAdmin, never()).status();
	}

	@Test
	void healthStaysOpen() throws Exception {
		given(this.lockAdmin.health()).willReturn(LockAdminControllerSecurityTests.health(LockHealth.UP));
		this.mvc.perform(get("/api/admin/locks/health")).andExpect(status().isOk());
	}

}
