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

package com.oceanshop.lock.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.oceanshop.lock.test.JvmProcess;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisStandalone;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@code spring.threads.virtual.enabled=true}: a Spring Boot
 * application in a child JVM ({@link VirtualThreadsApplicationMain}) runs
 * {@code @DistributedLock} methods on Boot's virtual-thread task executor, on the Temurin
 * 25 JDK when present.
 */
class VirtualThreadsIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static boolean virtualThreadJdkPresent() {
		return JvmProcess.virtualThreadJavaHome().isPresent();
	}

	@Test
	@EnabledIf("virtualThreadJdkPresent")
	void lockedMethodsRunOnVirtualThreads() {
		String result = run(JvmProcess.builder(VirtualThreadsApplicationMain.class)
			.javaHome(JvmProcess.virtualThreadJavaHome().orElseThrow()));
		assertThat(result).contains("virtual=true", "counter=300", "maxInside=1");
	}

	@Test
	void virtualThreadPropertyIsHarmlessOnTheBuildJdk() {
		// On Java 17 Boot ignores the property: platform threads, same locking.
		String result = run(JvmProcess.builder(VirtualThreadsApplicationMain.class));
		assertThat(result).contains("counter=300", "maxInside=1");
	}

	private static String run(JvmProcess.Builder builder) {
		RedisStandalone standalone = redis.standaloneTopology();
		try (JvmProcess process = builder
			.args(standalone.node().host(), Integer.toString(standalone.node().port()), "300")
			.start()) {
			return process.awaitOutputLine("RESULT", Duration.ofSeconds(120));
		}
	}

}
