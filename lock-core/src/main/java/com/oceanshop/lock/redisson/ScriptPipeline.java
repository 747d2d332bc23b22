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

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.DefaultCredentialsResolver;
import org.redisson.client.RedisException;
import org.redisson.client.codec.LongCodec;
import org.redisson.config.CommandMapper;
import org.redisson.config.MasterSlaveServersConfig;
import org.redisson.connection.ServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock commands' fast path: the acquisition and release scripts of a provider's locks
 * go through one pipelined connection of its own ({@link RespConnection}), below
 * Redisson's command executor, on Redisson's event loops. Redisson sends each command on
 * a pooled connection of its own, with a future, a timer and codec objects per command;
 * the pipeline writes the commands of concurrent callers together, one flush for all that
 * are ready at the same moment, and no command waits for another.
 * <p>
 * Only where that is the same as what Redisson would do: a Redisson client configured for
 * a single server, without TLS, command mapping, or dynamic credentials (a name mapper is
 * refused by {@link RedissonLockProvider} for every lock). Anything else, and every
 * command the pipeline cannot complete (the connection is being opened or is down, a
 * reply is late, Redis answers with an error other than {@code NOSCRIPT}), goes through
 * Redisson as before, which then applies its own retries and error handling. A command
 * that failed on the pipeline may thus be sent twice; the scripts are safe to re-send
 * (the release record of {@link ReleaseScripts} reports the first outcome, and
 * {@link RedissonLockLayout#unlockLatchMillis} keeps it for one more attempt).
 *
 * @since 0.1.0
 */
final class ScriptPipeline implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ScriptPipeline.class);

	/**
	 * How long commands go through Redisson after the pipeline failed to connect.
	 */
	static final long RECONNECT_DELAY_MILLIS = 1000;

	private static final Map<String, String> digests = new ConcurrentHashMap<>();

	private final RedissonClient redisson;

	private final @Nullable Endpoint endpoint;

	private final AtomicReference<@Nullable CompletableFuture<RespConnection>> connection = new AtomicReference<>();

	private volatile long downUntilNanos = System.nanoTime();

	private volatile boolean enabled = true;

	private volatile boolean closed;

	ScriptPipeline(RedissonClient redisson) {
		this.redisson = redisson;
		this.endpoint = Endpoint.of(redisson);
		// Connect now, so that the first locks need not go through Redisson.
		openConnection();
	}

	/**
	 * Whether lock commands may go through the pipeline; they then do wherever the
	 * client's configuration allows.
	 * @param enabled whether to use the pipeline
	 */
	void setEnabled(boolean enabled) {
		this.enabled = enabled;
		if (!enabled) {
			closeConnection();
		}
	}

	boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Return whether the client's configuration lets commands go through the pipeline.
	 * @return whether the pipeline applies
	 */
	boolean applies() {
		return this.endpoint != null;
	}

	/**
	 * Run a script that returns an integer or nil, as
	 * {@code RScript.evalAsync(name, READ_WRITE, script, LONG, keys, args)} does.
	 * @param name the key the command is routed by
	 * @param script the script
	 * @param keys its keys
	 * @param args its arguments
	 * @return the reply
	 */
	CompletableFuture<@Nullable Long> evalLong(String name, String script, List<Object> keys, Object... args) {
		return evalLong(script, keys, args, () -> this.redisson.getScript(LongCodec.INSTANCE)
			.<Long>evalAsync(name, RScript.Mode.READ_WRITE, script, RScript.ReturnType.LONG, keys, args));
	}

	/**
	 * Run a script that returns an integer or nil, through Redisson with the given call
	 * where the pipeline cannot.
	 * @param script the script
	 * @param keys its keys
	 * @param args its arguments
	 * @param redissonCall the same command through Redisson
	 * @return the reply
	 */
	CompletableFuture<@Nullable Long> evalLong(String script, List<Object> keys, Object[] args,
			Supplier<? extends CompletionStage<Long>> redissonCall) {
		RespConnection open = openConnection();
		if (open == null) {
			return redissonCall.get().toCompletableFuture();
		}
		String sha = digests.computeIfAbsent(script, ScriptPipeline::sha1);
		return open.send(command("EVALSHA", sha, keys, args))
			.thenCompose((reply) -> (reply instanceof RedisException error && isNoScript(error))
					? open.send(command("EVAL", script, keys, args)) : CompletableFuture.completedFuture(reply))
			.handle((reply, failure) -> {
				if (failure == null && (reply == null || reply instanceof Long)) {
					return CompletableFuture.completedFuture((Long) reply);
				}
				// Redisson knows what to do with it: retry, redirect, or report.
				return redissonCall.get().toCompletableFuture();
			})
			.thenCompose((reply) -> reply);
	}

	/**
	 * Return whether the pipeline has an open connection.
	 * @return whether commands go through the pipeline now
	 */
	boolean isConnected() {
		CompletableFuture<RespConnection> current = this.connection.get();
		return current != null && current.isDone() && !current.isCompletedExceptionally() && current.join().isOpen();
	}

	/**
	 * Return the commands written and the flushes they took on the current connection.
	 * @return written commands and flushes, zero without a connection
	 */
	long[] writesAndFlushes() {
		CompletableFuture<RespConnection> current = this.connection.get();
		return (current != null && current.isDone() && !current.isCompletedExceptionally())
				? current.join().writesAndFlushes() : new long[2];
	}

	@Override
	public void close() {
		this.closed = true;
		closeConnection();
	}

	private void closeConnection() {
		CompletableFuture<RespConnection> current = this.connection.getAndSet(null);
		if (current != null) {
			current.thenAccept(RespConnection::close);
		}
	}

	private @Nullable RespConnection openConnection() {
		Endpoint target = this.endpoint;
		if (target == null || !this.enabled || this.closed) {
			return null;
		}
		CompletableFuture<RespConnection> current = this.connection.get();
		if (current != null && !current.isDone()) {
			return null;
		}
		if (current != null && !current.isCompletedExceptionally()) {
			RespConnection open = current.join();
			if (open.isOpen()) {
				return open;
			}
		}
		if (System.nanoTime() - this.downUntilNanos < 0) {
			return null;
		}
		CompletableFuture<RespConnection> next = new CompletableFuture<>();
		if (this.connection.compareAndSet(current, next)) {
			CompletableFuture<RespConnection> opening;
			try {
				opening = RespConnection.open(target.services().getGroup(), target.services().getSocketChannelClass(),
						target.address(), target.settings());
			}
			catch (RuntimeException ex) {
				// Redisson is shutting down.
				opening = CompletableFuture.failedFuture(ex);
			}
			opening.whenComplete((opened, failure) -> {
				if (failure != null) {
					this.downUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_DELAY_MILLIS);
					logger.debug("Lock command pipeline could not connect to {}; using Redisson's connections",
							target.address(), failure);
					next.completeExceptionally(failure);
				}
				else {
					next.complete(opened);
					if (this.closed || !this.enabled) {
						opened.close();
					}
				}
			});
		}
		return null;
	}

	private static Object[] command(String command, String script, List<Object> keys, Object[] args) {
		Object[] arguments = new Object[3 + keys.size() + args.length];
		arguments[0] = command;
		arguments[1] = script;
		arguments[2] = keys.size();
		for (int i = 0; i < keys.size(); i++) {
			arguments[3 + i] = keys.get(i);
		}
		System.arraycopy(args, 0, arguments, 3 + keys.size(), args.length);
		return arguments;
	}

	private static boolean isNoScript(RedisException error) {
		String message = error.getMessage();
		return message != null && message.startsWith("NOSCRIPT");
	}

	private static String sha1(String script) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

	/**
	 * Where the pipeline connects, or why it does not.
	 */
	private record Endpoint(ServiceManager services, InetSocketAddress address, RespConnection.Settings settings) {

		static @Nullable Endpoint of(RedissonClient redisson) {
			if (!(redisson instanceof Redisson client)) {
				return null;
			}
			ServiceManager services = client.getCommandExecutor().getServiceManager();
			MasterSlaveServersConfig config = services.getConfig();
			if (!services.getCfg().isSingleConfig() || config.getMasterAddress() == null
					|| config.getCommandMapper().getClass() != CommandMapper.direct().getClass()
					|| !(config.getCredentialsResolver() instanceof DefaultCredentialsResolver)) {
				return null;
			}
			URI uri = URI.create(config.getMasterAddress());
			if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
				return null;
			}
			RespConnection.Settings settings = new RespConnection.Settings(config.getConnectTimeout(),
					config.getTimeout(), config.getUsername(), config.getPassword(), config.getDatabase(),
					config.getClientName());
			return new Endpoint(services, InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()), settings);
		}

	}

}
