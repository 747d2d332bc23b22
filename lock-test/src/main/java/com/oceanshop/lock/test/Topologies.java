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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Helpers shared by the topologies.
 */
final class Topologies {

	private static final long POLL_MILLIS = 50;

	private Topologies() {
	}

	/**
	 * Poll until the given supplier returns a non-null value.
	 * @param <T> the type of value
	 * @param description what is awaited, for the failure message
	 * @param timeout how long to wait
	 * @param check returns the value once the condition holds, or {@code null}; a runtime
	 * exception counts as "not yet"
	 * @param diagnostics extra text for the failure message
	 * @return the value
	 */
	static <T> T await(String description, Duration timeout, Supplier<@Nullable T> check,
			Supplier<String> diagnostics) {
		long deadline = System.nanoTime() + timeout.toNanos();
		RuntimeException lastFailure = null;
		while (true) {
			try {
				T value = check.get();
				if (value != null) {
					return value;
				}
				lastFailure = null;
			}
			catch (RuntimeException ex) {
				lastFailure = ex;
			}
			if (System.nanoTime() > deadline) {
				IllegalStateException failure = new IllegalStateException(
						"Timed out after " + timeout + " waiting for " + description + "\n" + diagnostics.get());
				if (lastFailure != null) {
					failure.initCause(lastFailure);
				}
				throw failure;
			}
			WatchedProcess.sleep(POLL_MILLIS);
		}
	}

	/**
	 * Return the value of one field of an {@code INFO} reply.
	 * @param info the reply
	 * @param field the field name, such as {@code master_link_status}
	 * @return the value, or {@code null} if the field is absent
	 */
	static @Nullable String infoField(@Nullable Object info, String field) {
		if (!(info instanceof String text)) {
			return null;
		}
		for (String line : text.split("\r\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1);
			}
		}
		return null;
	}

	/**
	 * Turn a flat key-value array reply, as returned by {@code SENTINEL MASTER}, into a
	 * map.
	 * @param reply the reply
	 * @return the map
	 */
	static Map<String, String> toMap(@Nullable Object reply) {
		Map<String, String> map = new HashMap<>();
		if (reply instanceof List<?> list) {
			for (int i = 0; i + 1 < list.size(); i += 2) {
				map.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
			}
		}
		return map;
	}

	/**
	 * Stop the given nodes, remembering the first failure and going on.
	 * @param nodes the nodes to stop
	 */
	static void stopAll(List<RedisNode> nodes) {
		RuntimeException failure = null;
		for (RedisNode node : nodes) {
			try {
				node.stop();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	static String describe(List<RedisNode> nodes) {
		StringBuilder text = new StringBuilder();
		for (RedisNode node : nodes) {
			text.append("--- ")
				.append(node)
				.append(node.isAlive() ? (node.isPaused() ? " paused" : " alive") : " dead")
				.append(", last log lines:\n")
				.append(node.logTail(8))
				.append('\n');
		}
		return text.toString();
	}

}
