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

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import org.jspecify.annotations.Nullable;
import org.redisson.client.RedisException;

/**
 * The part of RESP2 that {@link RespConnection} speaks: commands as arrays of bulk
 * strings, and every reply type.
 *
 * @since 0.1.0
 */
final class RespCodec {

	/**
	 * What {@link #decode} returns when the buffer does not hold a whole reply yet.
	 */
	static final Object INCOMPLETE = new Object();

	private RespCodec() {
	}

	/**
	 * Encode a command, on the caller's thread: the connection's event loop, which all
	 * callers share, then only copies the bytes of every waiting command into its write.
	 * @param arguments the command and its arguments: {@code byte[]} as they are,
	 * anything else as its string in UTF-8
	 * @return the command in RESP
	 */
	static byte[] encode(Object[] arguments) {
		byte[][] parts = new byte[arguments.length][];
		int size = 1 + digits(arguments.length) + 2;
		for (int i = 0; i < arguments.length; i++) {
			byte[] part = (arguments[i] instanceof byte[] bytes) ? bytes
					: String.valueOf(arguments[i]).getBytes(StandardCharsets.UTF_8);
			parts[i] = part;
			size += 1 + digits(part.length) + 2 + part.length + 2;
		}
		byte[] out = new byte[size];
		out[0] = '*';
		int at = writeNumber(out, 1, arguments.length);
		for (byte[] part : parts) {
			out[at++] = '$';
			at = writeNumber(out, at, part.length);
			System.arraycopy(part, 0, out, at, part.length);
			at += part.length;
			out[at++] = '\r';
			out[at++] = '\n';
		}
		return out;
	}

	private static int digits(int value) {
		int digits = 1;
		for (int rest = value; rest >= 10; rest /= 10) {
			digits++;
		}
		return digits;
	}

	// A length (never negative), then CRLF; returns the index after them.
	private static int writeNumber(byte[] out, int at, int value) {
		int end = at + digits(value);
		int rest = value;
		for (int i = end - 1; i >= at; i--) {
			out[i] = (byte) ('0' + rest % 10);
			rest /= 10;
		}
		out[end] = '\r';
		out[end + 1] = '\n';
		return end + 2;
	}

	/**
	 * Read one reply: a {@code Long}, a {@code byte[]}, a {@code String} (status), a
	 * {@code List} (array), {@code null} (nil), or a {@link RedisException} (error).
	 * @param in the bytes received; on {@link #INCOMPLETE} the reader index is left
	 * anywhere, to be reset by the caller
	 * @return the reply, or {@link #INCOMPLETE}
	 */
	static @Nullable Object decode(ByteBuf in) {
		if (!in.isReadable()) {
			return INCOMPLETE;
		}
		byte type = in.readByte();
		int end = in.forEachByte(ByteProcessor.FIND_CRLF);
		if (end < 0 || end + 1 >= in.writerIndex()) {
			return INCOMPLETE;
		}
		int lineStart = in.readerIndex();
		in.readerIndex(end + 2);
		return switch (type) {
			case '+' -> in.toString(lineStart, end - lineStart, StandardCharsets.UTF_8);
			case '-' -> new RedisException(in.toString(lineStart, end - lineStart, StandardCharsets.UTF_8));
			case ':' -> parseLong(in, lineStart, end);
			case '$' -> bulk(in, (int) parseLong(in, lineStart, end));
			case '*' -> array(in, (int) parseLong(in, lineStart, end));
			default -> throw new RedisException("Unexpected reply type '" + (char) type + "' from Redis");
		};
	}

	private static @Nullable Object bulk(ByteBuf in, int length) {
		if (length < 0) {
			return null;
		}
		if (in.readableBytes() < length + 2) {
			return INCOMPLETE;
		}
		byte[] bytes = new byte[length];
		in.readBytes(bytes);
		in.skipBytes(2);
		return bytes;
	}

	private static @Nullable Object array(ByteBuf in, int length) {
		if (length < 0) {
			return null;
		}
		List<@Nullable Object> elements = new ArrayList<>(length);
		for (int i = 0; i < length; i++) {
			Object element = decode(in);
			if (element == INCOMPLETE) {
				return INCOMPLETE;
			}
			elements.add(element);
		}
		return elements;
	}

	/**
	 * Describe a decoded reply for an error message.
	 * @param reply the reply
	 * @return a short description
	 */
	static String describe(@Nullable Object reply) {
		if (reply == null) {
			return "nil";
		}
		if (reply instanceof byte[] bytes) {
			String text = new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.UTF_8);
			return "\"" + text + ((bytes.length > 40) ? "...\"" : "\"");
		}
		if (reply instanceof List<?> elements) {
			return "an array of " + elements.size();
		}
		if (reply instanceof RedisException error) {
			return "the error '" + error.getMessage() + "'";
		}
		return String.valueOf(reply);
	}

	private static long parseLong(ByteBuf in, int start, int end) {
		long value = 0;
		boolean negative = in.getByte(start) == '-';
		for (int i = negative ? start + 1 : start; i < end; i++) {
			value = value * 10 + (in.getByte(i) - '0');
		}
		return negative ? -value : value;
	}

}
