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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.autoconfigure.InvalidLockConfigurationException;
import com.oceanshop.lock.autoconfigure.admin.LockAdminAutoConfiguration;
import com.oceanshop.lock.web.LockAdminController;
import com.oceanshop.lock.web.LockAdminToken;
import com.oceanshop.lock.web.LockAdminTokenInterceptor;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the operators' lock admin API
 * ({@link LockAdminController}) in a servlet web application, when
 * {@code app.lock.admin-api.enabled=true} and a {@link LockAdmin} exists. Its token
 * ({@link LockAdminToken}) comes from {@code app.lock.admin-api.token}, or else from the
 * {@code ADMIN_TOKEN} environment variable.
 * <p>
 * An application with Spring Security must let {@code app.lock.admin-api.base-path/**}
 * through its own filter chain (the API checks the token itself) and exempt it from CSRF
 * protection, which is meant for browser sessions, not bearer tokens.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LockAdminAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, LockAdmin.class })
@ConditionalOnBooleanProperty("app.lock.admin-api.enabled")
@ConditionalOnBean(LockAdmin.class)
@EnableConfigurationProperties(LockAdminApiProperties.class)
public final class LockAdminApiAutoConfiguration {

	/**
	 * Environment variable (or any property of that name) that holds the token when
	 * {@code app.lock.admin-api.token} is not set: the name the operators' runbook uses.
	 */
	public static final String TOKEN_ENVIRONMENT_VARIABLE = "ADMIN_TOKEN";

	private static final Log logger = LogFactory.getLog(LockAdminApiAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	LockAdminToken lockAdminToken(LockAdminApiProperties properties, Environment environment) {
		String token = properties.getToken();
		LockAdminToken adminToken = new LockAdminToken(
				StringUtils.hasText(token) ? token : environment.getProperty(TOKEN_ENVIRONMENT_VARIABLE));
		if (!adminToken.isConfigured()) {
			logger.warn("The lock admin API at " + properties.getBasePath()
					+ " has no token (app.lock.admin-api.token or " + TOKEN_ENVIRONMENT_VARIABLE
					+ "): every call except " + LockAdminController.HEALTH_PATH + " is refused with 403");
		}
		return adminToken;
	}

	@Bean
	@ConditionalOnMissingBean
	LockAdminController lockAdminController(LockAdmin lockAdmin) {
		return new LockAdminController(lockAdmin);
	}

	@Bean
	LockAdminApiWebMvcConfigurer lockAdminApiWebMvcConfigurer(LockAdminApiProperties properties, LockAdminToken token) {
		return new LockAdminApiWebMvcConfigurer(validBasePath(properties.getBasePath()), token);
	}

	private static String validBasePath(String basePath) {
		if (!basePath.startsWith("/") || basePath.length() < 2 || basePath.endsWith("/") || basePath.contains("*")
				|| basePath.contains("{")) {
			throw new InvalidLockConfigurationException("app.lock.admin-api.base-path", basePath,
					"it must start with '/', must not end with '/' and must not contain patterns, " + "for example "
							+ LockAdminController.DEFAULT_BASE_PATH);
		}
		return basePath;
	}

	/**
	 * Puts the {@link LockAdminController} under the base path and guards every path of
	 * it but {@code /health} with the token.
	 */
	static final class LockAdminApiWebMvcConfigurer implements WebMvcConfigurer {

		private final String basePath;

		private final LockAdminToken token;

		LockAdminApiWebMvcConfigurer(String basePath, LockAdminToken token) {
			this.basePath = basePath;
			this.token = token;
		}

		@Override
		public void configurePathMatch(PathMatchConfigurer configurer) {
			configurer.addPathPrefix(this.basePath, HandlerTypePredicate.forAssignableType(LockAdminController.class));
		}

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new LockAdminTokenInterceptor(this.token))
				.addPathPatterns(this.basePath + "/**")
				.excludePathPatterns(this.basePath + LockAdminController.HEALTH_PATH);
		}

	}

}
