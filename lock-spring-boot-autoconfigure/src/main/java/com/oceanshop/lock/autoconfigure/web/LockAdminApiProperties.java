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

package com.oceanshop.lock.autoconfigure.web;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.oceanshop.lock.web.LockAdminController;

/**
 * Configuration properties of the operators' lock admin API ({@code app.lock.admin-api}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("app.lock.admin-api")
public class LockAdminApiProperties {

	/**
	 * Whether to serve the operators' lock admin API (health, status, statistics,
	 * check/{key}, cleanup-status, cleanup/force, force-release/{key}) in a servlet web
	 * application. Off by default: turn it on only with a token.
	 */
	private boolean enabled;

	/**
	 * Path under which the admin API is served; starts with '/' and does not end with
	 * one.
	 */
	private String basePath = LockAdminController.DEFAULT_BASE_PATH;

	/**
	 * Bearer token that every admin API call except /health must present as
	 * 'Authorization: Bearer <token>'. When not set, the ADMIN_TOKEN environment variable
	 * is used; when neither is set, every call except /health is refused with 403.
	 */
	private @Nullable String token;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getBasePath() {
		return this.basePath;
	}

	public void setBasePath(String basePath) {
		this.basePath = basePath;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

}
