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

package com.oceanshop.lock.autoconfigure.reactive;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.reactive.ReactiveLockOperations;
import com.oceanshop.lock.reactive.ReactiveLockTemplate;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link ReactiveLockTemplate},
 * the Reactor form of the {@link LockTemplate}, when Reactor is on the class path.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LockAutoConfiguration.class)
@ConditionalOnClass(Mono.class)
@ConditionalOnBean(LockTemplate.class)
public final class ReactiveLockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveLockOperations.class)
	ReactiveLockTemplate reactiveLockTemplate(LockTemplate lockTemplate) {
		return new ReactiveLockTemplate(lockTemplate);
	}

}
