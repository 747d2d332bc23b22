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

package com.oceanshop.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.oceanshop.lock.test.JvmProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for many threads waiting for one lock, in a child JVM
 * ({@link ManyWaitersMain}): thousands of virtual threads on the Temurin 25 JDK pin no
 * carrier thread and put no load on Redis while they wait (only the head of the local
 * queue waits there); on the test's own JDK, platform threads show the same Redis
 * behaviour.
 */
class VirtualThreadLockIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	static boolean virtualThreadJdkPresent() {
		return JvmProcess.virtualThreadJavaHome().isPresent();
	}

	@Test
	@EnabledIf("virtualThreadJdkPresent")
	void thousandsOfVirtualThreadsWaitWithoutPinningOrRedisLoad() {
		String result = run(
				JvmProcess.builder(ManyWaitersMain.class).javaHome(JvmProcess.virtualThreadJavaHome().orElseThrow()),
				2000);
		assertThat(value(result, "virtual")).isEqualTo("true");
		assertThat(value(result, "completed")).isEqualTo("2000");
		assertThat(value(result, "maxInside")).isEqualTo("1");
		assertThat(value(result, "pinned")).isEqualTo("0");
		assertThat(Long.parseLong(value(result, "commandsWhileWaiting"))).isLessThan(100);
		// The holder is in this process: its waiters wait in the local queue, without a
		// subscription in Redis (not one per waiter, not even one).
		assertThat(Long.parseLong(value(result, "subscriptions"))).isZero();
	}

	@Test
	@EnabledIf("virtualThreadJdkPresent")
	void thousandsOfVirtualThreadsWaitingForAnotherInstanceShareOneSubscription() {
		String result = run(
				JvmProcess.builder(ManyWaitersMain.class).javaHome(JvmProcess.virtualThreadJavaHome().orElseThrow()),
				2000, "remote");
		assertThat(value(result, "virtual")).isEqualTo("true");
		assertThat(value(result, "completed")).isEqualTo("2000");
		assertThat(value(result, "maxInside")).isEqualTo("1");
		assertThat(value(result, "pinned")).isEqualTo("0");
		// Only the first local waiter waits in Redis, on the lock's channel.
		assertThat(Long.parseLong(value(result, "commandsWhileWaiting"))).isLessThan(100);
		assertThat(Long.parseLong(value(result, "subscriptions"))).isEqualTo(1);
	}

	@Test
	void platformThreadsWaitWithoutRedisLoad() {
		// On the build's JDK (17): platform threads, no pinning to check.
		String result = run(JvmProcess.builder(ManyWaitersMain.class).jvmOptions("-Xss256k"), 200);
		assertThat(value(result, "completed")).isEqualTo("200");
		assertThat(value(result, "maxInside")).isEqualTo("1");
		assertThat(Long.parseLong(value(result, "commandsWhileWaiting"))).isLessThan(50);
		assertThat(Long.parseLong(value(result, "subscriptions"))).isZero();
	}

	private static String run(JvmProcess.Builder builder, int waiters, String... more) {
		List<String> args = new ArrayList<>(List.of(redis.standaloneTopology().uri(), Integer.toString(waiters)));
		args.addAll(List.of(more));
		try (JvmProcess process = builder.args(args.toArray(String[]::new)).start()) {
			String result = process.awaitOutputLine("RESULT", Duration.ofSeconds(120));
			System.out.println(result);
			if (!result.contains(" pinned=0 ")) {
				// The child prints each pinning event with its stack trace.
				System.out.println(process.output());
			}
			return result;
		}
	}

	private static String value(String result, String name) {
		Matcher matcher = Pattern.compile(name + "=(\\S+)").matcher(result);
		assertThat(matcher.find()).as("%s in %s", name, result).isTrue();
		return matcher.group(1);
	}

}
