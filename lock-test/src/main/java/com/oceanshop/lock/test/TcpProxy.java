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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of one Redis node, for slow-network and partition
 * tests: it can add latency to every chunk in both directions, swallow all traffic while
 * keeping connections open (a black hole, as a partition looks to a client), and drop
 * every open connection (as a failing middlebox or a restarted peer does).
 * <pre class="code">
 * try (TcpProxy proxy = TcpProxy.start(node.host(), node.port())) {
 *     config.useSingleServer().setAddress(proxy.uri());
 *     proxy.setLatency(Duration.ofMillis(20));
 *     proxy.setBlackhole(true);
 * }
 * </pre> Each connection uses two platform threads; the proxy is meant for a handful of
 * client connections, not for load.
 *
 * @since 0.1.0
 */
public final class TcpProxy implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicLong forwardedBytes = new AtomicLong();

	private final AtomicLong swallowedBytes = new AtomicLong();

	private volatile long latencyNanos;

	private volatile boolean blackhole;

	private volatile boolean closed;

	private TcpProxy(ServerSocket server, String targetHost, int targetPort) {
		this.server = server;
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start a proxy on a free loopback port that forwards to the given target.
	 * @param targetHost the target host, normally {@code 127.0.0.1}
	 * @param targetPort the target port
	 * @return the running proxy
	 */
	public static TcpProxy start(String targetHost, int targetPort) {
		Objects.requireNonNull(targetHost, "'targetHost' must not be null");
		try {
			ServerSocket server = new ServerSocket();
			server.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
			return new TcpProxy(server, targetHost, targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a TCP proxy to " + targetHost + ":" + targetPort, ex);
		}
	}

	/**
	 * Start a proxy in front of a Redis node.
	 * @param node the node
	 * @return the running proxy
	 */
	public static TcpProxy start(RedisNode node) {
		return start(node.host(), node.port());
	}

	/**
	 * Return the proxy's port on 127.0.0.1.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Return the proxy's address, {@code 127.0.0.1:port}.
	 * @return the address
	 */
	public String address() {
		return HOST + ":" + port();
	}

	/**
	 * Return a Redis URI pointing at the proxy, {@code redis://127.0.0.1:port}.
	 * @return the URI
	 */
	public String uri() {
		return "redis://" + address();
	}

	/**
	 * Delay every chunk of data, in each direction, by the given time.
	 * @param oneWay the added one-way latency, zero for none
	 */
	public void setLatency(Duration oneWay) {
		if (oneWay.isNegative()) {
			throw new IllegalArgumentException("Latency must not be negative, but was " + oneWay);
		}
		this.latencyNanos = oneWay.toNanos();
	}

	/**
	 * Swallow all traffic in both directions while keeping connections open, or go back
	 * to forwarding. New connections are accepted but see no answers either.
	 * @param blackhole whether to swallow traffic
	 */
	public void setBlackhole(boolean blackhole) {
		this.blackhole = blackhole;
	}

	/**
	 * Close every open connection through the proxy. New connections are accepted.
	 */
	public void dropConnections() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

	/**
	 * Return how many bytes were forwarded so far.
	 * @return the forwarded bytes
	 */
	public long forwardedBytes() {
		return this.forwardedBytes.get();
	}

	/**
	 * Return how many bytes were swallowed while in black-hole mode.
	 * @return the swallowed bytes
	 */
	public long swallowedBytes() {
		return this.swallowedBytes.get();
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		dropConnections();
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			try {
				Socket target = new Socket();
				target.connect(new InetSocketAddress(this.targetHost, this.targetPort), 2000);
				client.setTcpNoDelay(true);
				target.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(target);
				pump(client, target, "up");
				pump(target, client, "down");
			}
			catch (IOException ex) {
				closeQuietly(client);
			}
		}
	}

	private void pump(Socket from, Socket to, String direction) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					long latency = this.latencyNanos;
					if (latency > 0) {
						Thread.sleep(latency / 1_000_000, (int) (latency % 1_000_000));
					}
					if (this.blackhole) {
						this.swallowedBytes.addAndGet(read);
						continue;
					}
					// Counted before the write: whoever sees the reply sees the count.
					this.forwardedBytes.addAndGet(read);
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// Connection dropped or closed: fall through and close both ends.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-" + direction + "-" + port());
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already closed.
		}
	}

	@Override
	public String toString() {
		return "TcpProxy[" + address() + " -> " + this.targetHost + ":" + this.targetPort + "]";
	}

}
