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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
		start(node);
		try {
			action.run();
			return sent(node);
		}
		finally {
			node.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
		}
	}

	/**
	 * Log every command while the action runs, and return the sent commands by the name
	 * of the client that sent them ({@code CLIENT SETNAME}, Redisson's
	 * {@code clientName}), newest first.
	 * @param node the node
	 * @param action what to run
	 * @return the lower-case names of the commands each client sent meanwhile, by client
	 * name ({@code ""} for a client without one)
	 * @throws Exception if the action fails
	 */
	static Map<String, List<String>> sentByClientDuring(RedisNode node, Action action) throws Exception {
		start(node);
		try {
			action.run();
			Map<String, List<String>> byClient = new LinkedHashMap<>();
			for (Sent sent : entries(node)) {
				byClient.computeIfAbsent(sent.client(), (client) -> new ArrayList<>()).add(sent.command());
			}
			return byClient;
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
		return entries(node).stream().map(Sent::command).toList();
	}

	private static void start(RedisNode node) {
		node.call("CONFIG", "SET", "slowlog-max-len", "1024");
		node.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
		node.call("SLOWLOG", "RESET");
	}

	private static List<Sent> entries(RedisNode node) {
		List<?> entries = (List<?>) node.call("SLOWLOG", "GET", "1000");
		return entries.stream()
			.map((entry) -> (List<?>) entry)
			.filter((fields) -> !String.valueOf(fields.get(4)).startsWith("?"))
			.map((fields) -> new Sent(String.valueOf(((List<?>) fields.get(3)).get(0)).toLowerCase(Locale.ROOT),
					String.valueOf(fields.get(5))))
			.filter((sent) -> !sent.command().equals("slowlog") && !sent.command().equals("config")
					&& !sent.command().equals("ping"))
			.toList();
	}

	private record Sent(String command, String client) {
	}

	@FunctionalInterface
	interface Action {

		void run() throws Exception;

	}

}
