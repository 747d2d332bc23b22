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
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;

/**
 * One connection to Redis that pipelines the commands of every caller: commands queue
 * without a lock, encoded by their callers, and the connection's event loop copies all
 * that are waiting into one buffer and writes it with one flush ("smart batching": a
 * command sent alone goes out at once, and commands sent while a write is pending share
 * it). The event loop is the one thread every caller's command passes through, so it does
 * as little as it can: the encoding, in parallel on the callers' threads, was most of its
 * own work. Replies come in order and complete the commands' futures on the event loop.
 * It speaks RESP2 ({@link RespCodec}) and knows only what {@link ScriptPipeline} needs:
 * it never retries and never reconnects (a failed connection fails everything in flight,
 * and the pipeline opens another).
 * <p>
 * A command whose reply takes longer than the timeout fails with a
 * {@link RedisTimeoutException} and closes the connection, with every command after it:
 * replies come in order, so none of them was answered either.
 * <p>
 * RESP2 replies carry no request id, so a request or reply lost on the way (a proxy that
 * drops bytes, a half-written buffer) would shift every later reply onto the wrong
 * command: a lock reply would complete another caller's release. A write of several
 * commands, or one written while others are in flight, therefore ends with a marker,
 * {@code PING ocean-lock:<n>}, and its replies complete their commands only once the
 * reply to its own marker has come; a reply out of step (a marker where a command's reply
 * belongs, another write's marker, anything else where the marker belongs) closes the
 * connection and fails every command on it, which then goes through Redisson. A single
 * command written to an idle connection needs no marker: while it is the only command in
 * flight, a reply can only be its own (a lost request or reply makes it late, and the
 * timeout closes the connection); a command written after it ends with a marker, and its
 * reply then waits for that marker like the others.
 *
 * @since 0.1.0
 */
final class RespConnection {

	private final Channel channel;

	private final long timeoutNanos;

	private final Queue<Command> outbound = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean writeScheduled = new AtomicBoolean();

	// Event loop only: commands (and markers) written, in the order of their replies.
	private final ArrayDeque<Command> inFlight = new ArrayDeque<>();

	// Event loop only: commands answered whose write's marker has not come back yet.
	private final ArrayDeque<Command> answered = new ArrayDeque<>();

	// Event loop only: the number of the last marked write.
	private long writes;

	private final AtomicLong flushes = new AtomicLong();

	private final AtomicLong written = new AtomicLong();

	private volatile @Nullable RuntimeException closed;

	private @Nullable ScheduledFuture<?> timeoutCheck;

	private RespConnection(Channel channel, long timeoutMillis) {
		this.channel = channel;
		this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
	}

