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

import java.time.Duration;

/**
 * Main class that {@link JvmProcessIntegrationTests} runs in a child JVM.
 * <ul>
 * <li>{@code exit <code> <text>}: print {@code HELLO <text>} on standard output and
 * {@code WARN <text>} on standard error, then exit with the code;</li>
 * <li>{@code tick}: print {@code READY <pid>}, then {@code TICK <n>} every 50ms for a
 * minute;</li>
 * <li>{@code orphans}: start a standalone Redis and a grandchild JVM, print
 * {@code REDIS <pid> <directory>} and {@code GRANDCHILD <pid>}, then wait to be
 * killed.</li>
 * </ul>
 */
public final class ChildJvmMain {

	private ChildJvmMain() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "exit" -> {
				System.out.println("HELLO " + args[2]);
				System.err.println("WARN " + args[2]);
				System.exit(Integer.parseInt(args[1]));
			}
			case "tick" -> {
				System.out.println("READY " + ProcessHandle.current().pid());
				for (int i = 0; i < 1200; i++) {
					System.out.println("TICK " + i);
					Thread.sleep(50);
				}
			}
			case "orphans" -> {
				RedisStandalone redis = RedisStandalone.start();
				JvmProcess grandchild = JvmProcess.start(ChildJvmMain.class, "tick");
				grandchild.awaitOutputLine("READY", Duration.ofSeconds(30));
				System.out.println("REDIS " + redis.node().pid() + " " + redis.node().directory());
				System.out.println("GRANDCHILD " + grandchild.pid());
				Thread.sleep(Duration.ofMinutes(1).toMillis());
			}
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

}
