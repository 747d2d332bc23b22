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

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import com.oceanshop.lock.autoconfigure.InvalidLockConfigurationException;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.autoconfigure.admin.LockAdminAutoConfiguration;
import com.oceanshop.lock.web.LockAdminController;
import com.oceanshop.lock.web.LockAdminToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LockAdminApiAutoConfiguration}.
 */
class LockAdminApiAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(LockAutoConfiguration.class,
			LockAdminAutoConfiguration.class, LockAdminApiAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withUserConfiguration(RedissonConfiguration.class);

	@Test
	void runByDefaultShouldNotServeTheAdminApi() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(LockAdminController.class)
			.doesNotHaveBean(LockAdminToken.class));
	}

	@Test
	void runWhenDisabledShouldNotServeTheAdminApi() {
		this.contextRunner.withPropertyValues("app.lock.admin-api.enabled=false", "app.lock.admin-api.token=t0ken")
			.run((context) -> assertThat(context).doesNotHaveBean(LockAdminController.class));
	}

	@Test
	void runWhenEnabledShouldServeTheAdminApiWithTheConfiguredToken() {
		this.contextRunner.withPropertyValues("app.lock.admin-api.enabled=true", "app.lock.admin-api.token=t0ken")
			.run((context) -> {
				assertThat(context).hasSingleBean(LockAdminController.class)
					.hasSingleBean(LockAdminApiAutoConfiguration.LockAdminApiWebMvcConfigurer.class);
				LockAdminToken token = context.getBean(LockAdminToken.class);
				assertThat(token.matches("Bearer t0ken")).isTrue();
				assertThat(token.matches("Bearer other")).isFalse();
			});
	}

	@Test
	void runWithoutTokenPropertyShouldUseAdminTokenVariable() {
		this.contextRunner.withPropertyValues("app.lock.admin-api.enabled=true", "ADMIN_TOKEN=from-env")
			.run((context) -> assertThat(context.getBean(LockAdminToken.class).matches("Bearer from-env")).isTrue());
	}

	@Test
	void runWithTokenPropertyShouldPreferItOverAdminTokenVariable() {
		this.contextRunner
			.withPropertyValues("app.lock.admin-api.enabled=true", "app.lock.admin-api.token=from-property",
					"ADMIN_TOKEN=from-env")
			.run((context) -> {
				LockAdminToken token = context.getBean(LockAdminToken.class);
				assertThat(token.matches("Bearer from-property")).isTrue();
				assertThat(token.matches("Bearer from-env")).isFalse();
			});
	}

	@Test
	void runWithoutAnyTokenShouldServeAClosedAdminApi() {
		this.contextRunner.withPropertyValues("app.lock.admin-api.enabled=true", "app.lock.admin-api.token= ")
			.run((context) -> {
				assertThat(context).hasSingleBean(LockAdminController.class);
				LockAdminToken token = context.getBean(LockAdminToken.class);
				assertThat(token.isConfigured()).isFalse();
				assertThat(token.matches("Bearer ")).isFalse();
				assertThat(token.matches("Bearer null")).isFalse();
			});
	}

	@Test
	void runInANonWebApplicationShouldNotServeTheAdminApi() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withUserConfiguration(RedissonConfiguration.class)
			.withPropertyValues("app.lock.admin-api.enabled=true", "app.lock.admin-api.token=t0ken")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LockAdminController.class));
	}

	@Test
	void runWithoutSpringMvcShouldNotServeTheAdminApi() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.withPropertyValues("app.lock.admin-api.enabled=true", "app.lock.admin-api.token=t0ken")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LockAdminController.class));
	}

	@Test
	void runWithoutLockAdminShouldNotServeTheAdminApi() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("app.lock.admin-api.enabled=true", "app.lock.admin-api.token=t0ken")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LockAdminController.class));
	}

	@Test
	void runWithUserTokenShouldBackOff() {
		this.contextRunner.withPropertyValues("app.lock.admin-api.enabled=true")
			.withBean("myToken", LockAdminToken.class, () -> new LockAdminToken("mine"))
			.run((context) -> assertThat(context).hasSingleBean(LockAdminToken.class).hasBean("myToken"));
	}

	@Test
	void runWithInvalidBasePathShouldFailNamingTheProperty() {
		for (String basePath : new String[] { "api/admin/locks", "/api/admin/locks/", "/", "/api/**" }) {
			this.contextRunner
				.withPropertyValues("app.lock.admin-api.enabled=true", "app.lock.admin-api.base-path=" + basePath)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidLockConfigurationException.class)
					.hasMessageContaining("app.lock.admin-api.base-path")
					.hasMessageContaining(basePath));
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class RedissonConfiguration {

		@Bean
		RedissonClient redissonClient() {
			RedissonClient redisson = mock(RedissonClient.class);
			given(redisson.getConfig()).willReturn(new Config());
			return redisson;
		}

	}

}
