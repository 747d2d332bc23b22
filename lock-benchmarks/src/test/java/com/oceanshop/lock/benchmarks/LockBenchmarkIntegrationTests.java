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

package com.oceanshop.lock.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LockBenchmark}: the smallest run over every contender and scenario, so
 * that the harness cannot rot.
 */
class LockBenchmarkIntegrationTests {

	@Test
	void smokeRunCoversEveryContender() throws Exception {
		List<String> scenarios = List.of("uncontended", "hot-1000", "stock-1000", "overhead");
		String report = LockBenchmark.run(LockBenchmark.Mode.SMOKE, List.of(), scenarios);
		for (Scenario scenario : LockBenchmark.SCENARIOS) {
			if (scenarios.contains(scenario.id())) {
				assertThat(report).contains("## " + scenario.title());
			}
		}
		for (String name : List.of("redisson-lock", "redisson-watchdog", "redisson-fair", "redisson-read",
				"redisson-write", "redisson-semaphore", "sir-spin", "sir-pubsub", "floor", "wire-floor", "wire-ocean",
				"ocean-exclusive", "ocean-bare", "ocean-fenced", "ocean-auto", "ocean-fair", "ocean-read",
				"ocean-write", "ocean-semaphore", "ocean-annotated", "redisson-tuned", "ocean-tuned",
				"ocean-unpipelined", "ocean-async", "ocean-reactive")) {
			assertThat(report).contains("| " + name + " |");
		}
		assertThat(report).contains("## " + LockBenchmark.OVERHEAD.title());
		assertThat(report).doesNotContain("(!)");
	}

}
