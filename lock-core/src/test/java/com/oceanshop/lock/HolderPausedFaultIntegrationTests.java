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
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.redisson.RedissonLockTemplates;
import com.oceanshop.lock.test.JvmProcess;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: the lock holder's process is paused with SIGSTOP past its lease (a long GC
 * pause, a frozen VM), another holder takes the lock, then the first one resumes and
 * keeps writing. Figure: stale writes accepted by a fenced store. Pass: zero.
 */
class HolderPausedFaultIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static LockTemplate template;

	@BeforeAll
	static void createTemplate() {
		redisson = TestRedisson.create(redis.standaloneTopology().uri());
		template = RedissonLockTemplates.create(redisson);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	@Test
	void pausedHolderPastItsLeaseGetsEveryFencedWriteRejected() throws Exception {
		String key = "payment:charge:ORD-PAUSED";
		FencedRegister register = new FencedRegister(redisson, "register-paused");
		try (JvmProcess holder = JvmProcess.start(FencedWriterMain.class, redis.standaloneTopology().uri(), key,
				"register-paused", "1000")) {
			long staleToken = Long.parseLong(holder.awaitOutputLine("ACQUIRED", Duration.ofSeconds(30)).split(" ")[1]);
			holder.awaitOutputLine((line) -> line.contains("ACCEPTED"), Duration.ofSeconds(10));
			holder.pause();
			long pausedAt = System.nanoTime();
			FaultFigures.await("the paused holder's lease ran out", Duration.ofSeconds(10),
					() -> !template.isLocked(key));
			long token;
			try (LockHandle handle = template
				.acquire(LockRequest.builder(key).waitTime(Duration.ofSeconds(5)).build())) {
				token = handle.fencingToken();
				assertThat(register.write(token, "new-holder")).isTrue();
			}
			int linesBeforeResume = holder.outputLines().size();
			holder.resume();
			long pausedMillis = FaultFigures.millisSince(pausedAt);
			FaultFigures.await("the resumed holder wrote 20 more times", Duration.ofSeconds(20),
					() -> holder.outputLines()
						.stream()
						.skip(linesBeforeResume)
						.filter((l) -> l.startsWith("WRITE"))
						.count() >= 20);
			holder.kill();
			List<String> log = register.acceptedLog();
			int newHolderWrite = log.indexOf(token + ":new-holder");
			long staleAccepted = log.stream()
				.skip(newHolderWrite + 1)
				.filter((entry) -> entry.startsWith(staleToken + ":"))
				.count();
			List<String> resumedWrites = holder.outputLines()
				.stream()
				.skip(linesBeforeResume)
				.filter((line) -> line.startsWith("WRITE"))
				.toList();
			// The first line after resume may have been computed just before the pause.
			long resumedBelievedHeld = resumedWrites.stream()
				.skip(1)
				.filter((line) -> line.endsWith("held=true"))
				.count();
			FaultFigures.print("2 holder paused",
					"paused " + pausedMillis + " ms past a 1000 ms lease; stale token " + staleToken + " < new token "
							+ token + "; " + resumedWrites.size() + " writes after resume, stale writes accepted: "
							+ staleAccepted + ", resumed writes that still believed the lock held: "
							+ resumedBelievedHeld);
			assertThat(token).isGreaterThan(staleToken);
			assertThat(newHolderWrite).isNotNegative();
			assertThat(staleAccepted).isZero();
			assertThat(resumedBelievedHeld).isZero();
		}
	}

}
