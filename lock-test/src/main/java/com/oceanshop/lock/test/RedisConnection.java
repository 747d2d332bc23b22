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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Minimal blocking RESP2 client for one Redis connection, meant for test assertions and
 * setup ({@code TTL}, {@code SCAN}, {@code INFO}, {@code CLUSTER NODES}) rather than as
 * an application client.
 * <p>
 * Replies map to Java types as follows: simple and bulk strings to {@link String}
 * (decoded as UTF-8), integers to {@link Long}, arrays to {@code List<Object>}, null bulk
 * strings and null arrays to {@code null}. An error reply is thrown as a
 * {@link RedisCommandException}; an error nested in an array (for example in an
 * {@code EXEC} reply) is returned as a {@link RedisCommandException} element instead.
 * <p>
 * I/O failures, including a read timeout against a paused server, are thrown as
 * {@link UncheckedIOException} and close the connection, because the protocol state is
 * unknown afterwards. Instances are not thread-safe.
 *
 * @since 0.1.0
 */
public final class RedisConnection implements AutoCloseable {

	/**
	 * Connect timeout used when none is given.
	 */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Read timeout used when none is given.
	 */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

	private final String host;

	private final int port;

	private final Socket socket;

	private final InputStream input;

	private final OutputStream output;

	/**
	 * Open a connection with the default timeouts.
	 * @param host the host, such as {@code 127.0.0.1}
	 * @param port the port
	 * @throws UncheckedIOException if the connection cannot be established
	 */
	public RedisConnection(String host, int port) {
		this(host, port, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
	}

	/**
	 * Open a connection.
	 * @param host the host, such as {@code 127.0.0.1}
	 * @param port the port
	 * @param connectTimeout how long to wait for the TCP connection
	 * @param readTimeout how long to wait for each reply
	 * @throws UncheckedIOException if the connection cannot be established
	 */
	public RedisConnection(String host, int port, Duration connectTimeout, Duration readTimeout) {
		Objects.requireNonNull(host, "'host' must not be null");
		Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
		Objects.requireNonNull(readTimeout, "'readTimeout' must not be null");
		this.host = host;
		this.port = port;
		this.socket = new Socket();
		try {
			this.socket.setTcpNoDelay(true);
			this.socket.setSoTimeout(toMillis(readTimeout));
			this.socket.connect(new InetSocketAddress(host, port), toMillis(connectTimeout));
			this.input = new BufferedInputStream(this.socket.getInputStream());
			this.output = new BufferedOutputStream(this.socket.getOutputStream());
		}
		catch (IOException ex) {
			closeQuietly();
			throw new UncheckedIOException("Cannot connect to " + address(), ex);
		}
	}

	private static int toMillis(Duration duration) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
	}

	/**
	 * Send one command and return its reply.
	 * @param command the command name and its arguments, such as {@code "SET", "k", "v"}
	 * @return the reply, as described in the class documentation
	 * @throws RedisCommandException if Redis answers with an error
	 * @throws UncheckedIOException if the command cannot be sent or no reply arrives in
	 * time
	 */
	public @Nullable Object call(String... command) {
		if (command.length == 0) {
			throw new IllegalArgumentException("'command' must not be empty");
		}
		if (this.socket.isClosed()) {
			throw new UncheckedIOException(new IOException("Connection to " + address() + " is closed"));
		}
		Object reply;
		try {
			write(command);
			reply = read();
		}
		catch (IOException ex) {
			closeQuietly();
			throw new UncheckedIOException(String.join(" ", command) + " failed on " + address(), ex);
		}
		if (reply instanceof RedisCommandException error) {
			throw new RedisCommandException(error.getMessage());
		}
		return reply;
	}

	/**
	 * Return whether this connection can still be used.
	 * @return {@code false} after {@link #close()} or an I/O failure
	 */
	public boolean isOpen() {
		return !this.socket.isClosed();
	}

	/**
	 * Return the address this connection talks to.
	 * @return the address as {@code host:port}
	 */
	public String address() {
		return this.host + ":" + this.port;
	}

	@Override
	public void close() {
		closeQuietly();
	}

	private void closeQuietly() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Nothing useful to do.
		}
	}

	private void write(String[] command) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		buffer.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (String argument : command) {
			byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
			buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			buffer.writeBytes(bytes);
			buffer.writeBytes(new byte[] { '\r', '\n' });
		}
		buffer.writeTo(this.output);
		this.output.flush();
	}

	private @Nullable Object read() throws IOException {
		int type = this.input.read();
		if (type == -1) {
			throw new EOFException("Connection closed by " + address());
		}
		String line = readLine();
		return switch (type) {
			case '+' -> line;
			case '-' -> new RedisCommandException(line);
			case ':' -> Long.parseLong(line);
			case '$' -> readBulkString(Integer.parseInt(line));
			case '*' -> readArray(Integer.parseInt(line));
			default -> throw new IOException("Unexpected RESP type '" + (char) type + "' from " + address());
		};
	}

	private @Nullable String readBulkString(int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = this.input.readNBytes(length + 2);
		if (bytes.length != length + 2) {
			throw new EOFException("Connection closed by " + address());
		}
		return new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	private @Nullable List<@Nullable Object> readArray(int size) throws IOException {
		if (size < 0) {
			return null;
		}
		List<@Nullable Object> elements = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			elements.add(read());
		}
		return elements;
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		while (true) {
			int next = this.input.read();
			if (next == -1) {
				throw new EOFException("Connection closed by " + address());
			}
			if (next == '\r') {
				int lf = this.input.read();
				if (lf != '\n') {
					throw new IOException("Malformed RESP line from " + address());
				}
				return line.toString(StandardCharsets.UTF_8);
			}
			line.write(next);
		}
	}

	@Override
	public String toString() {
		return "RedisConnection[" + address() + "]";
	}

}
