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

package com.oceanshop.lock.admin;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The registry of application instances in the lock store: registers this instance with a
 * TTL, so that other instances can name it as a lock holder, and names the instances
 * holding a lock.
 */
final class InstanceRegistry {

	private final LockStore store;

	private final String description;

	private final Duration ttl;

	InstanceRegistry(LockStore store, String description, Duration ttl) {
		this.store = store;
		this.description = description;
		this.ttl = ttl;
	}

	/**
	 * Describe this process as {@code app@host (pid n)}.
	 * @param applicationName the application name, or {@code null}
	 * @return the description
	 */
	static String describeThisProcess(@Nullable String applicationName) {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = "unknown-host";
		}
		String app = (applicationName != null && !applicationName.isBlank()) ? applicationName : "application";
		String pid;
		try {
			pid = Long.toString(ProcessHandle.current().pid());
		}
		catch (UnsupportedOperationException ex) {
			pid = ManagementFactory.getRuntimeMXBean().getName();
		}
		return app + "@" + host + " (pid " + pid + ")";
	}

	/**
	 * Store or refresh this instance's entry.
	 */
	void register() {
		this.store.registerInstance(this.store.clientId(), this.description, this.ttl);
	}

	String description() {
		return this.description;
	}

	Duration ttl() {
		return this.ttl;
	}

	/**
	 * Return a function from a client id to the description of its instance, or
	 * {@code null} when unknown, that looks each id up once.
	 * @return the function, for one inspection
	 */
	Function<String, @Nullable String> names() {
		String thisClient = this.store.clientId();
		Map<String, Optional<String>> known = new HashMap<>();
		return (clientId) -> {
			if (clientId.equals(thisClient)) {
				return this.description;
			}
			return known
				.computeIfAbsent(clientId,
						(id) -> Optional.ofNullable(this.store.instanceDescription(id))
							.filter((name) -> !name.isEmpty()))
				.orElse(null);
		};
	}

}
