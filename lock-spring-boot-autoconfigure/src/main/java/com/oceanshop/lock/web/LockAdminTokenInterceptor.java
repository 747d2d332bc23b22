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

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through to the lock admin API only if it presents the
 * {@link LockAdminToken} as {@code Authorization: Bearer <token>}.
 * <ul>
 * <li>no token configured: {@code 403 Forbidden}, whatever the request sends (nothing
 * could authenticate it);</li>
 * <li>no or another {@code Authorization} header: {@code 401 Unauthorized} with
 * {@code WWW-Authenticate: Bearer realm="lock-admin"};</li>
 * <li>a wrong token: {@code 401} with {@code error="invalid_token"} (RFC 6750).</li>
 * </ul>
 * The handler never runs for a refused request. The auto-configuration registers it for
 * every admin API path except {@code /health}.
 *
 * @since 0.1.0
 */
public class LockAdminTokenInterceptor implements HandlerInterceptor {

	static final String REALM = "Bearer realm=\"lock-admin\"";

	private final LockAdminToken token;

	/**
	 * Create an interceptor.
	 * @param token the token requests must present
	 */
	public LockAdminTokenInterceptor(LockAdminToken token) {
		Assert.notNull(token, "'token' must not be null");
		this.token = token;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		if (!this.token.isConfigured()) {
			refuse(response, HttpStatus.FORBIDDEN,
					"The lock admin API has no token configured (app.lock.admin-api.token or ADMIN_TOKEN)");
			return false;
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (this.token.matches(authorization)) {
			return true;
		}
		boolean bearer = LockAdminToken.isBearer(authorization);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, bearer ? REALM + ", error=\"invalid_token\"" : REALM);
		refuse(response, HttpStatus.UNAUTHORIZED,
				bearer ? "Invalid bearer token" : "Send Authorization: Bearer <admin token>");
		return false;
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, String message) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		// The messages are constants without quotes or backslashes: no JSON escaping
		// needed.
		response.getWriter()
			.write("{\"status\":" + status.value() + ",\"error\":\"" + status.getReasonPhrase() + "\",\"message\":\""
					+ message + "\"}");
	}

}
