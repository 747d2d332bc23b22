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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LockScheduler}.
 */
class LockSchedulerTests {

	@Test
	void runsWorkOnNamedDaemonThreadsUntilClosed() throws Exception {
		LockScheduler scheduler = new LockScheduler();
		CompletableFuture<Thread> thread = new CompletableFuture<>();
		scheduler.getExecutor().execute(() -> thread.complete(Thread.currentThread()));
		assertThat(thread.get(10, TimeUnit.SECONDS)).satisfies((worker) -> {
			assertThat(worker.getName()).startsWith(LockScheduler.THREAD_NAME_PREFIX);
			assertThat(worker.isDaemon()).isTrue();
		});
		scheduler.close();
		assertThat(scheduler.getExecutor().isShutdown()).isTrue();
	}

}
