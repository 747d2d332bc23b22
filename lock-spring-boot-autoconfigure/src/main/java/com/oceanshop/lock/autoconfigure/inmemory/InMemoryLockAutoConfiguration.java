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
package com.oceanshop.lock.autoconfigure.inmemory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import com.oceanshop.lock.LockProvider;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.inmemory.InMemoryLockProvider;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@code app.lock.provider=in-memory}: an
 * {@link InMemoryLockProvider} in place of the Redis-backed provider, so that
 * {@link LockAutoConfiguration} builds the template over it, with or without a
 * {@code RedissonClient}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = LockAutoConfiguration.class)
@ConditionalOnProperty(name = "app.lock.provider", havingValue = "in-memory")
public final class InMemoryLockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LockProvider lockProvider() {
		return new InMemoryLockProvider();
	}

}
