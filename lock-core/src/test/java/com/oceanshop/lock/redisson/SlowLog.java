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

package com.oceanshop.lock.redisson;

import java.util.List;
import java.util.Locale;

import com.oceanshop.lock.test.RedisNode;

/**
 * The commands clients sent to a Redis node, read from its slow log with every command
 * logged: commands a script ran inside Redis carry no client address and are left out, as
 * are the test's own slow-log, config and ping commands.
 */
final class SlowLog {

	private SlowLog() {
	}

	/**
	 * Log every command while the action runs, and return the sent commands, newest
	 * first.
	 * @param node the node
	 * @param action what to run
	 * @return the lower-case names of the commands clients sent meanwhile
	 * @throws Exception if the action fails
	 */
	static List<String> sentDuring(RedisNode node, Action action) throws Exception {
		node.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
		node.call("SLOWLOG", "RESET");
		try {
			action.run();
			return sent(node);
		}
		finally {
			node.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
		}
	}

	/**
	 * Return the sent commands in the slow log, newest first.
	 * @param node the node
	 * @return the lower-case names of the commands clients sent
	 */
	static List<String> sent(RedisNode node) {
		List<?> entries = (List<?>) node.call("SLOWLOG", "GET", "100");
		return entries.stream()
			.map((entry) -> (List<?>) entry)
			.filter((fields) -> !String.valueOf(fields.get(4)).startsWith("?"))
			.map((fields) -> String.valueOf(((List<?>) fields.get(3)).get(0)).toLowerCase(Locale.ROOT))
			.filter((command) -> !command.equals("slowlog") && !command.equals("config") && !command.equals("ping"))
			.toList();
	}

	@FunctionalInterface
	interface Action {

		void run() throws Exception;

	}

}
