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

package com.oceanshop.lock.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import com.oceanshop.lock.admin.LockAdmin;
import com.oceanshop.lock.autoconfigure.admin.LockAdminAutoConfiguration;
import com.oceanshop.lock.health.LocksHealthIndicator;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link LocksHealthIndicator}:
 * the {@code locks} component of {@code /actuator/health}, switched off with
 * {@code management.health.locks.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LockAdminAutoConfiguration.class)
@ConditionalOnClass({ LockAdmin.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(LockAdmin.class)
@ConditionalOnEnabledHealthIndicator("locks")
public final class LockHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "locksHealthIndicator", "locksHealthContributor" })
	LocksHealthIndicator locksHealthIndicator(LockAdmin lockAdmin) {
		return new LocksHealthIndicator(lockAdmin);
	}

}
