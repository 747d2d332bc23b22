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

package com.oceanshop.shop.ratelimit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.oceanshop.lock.LockTemplate;

/**
 * Applies the {@link RateLimitInterceptor} to the shop API ({@code /api/**}), except the
 * operators' admin API.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnBooleanProperty(name = "shop.rate-limit.enabled", matchIfMissing = true)
public class RateLimitConfiguration {

	@Bean
	RateLimitInterceptor rateLimitInterceptor(LockTemplate lockTemplate, RateLimitProperties properties) {
		return new RateLimitInterceptor(lockTemplate, properties);
	}

	@Bean
	WebMvcConfigurer rateLimitWebMvcConfigurer(RateLimitInterceptor interceptor) {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).addPathPatterns("/api/**").excludePathPatterns("/api/admin/**");
			}
		};
	}

}
