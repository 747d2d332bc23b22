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
package com.oceanshop.lock.testing;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * The Testcontainers route: Ocean Lock on a Redis container with
 * {@code @ServiceConnection}, which Redisson's auto-configuration reads as
 * {@code DataRedisConnectionDetails}. Skipped where no Docker daemon runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class RedisContainerIntegrationTests extends AbstractShopApplicationIntegrationTests {

	@Container
	@ServiceConnection
	static final GenericContainer<?> redis = new GenericContainer<>("redis:7.4-alpine").withExposedPorts(6379);

}
