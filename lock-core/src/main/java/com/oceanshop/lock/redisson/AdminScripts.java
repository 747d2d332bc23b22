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

/**
 * The Lua scripts of the admin side: the orphan scan over Redisson's lock hashes
 * ({@link RedissonOrphanScanner}; each comment names the Redisson class it relies on, and
 * {@code RedissonLockLayoutContractIntegrationTests} fails when the Redisson version
 * changes, so that these are checked again) and the exchange of adaptive-timeout
 * estimates under the admin's own keys ({@link RedissonAdaptiveTimeoutStore}).
 */
final class AdminScripts {

	/**
	 * Read a lock hash for the orphan scan, with its expiry as an absolute time of the
	 * server's clock ({@code TIME} plus {@code PTTL}), which stays the same until someone
	 * renews or re-takes the lock: Redisson 4.7.0's {@code RedissonBaseLock} (also
	 * {@code RedissonFairLock}, {@code RedissonReadLock}, {@code RedissonWriteLock}) sets
	 * the hash's expiry with {@code pexpire} on every acquisition and renewal. KEYS:
	 * lock. Returns an empty list if the key is not a hash, otherwise the expiry in epoch
	 * millis (or the negative {@code PTTL}), the {@code PTTL}, then the hash's fields and
	 * values, all as strings.
	 */
	static final String READ_ORPHAN_CANDIDATE = """
			if redis.call('type', KEYS[1])['ok'] ~= 'hash' then
				return {}
			end
			local pttl = redis.call('pttl', KEYS[1])
			local expiresAt = pttl
			if pttl >= 0 then
				local now = redis.call('time')
				expiresAt = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + pttl
			end
			local result = redis.call('hgetall', KEYS[1])
			table.insert(result, 1, tostring(pttl))
			table.insert(result, 1, tostring(expiresAt))
			return result
			""";

	/**
	 * Delete a lock only if it is still in the state the orphan scan saw: exactly the
	 * same holders, and either still without expiry (ARGV[1] is -1) or with an expiry
	 * ({@code TIME} plus {@code PTTL}) no later than the one seen (ARGV[1]) plus a
	 * tolerance (ARGV[2]), so that a lock renewed or taken again meanwhile survives.
	 * Relies on the holder hash of Redisson 4.7.0's {@code RedissonBaseLock} (also
	 * {@code RedissonFairLock}, {@code RedissonReadLock}, {@code RedissonWriteLock}): one
	 * field per holder, plus {@code mode} for a read/write lock. KEYS: lock. ARGV: expiry
	 * seen, tolerance in millis, then the holder ids. Returns 1 if deleted, 0 if not.
	 */
	static final String REMOVE_ORPHAN = """
			if redis.call('type', KEYS[1])['ok'] ~= 'hash' then
				return 0
			end
			local expected = {}
			for i = 3, #ARGV do
				expected[ARGV[i]] = true
			end
			local holders = 0
			for _, field in ipairs(redis.call('hkeys', KEYS[1])) do
				if field ~= 'mode' then
					if not expected[field] then
						return 0
					end
					holders = holders + 1
				end
			end
			if holders ~= #ARGV - 2 then
				return 0
			end
			local pttl = redis.call('pttl', KEYS[1])
			if tonumber(ARGV[1]) < 0 then
				if pttl ~= -1 then
					return 0
				end
			else
				if pttl < 0 then
					return 0
				end
				local now = redis.call('time')
				local expiresAt = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + pttl
				if expiresAt > tonumber(ARGV[1]) + tonumber(ARGV[2]) then
					return 0
				end
			end
			redis.call('del', KEYS[1])
			return 1
			""";

	/**
	 * Merge one instance's observations into the shared adaptive-timeout estimates and
	 * read them back; this project's own keys (see
	 * {@link RedissonLockLayout#adaptiveKey}), no Redisson data. Per lock name a hash
	 * with the fields {@code hold}, {@code wait} (smoothed 99th percentiles in
	 * milliseconds), {@code holds}, {@code waits} (observation counts) and
	 * {@code updated} (the server's time in epoch millis), and the index, a sorted set of
	 * the names scored by that time. An estimate rises to a larger percentile at once and
	 * falls toward a smaller one by {@code decay} times the update's share of a full
	 * update ({@code count / full}, at most 1). A written hash and the index expire after
	 * the retention; index entries older than it are dropped. KEYS: the index, then one
	 * hash per name. ARGV: decay, full update size, retention millis, maximum number of
	 * other names returned, then per hash its name, hold p99, hold count, wait p99, wait
	 * count (counts of 0: only read). Returns, as strings: the number of hashes, then per
	 * hash its name and its five fields ({@code ''} when missing), then the index's other
	 * names, most recently updated first.
	 */
	static final String ADAPTIVE_EXCHANGE = """
			local decay = tonumber(ARGV[1])
			local full = tonumber(ARGV[2])
			local retention = tonumber(ARGV[3])
			local time = redis.call('time')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local function merge(key, field, countField, sample, count)
				if count <= 0 then
					return
				end
				local current = tonumber(redis.call('hget', key, field))
				if current == nil or sample >= current then
					redis.call('hset', key, field, sample)
				else
					local weight = decay * math.min(1, count / full)
					redis.call('hset', key, field, tostring(current - (current - sample) * weight))
				end
				redis.call('hincrby', key, countField, count)
			end
			local result = { tostring(#KEYS - 1) }
			local asked = {}
			for i = 2, #KEYS do
				local a = 5 + (i - 2) * 5
				local key = KEYS[i]
				local name = ARGV[a]
				local holds = tonumber(ARGV[a + 2])
				local waits = tonumber(ARGV[a + 4])
				asked[name] = true
				if holds > 0 or waits > 0 then
					merge(key, 'hold', 'holds', tonumber(ARGV[a + 1]), holds)
					merge(key, 'wait', 'waits', tonumber(ARGV[a + 3]), waits)
					redis.call('hset', key, 'updated', now)
					redis.call('pexpire', key, retention)
					redis.call('zadd', KEYS[1], now, name)
				end
				local values = redis.call('hmget', key, 'hold', 'holds', 'wait', 'waits', 'updated')
				table.insert(result, name)
				for j = 1, 5 do
					table.insert(result, values[j] or '')
				end
			end
			redis.call('zremrangebyscore', KEYS[1], '-inf', now - retention)
			if redis.call('exists', KEYS[1]) == 1 then
				redis.call('pexpire', KEYS[1], retention)
			end
			local names = redis.call('zrevrange', KEYS[1], 0, tonumber(ARGV[4]) - 1)
			for _, name in ipairs(names) do
				if not asked[name] then
					table.insert(result, name)
				end
			end
			return result
			""";

	private AdminScripts() {
	}

}
