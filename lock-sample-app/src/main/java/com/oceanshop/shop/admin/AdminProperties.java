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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access to the operators' admin API.
 *
 * @param token bearer token that admin requests must present; bound from the
 * {@code ADMIN_TOKEN} environment variable. When blank, the admin API stays closed.
 * @since 0.1.0
 */
@ConfigurationProperties("shop.admin")
public record AdminProperties(@Nullable String token) {
}
