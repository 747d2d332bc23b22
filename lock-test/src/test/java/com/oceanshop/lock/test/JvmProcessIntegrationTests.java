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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link JvmProcess}.
 */
@Timeout(90)
class JvmProcessIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void startRunsMainClassAndCapturesOutputAndExitCode() {
		try (JvmProcess process = JvmProcess.builder(ChildJvmMain.class)
			.args("exit", "3", "world")
			.jvmOptions("-Xmx64m")
			.start()) {
			assertThat(process.awaitOutputLine("HELLO", TIMEOUT)).isEqualTo("HELLO world");
			assertThat(process.waitFor(TIMEOUT)).isEqualTo(3);
			assertThat(process.outputLines()).contains("HELLO world", "WARN world");
			assertThat(process.isAlive()).isFalse();
		}
	}

	@Test
	void awaitOutputLineWhenProcessExitsWithoutLineFailsWithOutput() {
		try (JvmProcess process = JvmProcess.start(ChildJvmMain.class, "exit", "0", "early")) {
			assertThatIllegalStateException().isThrownBy(() -> process.awaitOutputLine("NEVER", TIMEOUT))
				.withMessageContaining("exited without printing the expected line")
				.withMessageContaining("HELLO early");
		}
	}

	@Test
	void pidIsTheChildJvmItself() {
		try (JvmProcess process = JvmProcess.start(ChildJvmMain.class, "tick")) {
			String ready = process.awaitOutputLine("READY", TIMEOUT);
			assertThat(ready).isEqualTo("READY " + process.pid());
		}
	}

	@Test
	void killStopsTheProcessAtOnce() {
		try (JvmProcess process = JvmProcess.start(ChildJvmMain.class, "tick")) {
			process.awaitOutputLine("READY", TIMEOUT);
			long pid = process.pid();
			process.kill();
			assertThat(process.isAlive()).isFalse();
			assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
			assertThat(process.waitFor(TIMEOUT)).isEqualTo(137);
		}
	}

	@Test
	void pauseStopsTheProcessAndResumeContinuesIt() throws Exception {
		try (JvmProcess process = JvmProcess.start(ChildJvmMain.class, "tick")) {
			process.awaitOutputLine("TICK 1", TIMEOUT);
			process.pause();
			assertThat(awaitProcessState(process.pid(), true)).startsWith("T");
			process.resume();
			assertThat(awaitProcessState(process.pid(), false)).doesNotStartWith("T");
			process.awaitOutputLine((line) -> line.startsWith("TICK ") && tick(line) > 5, TIMEOUT);
		}
	}

	@Test
	void processesDieWithTheJvmThatStartedThem() {
		try (JvmProcess parent = JvmProcess.start(ChildJvmMain.class, "orphans")) {
			String[] redis = parent.awaitOutputLine("REDIS", TIMEOUT).split(" ");
			long redisPid = Long.parseLong(redis[1]);
			Path redisDirectory = Path.of(redis[2]);
			long grandchildPid = Long.parseLong(parent.awaitOutputLine("GRANDCHILD", TIMEOUT).substring(11));
			assertThat(isAlive(redisPid)).isTrue();
			assertThat(isAlive(grandchildPid)).isTrue();
			assertThat(redisDirectory).isDirectory();
			parent.kill();
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while ((isAlive(redisPid) || isAlive(grandchildPid)) && System.nanoTime() < deadline) {
				WatchedProcess.sleep(50);
			}
			assertThat(isAlive(redisPid)).as("redis-server of a killed JVM").isFalse();
			assertThat(isAlive(grandchildPid)).as("child JVM of a killed JVM").isFalse();
			assertThat(redisDirectory).doesNotExist();
		}
	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private static int tick(String line) {
		return Integer.parseInt(line.substring(5));
	}

	private static String awaitProcessState(long pid, boolean stopped) throws IOException, InterruptedException {
		// Signals are delivered asynchronously; ps reports the state on Linux and macOS.
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			Process ps = new ProcessBuilder("ps", "-o", "stat=", "-p", Long.toString(pid)).start();
			assertThat(ps.waitFor(10, TimeUnit.SECONDS)).isTrue();
			String state = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (state.startsWith("T") == stopped || System.nanoTime() > deadline) {
				return state;
			}
			Thread.sleep(20);
		}
	}

}
