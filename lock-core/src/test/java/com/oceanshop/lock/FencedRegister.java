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

package com.oceanshop.lock;

import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A register in Redis that accepts a write only if its fencing token is at least the
 * highest token it has seen: the second line of defence that the fencing token exists
 * for. Accepted writes are logged in order as {@code token:value}.
 */
final class FencedRegister {

	private static final String WRITE_SCRIPT = """
			local last = tonumber(redis.call('hget', KEYS[1], 'token') or '0')
			if tonumber(ARGV[1]) < last then
				redis.call('hincrby', KEYS[1], 'rejected', 1)
				return 0
			end
			redis.call('hset', KEYS[1], 'token', ARGV[1])
			redis.call('rpush', KEYS[2], ARGV[1] .. ':' .. ARGV[2])
			return 1
			""";

	private final RedissonClient redisson;

	private final String name;

	FencedRegister(RedissonClient redisson, String name) {
		this.redisson = redisson;
		this.name = "{" + name + "}";
	}

	boolean write(long token, String value) {
		Long result = this.redisson.getScript(StringCodec.INSTANCE)
			.eval(this.name, RScript.Mode.READ_WRITE, WRITE_SCRIPT, RScript.ReturnType.LONG,
					List.of(this.name, this.name + ":log"), String.valueOf(token), value);
		return result != null && result == 1L;
	}

	List<String> acceptedLog() {
		return this.redisson.<String>getList(this.name + ":log", StringCodec.INSTANCE).readAll();
	}

}
