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
 * The Testcontainers route on Valkey: Spring Boot knows no Valkey image, so the
 * connection is named {@code redis}, the protocol Valkey speaks. Skipped where no Docker
 * daemon runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ValkeyContainerIntegrationTests extends AbstractShopApplicationIntegrationTests {

	@Container
	@ServiceConnection(name = "redis")
	static final GenericContainer<?> valkey = new GenericContainer<>("valkey/valkey:8-alpine").withExposedPorts(6379);

}
