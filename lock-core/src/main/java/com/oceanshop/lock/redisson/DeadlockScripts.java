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
 * The Lua scripts of the deadlock detector's wait-for graph ({@link DeadlockDetector},
 * read by the admin through {@link RedissonLockStore}). They use this project's own
 * layout ({@link RedissonLockLayout#deadlockPrefix}), no Redisson structure.
 */
final class DeadlockScripts {

	/**
	 * Register or refresh a waiting flow in the wait-for graph, then look for a cycle
	 * through it. Our own layout ({@link RedissonLockLayout#deadlockPrefix}), no Redisson
	 * structure: the graph's edges go from a waiter to the lock it waits for, and from
	 * that lock to the waiters whose flows hold it (the {@code held:}/{@code read:}
	 * sets), so only waiting flows are visited, never locks nobody waits for. A read
	 * waiter is blocked by writers only. The search is breadth first, bounded by ARGV[9]
	 * visited waiters. On a cycle with no member marked yet, the youngest member (latest
	 * {@code since}, then the greatest id) is marked as the victim, atomically, so that
	 * members detecting the same cycle at once choose one victim. KEYS: waiters index,
	 * this waiter's hash. ARGV: graph prefix, waiter id, time to live in millis,
	 * waited-for lock's Redis key, its lock key, lock type, flow, instance, visit bound,
	 * then pairs of (mode {@code r}/{@code w} + held Redis key, held lock key). Returns
	 * {@code {'victim', cycle}} when this waiter is the victim, {@code {'cycle', cycle}}
	 * when another member is, {@code {'none'}} otherwise; a cycle is its members'
	 * descriptions, victim first, one per line.
	 */
	static final String DEADLOCK_WAIT = """
			local prefix, id, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
			local t = redis.call('time')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			local holds = {}
			for i = 10, #ARGV, 2 do
				local mode = (string.sub(ARGV[i], 1, 1) == 'r') and 'read:' or 'held:'
				local set = prefix .. mode .. string.sub(ARGV[i], 2)
				redis.call('sadd', set, id)
				redis.call('pexpire', set, ttl)
				table.insert(holds, ARGV[i + 1])
			end
			redis.call('hset', KEYS[2], 'waits', ARGV[4], 'key', ARGV[5], 'type', ARGV[6], 'flow', ARGV[7],
				'instance', ARGV[8], 'holds', table.concat(holds, '\\n'))
			redis.call('hsetnx', KEYS[2], 'since', now)
			redis.call('pexpire', KEYS[2], ttl)
			redis.call('zadd', KEYS[1], now + ttl, id)
			redis.call('pexpire', KEYS[1], ttl)
			local stale = redis.call('zrangebyscore', KEYS[1], '-inf', now, 'LIMIT', 0, 100)
			for _, gone in ipairs(stale) do
				redis.call('zrem', KEYS[1], gone)
			end
			local marked = redis.call('hget', KEYS[2], 'victim')
			if marked then
				return {'victim', marked}
			end
			local parent = {}
			parent[id] = false
			local queue = {id}
			local head, found = 1, nil
			while head <= #queue and head <= tonumber(ARGV[9]) and not found do
				local node = queue[head]
				head = head + 1
				local waits = redis.call('hmget', prefix .. 'waiter:' .. node, 'waits', 'type')
				if waits[1] then
					local sets = {prefix .. 'held:' .. waits[1]}
					if waits[2] ~= 'read' then
						table.insert(sets, prefix .. 'read:' .. waits[1])
					end
					for _, set in ipairs(sets) do
						for _, holder in ipairs(redis.call('smembers', set)) do
							if redis.call('exists', prefix .. 'waiter:' .. holder) == 0 then
								redis.call('srem', set, holder)
							elseif holder == id then
								found = node
								break
							elseif parent[holder] == nil then
								parent[holder] = node
								table.insert(queue, holder)
							end
						end
						if found then
							break
						end
					end
				end
			end
			if not found then
				return {'none'}
			end
			local cycle = {}
			local node = found
			while node do
				table.insert(cycle, 1, node)
				node = parent[node]
			end
			local victim, youngest, at = nil, nil, 1
			for i, member in ipairs(cycle) do
				local entry = prefix .. 'waiter:' .. member
				if redis.call('hexists', entry, 'victim') == 1 then
					return {'none'}
				end
				local since = tonumber(redis.call('hget', entry, 'since'))
				if victim == nil or since > youngest or (since == youngest and member > victim) then
					victim, youngest, at = member, since, i
				end
			end
			local lines = {}
			for i = 0, #cycle - 1 do
				local member = cycle[((at - 1 + i) % #cycle) + 1]
				local f = redis.call('hmget', prefix .. 'waiter:' .. member, 'flow', 'instance', 'holds', 'key')
				local held = string.gsub(f[3], '\\n', "', '")
				table.insert(lines, f[1] .. ' of instance ' .. f[2] .. " holds ['" .. held .. "'] and waits for '"
					.. f[4] .. "'")
			end
			local described = table.concat(lines, '\\n')
			redis.call('hset', prefix .. 'waiter:' .. victim, 'victim', described)
			if victim == id then
				return {'victim', described}
			end
			return {'cycle', described}
			""";

	/**
	 * Remove a waiting flow from the wait-for graph. Our own layout
	 * ({@link RedissonLockLayout#deadlockPrefix}). KEYS: waiters index, this waiter's
	 * hash. ARGV: graph prefix, waiter id, then mode ({@code r}/{@code w}) + held Redis
	 * key for each held lock. Returns 1.
	 */
	static final String DEADLOCK_LEAVE = """
			redis.call('del', KEYS[2])
			redis.call('zrem', KEYS[1], ARGV[2])
			for i = 3, #ARGV do
				local mode = (string.sub(ARGV[i], 1, 1) == 'r') and 'read:' or 'held:'
				redis.call('srem', ARGV[1] .. mode .. string.sub(ARGV[i], 2), ARGV[2])
			end
			return 1
			""";

	/**
	 * Read the live entries of the wait-for graph. Our own layout
	 * ({@link RedissonLockLayout#deadlockPrefix}). KEYS: waiters index. ARGV: graph
	 * prefix, most entries to read. Returns seven strings per waiter: flow, instance,
	 * waited-for lock key, lock type, held lock keys (one per line), millis waited,
	 * {@code 1} if marked as a deadlock's victim else {@code 0}.
	 */
	static final String DEADLOCK_GRAPH = """
			local t = redis.call('time')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			local result = {}
			for _, id in ipairs(redis.call('zrangebyscore', KEYS[1], now, '+inf', 'LIMIT', 0, tonumber(ARGV[2]))) do
				local f = redis.call('hmget', ARGV[1] .. 'waiter:' .. id, 'flow', 'instance', 'key', 'type', 'holds',
					'since', 'victim')
				if f[1] then
					table.insert(result, f[1])
					table.insert(result, f[2])
					table.insert(result, f[3])
					table.insert(result, f[4])
					table.insert(result, f[5])
					table.insert(result, tostring(now - tonumber(f[6])))
					table.insert(result, f[7] and '1' or '0')
				end
			end
			return result
			""";

	private DeadlockScripts() {
	}

}
