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

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-user concurrency limit of the shop API.
 *
 * @param enabled whether requests are limited
 * @param maxConcurrentRequests number of requests one user may have in progress at once
 * @param permitLease time after which a permit of a crashed instance returns to the pool
 * @since 0.1.0
 */
@ConfigurationProperties("shop.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("20") int maxConcurrentRequests,
		@DefaultValue("30s") Duration permitLease) {
}
