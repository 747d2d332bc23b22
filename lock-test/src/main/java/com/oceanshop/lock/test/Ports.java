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
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Picks free loopback ports for {@code redis-server} processes.
 * <p>
 * Ports come from {@code 10000-21999}, below the usual ephemeral range, so that the
 * cluster bus port ({@code port + 10000}) is a valid port below that range too. A port
 * handed out is reserved for the lifetime of the JVM with a file lock under
 * {@code ${java.io.tmpdir}/ocean-lock-redis/ports}: other JVMs using this class skip it
 * even while its server is killed for a fault test and not listening, and the operating
 * system releases the lock when the JVM exits. Unrelated processes may still take a port
 * between the check and the server's start, so callers retry on "Address already in use".
 */
final class Ports {

	static final int CLUSTER_BUS_OFFSET = 10000;

	private static final int LOWEST = 10000;

	private static final int HIGHEST = 21999;

	private static final int ATTEMPTS = 500;

	private static final Set<Integer> handedOut = new HashSet<>();

	// Open channels keep their locks; they close when the JVM exits.
	private static final List<FileChannel> reservations = new ArrayList<>();

	private Ports() {
	}

	static synchronized int next(boolean withClusterBus) {
		for (int i = 0; i < ATTEMPTS; i++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
			int bus = port + CLUSTER_BUS_OFFSET;
			if (handedOut.contains(port) || (withClusterBus && handedOut.contains(bus))) {
				continue;
			}
			if (isFree(port) && (!withClusterBus || isFree(bus)) && reserve(port)
					&& (!withClusterBus || reserve(bus))) {
				handedOut.add(port);
				if (withClusterBus) {
					handedOut.add(bus);
				}
				return port;
			}
		}
		throw new IllegalStateException("No free port found in " + LOWEST + "-" + HIGHEST);
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(RedisNode.HOST, port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean reserve(int port) {
		Path directory = Paths.get(System.getProperty("java.io.tmpdir"), "ocean-lock-redis", "ports");
		FileChannel channel = null;
		try {
			Files.createDirectories(directory);
			channel = FileChannel.open(directory.resolve(Integer.toString(port)), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			if (channel.tryLock() == null) {
				closeQuietly(channel);
				return false;
			}
			reservations.add(channel);
			return true;
		}
		catch (OverlappingFileLockException ex) {
			closeQuietly(channel);
			return false;
		}
		catch (IOException ex) {
			// No reservation possible here: rely on the bind check and on retries.
			closeQuietly(channel);
			return true;
		}
	}

	private static void closeQuietly(@Nullable FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// Nothing useful to do.
			}
		}
	}

}
