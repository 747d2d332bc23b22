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

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import com.oceanshop.lock.web.LockAdminToken;

/**
 * Web security: the shop API is public; catalog and stock changes, and actuator endpoints
 * other than {@code health} and {@code prometheus}, require
 * {@code Authorization: Bearer $ADMIN_TOKEN}, the token of the starter's lock admin API
 * ({@link LockAdminToken}, from {@code app.lock.admin-api.token} or {@code ADMIN_TOKEN}).
 * A missing or wrong token gets 401 before any handler runs. The admin API itself
 * ({@code /api/admin/locks/**}) checks the same token on its own, so it passes here. The
 * API is stateless, so there are no sessions and no CSRF tokens.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
public class AdminSecurityConfiguration {

	@Bean
	SecurityFilterChain shopSecurityFilterChain(HttpSecurity http, LockAdminToken token) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/admin/locks/**")
			.permitAll()
			.requestMatchers(HttpMethod.PUT, "/api/catalog/**", "/api/inventory/**")
			.hasRole("ADMIN")
			.requestMatchers(EndpointRequest.to("health", "prometheus"))
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole("ADMIN")
			.anyRequest()
			.permitAll());
		http.addFilterBefore(new AdminTokenAuthenticationFilter(token), BasicAuthenticationFilter.class);
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		http.httpBasic((basic) -> basic.disable());
		http.formLogin((form) -> form.disable());
		return http.build();
	}

}
