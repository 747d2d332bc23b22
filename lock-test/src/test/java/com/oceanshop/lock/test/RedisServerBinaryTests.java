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

package com.oceanshop.lock.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisServerBinary}.
 */
class RedisServerBinaryTests {

	@Test
	void bundledResourceNameMatchesPlatform() {
		assertThat(RedisServerBinary.bundledResourceName("Linux", "amd64"))
			.isEqualTo("redis-server-7.0.15-linux-amd64");
		assertThat(RedisServerBinary.bundledResourceName("Linux", "aarch64"))
			.isEqualTo("redis-server-7.0.15-linux-arm64");
		assertThat(RedisServerBinary.bundledResourceName("Mac OS X", "x86_64"))
			.isEqualTo("redis-server-7.0.15-darwin-amd64");
		assertThat(RedisServerBinary.bundledResourceName("Mac OS X", "aarch64"))
			.isEqualTo("redis-server-7.0.15-darwin-arm64");
	}

	@Test
	void bundledResourceNameOnUnsupportedPlatformNamesTheEnvironmentVariable() {
		assertThatIllegalStateException().isThrownBy(() -> RedisServerBinary.bundledResourceName("Windows 11", "amd64"))
			.withMessageContaining(RedisServerBinary.ENVIRONMENT_VARIABLE);
		assertThatIllegalStateException().isThrownBy(() -> RedisServerBinary.bundledResourceName("Linux", "s390x"))
			.withMessageContaining(RedisServerBinary.ENVIRONMENT_VARIABLE);
	}

}
