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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RespConnection}'s protocol handling, on an in-memory channel: the
 * encoding of commands, several commands in one write, and replies that arrive in pieces
 * (as they do from a socket) or together. What the connection does against a real Redis
 * is in {@link ScriptPipelineIntegrationTests}.
 */
class RespConnectionTests {

	private static final String MARKER_1 = "$12\r\nocean-lock:1\r\n";

	@Test
	void commandsWaitingTogetherGoOutInOneWrite() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		connection.send(new Object[] { "EVALSHA", "abc", 1, "lock:k", 30000L });
		connection.send(new Object[] { "GET", "clé".getBytes(StandardCharsets.UTF_8) });
		channel.runPendingTasks();
		ByteBuf written = channel.readOutbound();
		assertThat(written.toString(StandardCharsets.UTF_8))
			.isEqualTo("*5\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n1\r\n$6\r\nlock:k\r\n$5\r\n30000\r\n"
					+ "*2\r\n$3\r\nGET\r\n$4\r\nclé\r\n" + "*2\r\n$4\r\nPING\r\n$12\r\nocean-lock:1\r\n");
		written.release();
		assertThat((Object) channel.readOutbound()).as("a second write").isNull();
		assertThat(connection.writesAndFlushes()).containsExactly(2, 1);
	}

	@Test
	void lengthsAreCountedInBytesWithAsManyDigitsAsTheyNeed() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		Object[] arguments = new Object[12];
		arguments[0] = "EVALSHA";
		arguments[1] = "x".repeat(123);
		arguments[2] = "clé";
		for (int i = 3; i < arguments.length; i++) {
			arguments[i] = (long) i * 1000;
		}
		connection.send(arguments);
		channel.runPendingTasks();
		ByteBuf written = channel.readOutbound();
		StringBuilder expected = new StringBuilder(
				"*12\r\n$7\r\nEVALSHA\r\n$123\r\n" + "x".repeat(123) + "\r\n$4\r\nclé\r\n");
		for (int i = 3; i < arguments.length; i++) {
			String number = Long.toString(i * 1000L);
			expected.append('$').append(number.length()).append("\r\n").append(number).append("\r\n");
		}
		assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
		written.release();
	}

	@Test
	void repliesArrivingByteByByteCompleteTheCommandsInOrder() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		List<CompletableFuture<Object>> replies = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			replies.add(connection.send(new Object[] { "PING" }));
		}
		flush(channel);
		byte[] wire = (":-12\r\n" + "$-1\r\n" + "$5\r\nab\r\nc\r\n" + "+OK\r\n" + "-NOSCRIPT No matching script\r\n"
				+ "*3\r\n:1\r\n*1\r\n$0\r\n\r\n$-1\r\n" + "*-1\r\n")
			.getBytes(StandardCharsets.UTF_8);
		for (byte b : wire) {
			channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { b }));
		}
		assertThat(replies).as("answered before the write's marker came back").noneMatch(CompletableFuture::isDone);
		channel.writeInbound(Unpooled.copiedBuffer(MARKER_1, StandardCharsets.UTF_8));
		assertThat(replies).allMatch(CompletableFuture::isDone);
		assertThat(replies.get(0).join()).isEqualTo(-12L);
		assertThat(replies.get(1).join()).isNull();
		assertThat((byte[]) replies.get(2).join()).asString(StandardCharsets.UTF_8).isEqualTo("ab\r\nc");
		assertThat(replies.get(3).join()).isEqualTo("OK");
		assertThat(replies.get(4).join()).isInstanceOf(RedisException.class)
			.extracting((error) -> ((RedisException) error).getMessage())
			.isEqualTo("NOSCRIPT No matching script");
		List<?> array = (List<?>) replies.get(5).join();
		assertThat(array).hasSize(3);
		assertThat(array.get(0)).isEqualTo(1L);
		assertThat((byte[]) ((List<?>) array.get(1)).get(0)).isEmpty();
		assertThat(array.get(2)).isNull();
		assertThat(replies.get(6).join()).isNull();
	}

	@Test
	void aClosedConnectionFailsWhatIsInFlightAndWhatIsSentAfter() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		CompletableFuture<Object> inFlight = connection.send(new Object[] { "PING" });
		flush(channel);
		channel.close();
		channel.runPendingTasks();
		assertThat(connection.isOpen()).isFalse();
		assertThatExceptionOfType(Exception.class).isThrownBy(inFlight::join)
			.withCauseInstanceOf(RedisConnectionException.class);
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> connection.send(new Object[] { "PING" }).join())
			.withCauseInstanceOf(RedisConnectionException.class);
	}

	@Test
	void aReplyToNoCommandClosesTheConnection() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		channel.writeInbound(Unpooled.copiedBuffer("+OK\r\n", StandardCharsets.UTF_8));
		channel.runPendingTasks();
		assertThat(connection.isOpen()).isFalse();
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void aCommandAloneOnAnIdleConnectionNeedsNoMarker() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		for (int i = 1; i <= 3; i++) {
			CompletableFuture<Object> reply = connection.send(new Object[] { "EVALSHA", "lock" });
			channel.runPendingTasks();
			ByteBuf written = channel.readOutbound();
			assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("*2\r\n$7\r\nEVALSHA\r\n$4\r\nlock\r\n");
			written.release();
			channel.writeInbound(Unpooled.copiedBuffer(":" + i + "\r\n", StandardCharsets.UTF_8));
			assertThat(reply).isCompletedWithValue((long) i);
		}
		assertThat(connection.isOpen()).isTrue();
	}

	@Test
	void aLostRequestNeverShiftsALaterReplyOntoAnotherCommand() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		CompletableFuture<Object> lost = connection.send(new Object[] { "EVALSHA", "lock" });
		flush(channel);
		CompletableFuture<Object> later = connection.send(new Object[] { "EVALSHA", "release" });
		flush(channel);
		// Redis never saw the first write: it answers only the second, which was written
		// while the first was in flight and so ends with a marker.
		channel.writeInbound(Unpooled.copiedBuffer(":1\r\n" + MARKER_1, StandardCharsets.UTF_8));
		channel.runPendingTasks();
		assertThat(lost).isCompletedExceptionally();
		assertThat(later).isCompletedExceptionally();
		assertThatExceptionOfType(Exception.class).isThrownBy(lost::join)
			.withCauseInstanceOf(RedisException.class)
			.withMessageContaining("out of step")
			.withMessageContaining("expected the reply to EVALSHA, got \"ocean-lock:1\"");
		assertThat(connection.isOpen()).isFalse();
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void aLostReplyNeverShiftsALaterReplyOntoAnotherCommand() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		CompletableFuture<Object> first = connection.send(new Object[] { "EVALSHA", "lock" });
		CompletableFuture<Object> second = connection.send(new Object[] { "EVALSHA", "lock" });
		flush(channel);
		// The reply to the first command was lost: the second's would be taken for it.
		channel.writeInbound(Unpooled.copiedBuffer(":0\r\n" + MARKER_1, StandardCharsets.UTF_8));
		channel.runPendingTasks();
		assertThat(first).isCompletedExceptionally();
		assertThat(second).isCompletedExceptionally();
		assertThatExceptionOfType(Exception.class).isThrownBy(second::join)
			.withMessageContaining("expected the reply to EVALSHA, got \"ocean-lock:1\"");
		assertThat(connection.isOpen()).isFalse();
	}

	@Test
	void anErrorWhereTheMarkerBelongsClosesTheConnection() {
		EmbeddedChannel channel = new EmbeddedChannel();
		RespConnection connection = RespConnection.attach(channel, 3000);
		CompletableFuture<Object> auth = connection.send(new Object[] { "AUTH", "wrong" });
		connection.send(new Object[] { "SELECT", 2 });
		flush(channel);
		channel.writeInbound(Unpooled.copiedBuffer(
				"-WRONGPASS invalid password\r\n-NOAUTH Authentication required\r\n-NOAUTH Authentication required\r\n",
				StandardCharsets.UTF_8));
		channel.runPendingTasks();
		assertThat(auth).isCompletedExceptionally();
		assertThatExceptionOfType(Exception.class).isThrownBy(auth::join)
			.withMessageContaining("got the error 'NOAUTH Authentication required'");
		assertThat(connection.isOpen()).isFalse();
	}

	// The connection's event loop writes what was sent; the test drops the bytes.
	private static void flush(EmbeddedChannel channel) {
		channel.runPendingTasks();
		((ByteBuf) channel.readOutbound()).release();
	}

}
