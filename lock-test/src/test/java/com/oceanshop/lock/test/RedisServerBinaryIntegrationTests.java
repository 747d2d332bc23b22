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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisServerBinary}.
 */
class RedisServerBinaryIntegrationTests {

	@TempDir
	Path cache;

	@Test
	void resolveReturnsARedis7Executable() {
		Path binary = RedisServerBinary.resolve();
		assertThat(binary).isExecutable();
		assertThat(RedisServerBinary.version(binary)).contains("v=7.");
		assertThat(RedisServerBinary.resolve()).isSameAs(binary);
	}

	@Test
	void resolveWithoutEnvironmentVariableOrPathExtractsBundledBinary() {
		Path binary = RedisServerBinary.resolve(Map.of("PATH", this.cache.toString()), this.cache);
		assertThat(binary).isEqualTo(this.cache.resolve("redis-server"));
		assertThat(RedisServerBinary.version(binary)).startsWith("Redis server v=" + RedisServerBinary.BUNDLED_VERSION);
	}

	@Test
	void resolveWithEnvironmentVariableUsesIt() {
		Path extracted = RedisServerBinary.extract(this.cache);
		Path binary = RedisServerBinary
			.resolve(Map.of(RedisServerBinary.ENVIRONMENT_VARIABLE, extracted.toString(), "PATH", ""), this.cache);
		assertThat(binary).isEqualTo(extracted);
	}

	@Test
	void resolveWithEnvironmentVariableNamingMissingFileFails() {
		assertThatIllegalStateException().isThrownBy(() -> RedisServerBinary.resolve(
				Map.of(RedisServerBinary.ENVIRONMENT_VARIABLE, this.cache.resolve("missing").toString()), this.cache))
			.withMessageContaining(RedisServerBinary.ENVIRONMENT_VARIABLE);
	}

	@Test
	void extractReusesAnEarlierExtraction() throws Exception {
		Path first = RedisServerBinary.extract(this.cache);
		FileTime modified = FileTime.fromMillis(0);
		Files.setLastModifiedTime(first, modified);
		Path second = RedisServerBinary.extract(this.cache);
		assertThat(second).isEqualTo(first);
		assertThat(Files.getLastModifiedTime(second)).isEqualTo(modified);
	}

	@Test
	void extractFromConcurrentCallersLeavesOneWorkingBinary() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<Path>> results = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				results.add(executor.submit(() -> RedisServerBinary.extract(this.cache)));
			}
			for (Future<Path> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(this.cache.resolve("redis-server"));
			}
		}
		finally {
			executor.shutdownNow();
		}
		try (Stream<Path> files = Files.list(this.cache)) {
			assertThat(files).containsExactly(this.cache.resolve("redis-server"));
		}
		assertThat(RedisServerBinary.version(this.cache.resolve("redis-server"))).contains("v=7.");
	}

}
