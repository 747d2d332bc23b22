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
import io.netty.buffer.ByteBufUtil;
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

	private static final byte[] CRLF = { '\r', '\n' };

	private RespCodec() {
	}

	/**
	 * Write a command.
	 * @param buffer where to write it
	 * @param arguments the command and its arguments: {@code byte[]} as they are,
	 * anything else as its string in UTF-8
	 */
	static void encode(ByteBuf buffer, Object[] arguments) {
		buffer.writeByte('*');
		writeNumber(buffer, arguments.length);
		for (Object argument : arguments) {
			if (argument instanceof byte[] bytes) {
				buffer.writeByte('$');
				writeNumber(buffer, bytes.length);
				buffer.writeBytes(bytes);
			}
			else {
				String text = String.valueOf(argument);
				buffer.writeByte('$');
				writeNumber(buffer, ByteBufUtil.utf8Bytes(text));
				ByteBufUtil.writeUtf8(buffer, text);
			}
			buffer.writeBytes(CRLF);
		}
	}

	private static void writeNumber(ByteBuf buffer, long value) {
		buffer.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
		buffer.writeBytes(CRLF);
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