	/**
	 * Connect, authenticate and select the database.
	 * @param group the event loops (Redisson's)
	 * @param channelType the socket channel class (Redisson's)
	 * @param address where Redis listens
	 * @param settings connect timeout, command timeout, credentials and database
	 * @return the connection once it is ready
	 */
	static CompletableFuture<RespConnection> open(EventLoopGroup group, Class<? extends Channel> channelType,
			InetSocketAddress address, Settings settings) {
		CompletableFuture<RespConnection> result = new CompletableFuture<>();
		Bootstrap bootstrap = new Bootstrap().group(group)
			.channel(channelType)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_KEEPALIVE, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
			.handler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
				}
			});
		ChannelFuture connecting = bootstrap.connect(address);
		connecting.addListener((connected) -> {
			if (!connected.isSuccess()) {
				result.completeExceptionally(new RedisConnectionException(
						"Unable to connect to Redis at " + address + ": " + connected.cause(), connected.cause()));
				return;
			}
			RespConnection connection = attach(connecting.channel(), settings.timeoutMillis());
			List<CompletableFuture<Object>> setup = new ArrayList<>(2);
			if (settings.password() != null) {
				setup.add((settings.username() != null)
						? connection.send(new Object[] { "AUTH", settings.username(), settings.password() })
						: connection.send(new Object[] { "AUTH", settings.password() }));
			}
			if (settings.clientName() != null) {
				setup.add(connection.send(new Object[] { "CLIENT", "SETNAME", settings.clientName() }));
			}
			if (settings.database() != 0) {
				setup.add(connection.send(new Object[] { "SELECT", settings.database() }));
			}
			CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
				Throwable refused = failure;
				for (CompletableFuture<Object> step : setup) {
					if (refused == null && step.join() instanceof RedisException error) {
						refused = error;
					}
				}
				if (refused != null) {
					connection.close(new RedisConnectionException(
							"Redis at " + address + " refused the connection: " + refused.getMessage(), refused));
					result.completeExceptionally(refused);
				}
				else {
					result.complete(connection);
				}
			});
		});
		return result;
	}

	/**
	 * Speak RESP on a connected channel.
	 * @param channel the channel
	 * @param timeoutMillis how long a reply may take
	 * @return the connection
	 */
	static RespConnection attach(Channel channel, long timeoutMillis) {
		RespConnection connection = new RespConnection(channel, timeoutMillis);
		channel.pipeline().addLast(connection.new Replies());
		connection.startTimeoutCheck();
		return connection;
	}

	/**
	 * Send a command. The future completes with the reply: a {@code Long}, a
	 * {@code byte[]}, a {@code String} (status), a {@code List} (array), {@code null}
	 * (nil), or a {@link RedisException} for an error reply; or exceptionally when the
	 * connection fails or the reply is late.
	 * @param arguments the command and its arguments: {@code String}, {@code byte[]} or
	 * numbers
	 * @return the reply
	 */
	CompletableFuture<Object> send(Object[] arguments) {
		Command command = new Command(arguments);
		RuntimeException failure = this.closed;
		if (failure != null) {
			command.future.completeExceptionally(failure);
			return command.future;
		}
		this.outbound.add(command);
		if (this.writeScheduled.compareAndSet(false, true)) {
			try {
				this.channel.eventLoop().execute(this::write);
			}
			catch (RuntimeException ex) {
				close(new RedisConnectionException("Redis connection's event loop refused the write", ex));
			}
		}
		return command.future;
	}

	boolean isOpen() {
		return this.closed == null;
	}

	/**
	 * Return how many commands were written per flush so far.
	 * @return written commands and flushes
	 */
	long[] writesAndFlushes() {
		return new long[] { this.written.get(), this.flushes.get() };
	}

	void close() {
		close(new RedisConnectionException("Redis connection closed"));
	}

	// Event loop: every command waiting goes out in one buffer and one flush.
	private void write() {
		this.writeScheduled.set(false);
		RuntimeException failure = this.closed;
		if (failure != null) {
			failAll(failure);
			return;
		}
		ByteBuf buffer = null;
		boolean idle = this.inFlight.isEmpty();
		int count = 0;
		long now = System.nanoTime();
		Command command;
		while ((command = this.outbound.poll()) != null) {
			if (buffer == null) {
				buffer = this.channel.alloc().ioBuffer(Math.max(256, 4 * command.encoded.length));
			}
			buffer.writeBytes(command.encoded);
			command.sentNanos = now;
			this.inFlight.add(command);
			count++;
		}
		if (buffer != null) {
			if (count > 1 || !idle) {
				Command marker = Command.marker(++this.writes);
				buffer.writeBytes(marker.encoded);
				marker.sentNanos = now;
				this.inFlight.add(marker);
			}
			this.channel.writeAndFlush(buffer).addListener((sent) -> {
				if (!sent.isSuccess()) {
					close(new RedisConnectionException("Unable to write to Redis: " + sent.cause(), sent.cause()));
				}
			});
			this.flushes.incrementAndGet();
			this.written.addAndGet(count);
		}
	}

	private void startTimeoutCheck() {
		long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), this.timeoutNanos / 10);
		this.timeoutCheck = this.channel.eventLoop().scheduleAtFixedRate(() -> {
			Command oldest = this.answered.isEmpty() ? this.inFlight.peek() : this.answered.peek();
			if (oldest != null && System.nanoTime() - oldest.sentNanos > this.timeoutNanos) {
				close(new RedisTimeoutException("Redis did not answer within "
						+ TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos) + " ms on " + this.channel.remoteAddress()));
			}
		}, period, period, TimeUnit.NANOSECONDS);
		this.channel.closeFuture().addListener((done) -> close());
	}

	private void close(RuntimeException failure) {
		if (this.closed == null) {
			this.closed = failure;
		}
		if (this.channel.eventLoop().inEventLoop()) {
			closeOnEventLoop();
		}
		else {
			try {
				this.channel.eventLoop().execute(this::closeOnEventLoop);
			}
			catch (RuntimeException ex) {
				// The event loop is shut down, and the channel with it: nothing else
				// touches the commands any more.
				failAll(failure);
			}
		}
	}

	private void closeOnEventLoop() {
		ScheduledFuture<?> check = this.timeoutCheck;
		if (check != null) {
			check.cancel(false);
		}
		this.channel.close();
		failAll(Objects.requireNonNull(this.closed));
	}

	private void failAll(RuntimeException failure) {
		Command command;
		while ((command = this.answered.poll()) != null) {
			command.future.completeExceptionally(failure);
		}
		while ((command = this.inFlight.poll()) != null) {
			command.future.completeExceptionally(failure);
		}
		while ((command = this.outbound.poll()) != null) {
			command.future.completeExceptionally(failure);
		}
	}

	/**
	 * What a connection needs besides its address.
	 *
	 * @param connectTimeoutMillis connect timeout
	 * @param timeoutMillis how long a reply may take
	 * @param username the ACL user, or {@code null}
	 * @param password the password, or {@code null} for none
	 * @param database the database to select
	 * @param clientName the connection's name ({@code CLIENT SETNAME}), or {@code null}
	 */
	record Settings(int connectTimeoutMillis, long timeoutMillis, @Nullable String username, @Nullable String password,
			int database, @Nullable String clientName) {

	}

	private static final class Command {

		static final String MARKER = "ocean-lock:";

		static final byte[] MARKER_PREFIX = MARKER.getBytes(StandardCharsets.US_ASCII);

		// The command's name, for errors.
		final Object name;

		final byte[] encoded;

		final CompletableFuture<Object> future = new CompletableFuture<>();

		// The reply a marker expects, or null for a command.
		final byte @Nullable [] marker;

		long sentNanos;

		@Nullable Object reply;

		Command(Object[] arguments) {
			this(arguments, null);
		}

		private Command(Object[] arguments, byte @Nullable [] marker) {
			this.name = arguments[0];
			this.encoded = RespCodec.encode(arguments);
			this.marker = marker;
		}

		static Command marker(long write) {
			byte[] text = (MARKER + write).getBytes(StandardCharsets.US_ASCII);
			return new Command(new Object[] { "PING", text }, text);
		}

		static boolean isMarker(@Nullable Object reply) {
			return reply instanceof byte[] bytes && bytes.length > MARKER_PREFIX.length
					&& Arrays.equals(bytes, 0, MARKER_PREFIX.length, MARKER_PREFIX, 0, MARKER_PREFIX.length);
		}

	}

	/**
	 * Reads replies and completes the commands in flight, in order.
	 */
	private final class Replies extends ByteToMessageDecoder {

		@Override
		protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
			while (in.isReadable()) {
				if (RespConnection.this.closed != null) {
					in.skipBytes(in.readableBytes());
					return;
				}
				int start = in.readerIndex();
				Object reply = RespCodec.decode(in);
				if (reply == RespCodec.INCOMPLETE) {
					in.readerIndex(start);
					return;
				}
				Command command = RespConnection.this.inFlight.poll();
				if (command == null) {
					close(new RedisException("Redis sent a reply to no command on " + channel.remoteAddress()));
				}
				else if (command.marker == null) {
					if (Command.isMarker(reply)) {
						outOfStep(command, reply);
					}
					else if (RespConnection.this.inFlight.isEmpty() && RespConnection.this.answered.isEmpty()) {
						// Alone on the connection: nothing was written after it.
						command.future.complete(reply);
					}
					else {
						command.reply = reply;
						RespConnection.this.answered.add(command);
					}
				}
				else if (reply instanceof byte[] bytes && Arrays.equals(bytes, command.marker)) {
					Command answer;
					while ((answer = RespConnection.this.answered.poll()) != null) {
						answer.future.complete(answer.reply);
					}
				}
				else {
					outOfStep(command, reply);
				}
			}
		}

		private void outOfStep(Command expected, @Nullable Object reply) {
			String wanted = (expected.marker != null)
					? "the reply to " + new String(expected.marker, StandardCharsets.US_ASCII)
					: "the reply to " + expected.name;
			RedisException failure = new RedisException("Replies from Redis on " + channel.remoteAddress()
					+ " are out of step with the commands (a request or a reply was lost): expected " + wanted
					+ ", got " + RespCodec.describe(reply));
			close(failure);
			expected.future.completeExceptionally(failure);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			close(new RedisConnectionException("Redis connection failed: " + cause, cause));
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			close(new RedisConnectionException("Redis closed the connection"));
			super.channelInactive(context);
		}

	}

}
