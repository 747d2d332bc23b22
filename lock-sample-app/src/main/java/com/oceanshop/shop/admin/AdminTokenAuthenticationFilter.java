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
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import com.oceanshop.lock.web.LockAdminToken;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <token>} with the lock
 * admin API's token ({@link LockAdminToken}, compared in constant time) as the
 * {@code admin} principal with {@code ROLE_ADMIN}. Any other request passes through
 * unauthenticated, and the authorization rules decide. With no token configured nobody is
 * authenticated.
 *
 * @since 0.1.0
 */
public class AdminTokenAuthenticationFilter extends OncePerRequestFilter {

	private final LockAdminToken token;

	/**
	 * Create a filter.
	 * @param token the admin token
	 */
	public AdminTokenAuthenticationFilter(LockAdminToken token) {
		this.token = token;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.token.matches(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
					List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
			SecurityContextHolder.setContext(context);
		}
		chain.doFilter(request, response);
	}

}
