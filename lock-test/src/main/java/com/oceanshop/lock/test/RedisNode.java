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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One real {@code redis-server} process (a server or a Sentinel) listening on
 * {@code 127.0.0.1}, with hooks to inject faults.
 * <p>
 * Each process runs with a generated configuration file in its own temporary directory
 * ({@code bind 127.0.0.1}, no RDB or AOF persistence, output to a log file in that
 * directory) and is started under a watchdog that kills it when the JVM dies, even by
 * {@code SIGKILL}. {@link #kill()}, {@link #pause()} and {@link #resume()} signal the
 * {@code redis-server} process itself; {@link #restart()} starts it again on the same
 * port with the same configuration and directory, so a cluster node keeps its identity
 * from {@code nodes.conf}.
 * <p>
 * Instances are created by the topologies: {@link RedisStandalone},
 * {@link RedisSentinelTopology} and {@link RedisClusterTopology}.
 *
 * @since 0.1.0
 */
public final class RedisNode {

	static final String HOST = "127.0.0.1";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	private static final int START_ATTEMPTS = 5;

	private static final String PORT_IN_USE = "Address already in use";

	private final String name;

	private final int port;

	private final Path directory;

	private final Path configFile;

	private final Path logFile;

	private final boolean sentinel;

	private volatile @Nullable WatchedProcess process;

	private volatile boolean paused;

	private volatile boolean stopped;

	private volatile @Nullable RedisConnection connection;

	private long connectionPid;

	private RedisNode(String name, int port, Path directory, boolean sentinel) {
		this.name = name;
		this.port = port;
		this.directory = directory;
		this.configFile = directory.resolve(sentinel ? "sentinel.conf" : "redis.conf");
		this.logFile = directory.resolve("redis.log");
		this.sentinel = sentinel;
	}

	/**
	 * Start a {@code redis-server} on a free port, retrying on another port if the chosen
	 * one turns out to be taken.
	 * @param name a short name for messages, such as {@code replica-1}
	 * @param config configuration lines added after the generated ones
	 * @param sentinel whether to run in Sentinel mode
	 * @param clusterBus whether {@code port + 10000} must be free too
	 * @return the started node, answering commands
	 */
	static RedisNode start(String name, List<String> config, boolean sentinel, boolean clusterBus) {
		Path binary = RedisServerBinary.resolve();
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
			int port = Ports.next(clusterBus);
			Path directory;
			try {
				directory = Files.createTempDirectory("ocean-lock-redis-" + name + "-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			RedisNode node = new RedisNode(name, port, directory, sentinel);
			try {
				node.writeConfig(config);
				node.launch(binary);
				return node;
			}
			catch (PortInUseException ex) {
				node.stop();
				failure = ex;
			}
			catch (RuntimeException ex) {
				node.stop();
				throw ex;
			}
		}
		throw new IllegalStateException("Could not start " + name + " after " + START_ATTEMPTS + " attempts", failure);
	}

	private void writeConfig(List<String> config) {
		List<String> lines = new ArrayList<>();
		lines.add("bind " + HOST);
		lines.add("port " + this.port);
		lines.add("protected-mode yes");
		lines.add("daemonize no");
		lines.add("dir \"" + this.directory.toAbsolutePath() + "\"");
		lines.add("logfile \"\"");
		lines.add("save \"\"");
		lines.add("appendonly no");
		if (!this.sentinel) {
			// Replicas start a full sync at once instead of waiting 5s for more replicas.
			lines.add("repl-diskless-sync-delay 0");
			// Without persistence a replica still keeps the RDB file of its full sync and
			// loads it on restart; delete it, so a restarted node starts empty.
			lines.add("rdb-del-sync-files yes");
		}
		lines.addAll(config);
		try {
			Files.write(this.configFile, lines, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void launch(Path binary) {
		List<String> command = new ArrayList<>();
		command.add(binary.toString());
		command.add(this.configFile.toAbsolutePath().toString());
		if (this.sentinel) {
			command.add("--sentinel");
		}
		WatchedProcess started = WatchedProcess.start(command, this.logFile, this.directory);
		this.process = started;
		this.paused = false;
		awaitReady(started);
	}

	private void awaitReady(WatchedProcess started) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		String expected = "process_id:" + started.pid() + "\r\n";
		while (true) {
			if (!started.isAlive()) {
				String log = logTail(20);
				if (log.contains(PORT_IN_USE)) {
					throw new PortInUseException(this + " could not bind its port:\n" + log);
				}
				throw new IllegalStateException(
						this + " exited during startup; last lines of " + this.logFile + ":\n" + log);
			}
			try (RedisConnection probe = new RedisConnection(HOST, this.port, PROBE_TIMEOUT, PROBE_TIMEOUT)) {
				// Another server may already own the port: only our own process counts.
				if (probe.call("INFO", "server") instanceof String info && info.contains(expected)) {
					return;
				}
			}
			catch (UncheckedIOException | RedisCommandException ex) {
				// Not listening yet.
			}
			if (System.nanoTime() > deadline) {
				started.kill();
				throw new IllegalStateException(this + " did not answer within " + READY_TIMEOUT + "; last lines of "
						+ this.logFile + ":\n" + logTail(20));
			}
			WatchedProcess.sleep(20);
		}
	}

	/**
	 * Return the host this node listens on.
	 * @return always {@code 127.0.0.1}
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Return the port this node listens on. It stays the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the address of this node.
	 * @return the address as {@code 127.0.0.1:port}
	 */
	public String address() {
		return HOST + ":" + this.port;
	}

	/**
	 * Return the URI of this node, as Redisson and Lettuce expect it.
	 * @return the URI as {@code redis://127.0.0.1:port}
	 */
	public String uri() {
		return "redis://" + address();
	}

	/**
	 * Return the PID of the {@code redis-server} process (not of its watchdog). It
	 * changes on {@link #restart()}.
	 * @return the PID of the current or last process
	 */
	public long pid() {
		return requiredProcess().pid();
	}

	/**
	 * Return whether the process is running. A paused process is running.
	 * @return whether the process is running
	 */
	public boolean isAlive() {
		WatchedProcess current = this.process;
		return current != null && current.isAlive();
	}

	Path directory() {
		return this.directory;
	}

	boolean isPaused() {
		return this.paused;
	}

	boolean isAvailable() {
		return isAlive() && !this.paused;
	}

	/**
	 * Kill the process with {@code SIGKILL}, as a crash or power loss would, and wait
	 * until it is gone. Does nothing if it is not running.
	 */
	public void kill() {
		dropConnection();
		WatchedProcess current = this.process;
		if (current != null && current.isAlive()) {
			current.kill();
		}
		this.paused = false;
	}

	/**
	 * Suspend the process with {@code SIGSTOP}. Its sockets stay open but it stops
	 * answering, as during a long GC pause or a network partition, until
	 * {@link #resume()}.
	 */
	public void pause() {
		requiredProcess().signal("STOP");
		this.paused = true;
	}

	/**
	 * Continue a process suspended by {@link #pause()} with {@code SIGCONT}.
	 */
	public void resume() {
		requiredProcess().signal("CONT");
		this.paused = false;
	}

	/**
	 * Start the process again on the same port, with the same configuration file and data
	 * directory, and wait until it answers. A running process is killed first. Data is
	 * not persisted (not even a replica's full-sync RDB file:
	 * {@code rdb-del-sync-files}), so a restarted server starts empty (a replica then
	 * resynchronises), but a cluster node keeps its node ID and Sentinel keeps its state.
	 * @throws IllegalStateException if the process does not come back, for example
	 * because another process took the port meanwhile
	 */
	public void restart() {
		if (this.stopped) {
			throw new IllegalStateException(this + " was stopped and cannot restart");
		}
		kill();
		try {
			launch(RedisServerBinary.resolve());
		}
		catch (PortInUseException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/**
	 * Kill the process for good and delete its directory. Does nothing if already
	 * stopped.
	 */
	public void stop() {
		this.stopped = true;
		kill();
		WatchedProcess.deleteRecursively(this.directory);
	}

	/**
	 * Send one command to this node over a connection cached by the node and return the
	 * reply. See {@link RedisConnection} for the mapping of replies. A failed connection
	 * is dropped and the next call opens a new one.
	 * @param command the command name and its arguments
	 * @return the reply
	 * @throws RedisCommandException if Redis answers with an error
	 * @throws java.io.UncheckedIOException if the node cannot be reached or does not
	 * answer within {@link RedisConnection#DEFAULT_READ_TIMEOUT}
	 */
	public synchronized @Nullable Object call(String... command) {
		RedisConnection current = this.connection;
		long pid = pid();
		if (current == null || !current.isOpen() || this.connectionPid != pid) {
			if (current != null) {
				current.close();
			}
			current = new RedisConnection(HOST, this.port);
			this.connection = current;
			this.connectionPid = pid;
		}
		return current.call(command);
	}

	/**
	 * Open a new connection to this node with the default timeouts. The caller closes it.
	 * @return the connection
	 */
	public RedisConnection connect() {
		return new RedisConnection(HOST, this.port);
	}

	/**
	 * Open a new connection to this node with the given read timeout. The caller closes
	 * it.
	 * @param readTimeout how long to wait for each reply
	 * @return the connection
	 */
	public RedisConnection connect(Duration readTimeout) {
		return new RedisConnection(HOST, this.port, RedisConnection.DEFAULT_CONNECT_TIMEOUT, readTimeout);
	}

	/**
	 * Return the last lines the process wrote to its log, for diagnostics.
	 * @param lines the maximum number of lines
	 * @return the lines joined with line breaks, or an empty string
	 */
	public String logTail(int lines) {
		try {
			if (!Files.exists(this.logFile)) {
				return "";
			}
			List<String> all = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	private WatchedProcess requiredProcess() {
		WatchedProcess current = this.process;
		if (current == null) {
			throw new IllegalStateException(this + " was never started");
		}
		return current;
	}

	private void dropConnection() {
		// Not synchronized: closing the socket also unblocks a call() stuck on a paused
		// server.
		RedisConnection current = this.connection;
		this.connection = null;
		if (current != null) {
			current.close();
		}
	}

	@Override
	public String toString() {
		WatchedProcess current = this.process;
		return this.name + "[" + address() + ((current != null) ? ", pid " + current.pid() : "") + "]";
	}

	private static final class PortInUseException extends IllegalStateException {

		PortInUseException(String message) {
			super(message);
		}

	}

}
