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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <token>} with the
 * configured admin token as the {@code admin} principal with {@code ROLE_ADMIN}. Any
 * other request passes through unauthenticated, and the authorization rules decide.
 * <p>
 * Tokens are compared in constant time over their SHA-256 digests, so neither the content
 * nor the length of the configured token leaks through response timing. With no token
 * configured nobody is authenticated, so the admin API stays closed.
 *
 * @since 0.1.0
 */
public class AdminTokenAuthenticationFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final byte @Nullable [] expectedDigest;

	/**
	 * Create a filter.
	 * @param token the admin token, or {@code null} or blank to accept none
	 */
	public AdminTokenAuthenticationFilter(@Nullable String token) {
		this.expectedDigest = (token != null && !token.isBlank()) ? sha256(token) : null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isAdmin(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
					List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
			SecurityContextHolder.setContext(context);
		}
		chain.doFilter(request, response);
	}

	private boolean isAdmin(@Nullable String authorization) {
		byte[] expected = this.expectedDigest;
		if (expected == null || authorization == null
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		return MessageDigest.isEqual(expected, sha256(authorization.substring(BEARER.length()).trim()));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
