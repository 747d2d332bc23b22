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
 * Every Lua script this project runs against Redisson's data. Each one either mirrors a
 * Redisson 4.7.0 script or relies on the layout described in {@link RedissonLockLayout};
 * the comment above it names the Redisson class, and
 * {@code RedissonLockLayoutContractIntegrationTests} fails when the Redisson version
 * changes, so that these are checked again.
 */
final class RedissonScripts {

	/**
	 * Issue the next fencing token if the holder still holds an {@code RLock}-based lock.
	 * Relies on the holder hash of Redisson 4.7.0's {@code RedissonBaseLock} (also
	 * {@code RedissonFairLock}, {@code RedissonReadLock}, {@code RedissonWriteLock}).
	 * KEYS: lock, fencing counter. ARGV: holder id. Returns the token, or -1 when the
	 * holder no longer holds the lock.
	 */
	static final String LOCK_FENCE = """
			if redis.call('hexists', KEYS[1], ARGV[1]) == 1 then
				return redis.call('incr', KEYS[2])
			end
			return -1
			""";

	/**
	 * Whether the holder still holds an {@code RLock}-based lock, without changing it.
	 * Relies on the holder hash of Redisson 4.7.0's {@code RedissonBaseLock} (also
	 * {@code RedissonFairLock}, {@code RedissonReadLock}, {@code RedissonWriteLock}).
	 * KEYS: lock. ARGV: holder id. Returns 1 if held, 0 if not.
	 */
	static final String HOLDS_LOCK = """
			return redis.call('hexists', KEYS[1], ARGV[1])
			""";

	/**
	 * Issue the next fencing token if every permit is still held. Relies on the timeout
	 * set of Redisson 4.7.0's {@code RedissonPermitExpirableSemaphore} (permit id bytes
	 * scored by expiry). KEYS: timeout set, fencing counter. ARGV: now in epoch millis,
	 * then the permit ids' bytes. Returns the token, or -1 when a permit expired.
	 */
	static final String SEMAPHORE_FENCE = """
			for i = 2, #ARGV do
				local expiry = redis.call('zscore', KEYS[1], ARGV[i])
				if expiry == false or tonumber(expiry) <= tonumber(ARGV[1]) then
					return -1
				end
			end
			return redis.call('incr', KEYS[2])
			""";

	/**
	 * Extend many held locks in one call, never shortening one: each lock's lease is set
	 * only when it is longer than the lock's remaining time to live. Used by the batched
	 * renewals and, with one entry, by nested holds, so that the lock's expiry always
	 * covers the longest open hold (Redisson's own reentrant {@code tryLock} and
	 * {@code unlock} reset it to their lease). An {@code RLock}, fair lock or write lock
	 * entry mirrors the watchdog's {@code renewExpirationAsync} of Redisson 4.7.0's
	 * {@code RedissonBaseLock}; a read lock entry mirrors that of its
	 * {@code RedissonReadLock}, which also extends the timeout key of each reentrant hold
	 * (a reader's unlock resets the lock's expiry to the longest remaining timeout key,
	 * so those must cover nested holds too). In a cluster every key of one call must be
	 * in one slot. KEYS: per entry the lock, and for a read lock also its
	 * {@link RedissonLockLayout#readTimeoutPrefix read timeout prefix}. ARGV: lease
	 * millis, then per entry the holder id and {@code 1} for a read lock or {@code 0}.
	 * Returns per entry 1 if held, 0 if not.
	 */
	static final String RENEW_LOCKS = """
			local lease = tonumber(ARGV[1])
			local result = {}
			local k = 1
			for i = 2, #ARGV, 2 do
				local name = KEYS[k]
				local holder = ARGV[i]
				local held = 0
				if ARGV[i + 1] == '1' then
					local counter = redis.call('hget', name, holder)
					if counter ~= false then
						for c = tonumber(counter), 1, -1 do
							local timeoutKey = KEYS[k + 1] .. ':' .. holder .. ':rwlock_timeout:' .. c
							if redis.call('pttl', timeoutKey) < lease then
								redis.call('pexpire', timeoutKey, lease)
							end
						end
						held = 1
					end
					k = k + 2
				else
					held = redis.call('hexists', name, holder)
					k = k + 1
				end
				if held == 1 and redis.call('pttl', name) < lease then
					redis.call('pexpire', name, lease)
				end
				result[#result + 1] = held
			end
			return result
			""";

	/**
	 * Release a fair lock in one round trip where Redisson needs two (an ownership check,
	 * then its unlock, which reports success for a lock that has already expired).
	 * Mirrors {@code unlockInnerAsync} of Redisson 4.7.0's {@code RedissonFairLock}: same
	 * data layout and wake-up message; it drops waiters whose turn timed out, then counts
	 * down this holder's hold and wakes the next waiter when the lock becomes free (also
	 * on the lock's own channel, where this project's line of waiters by priority
	 * listens, {@link #PRIORITY_LOCK}). KEYS: lock, fair queue, fair timeout set, fair
	 * channel prefix, unlock latch. ARGV: unlock message, lease millis, holder id, now in
	 * epoch millis, publish command, latch millis. Returns 1 when released, 0 when still
	 * held reentrantly, -1 when this holder no longer held the lock. Like Redisson's own
	 * unlock, it records that outcome under the release's request id (the unlock latch),
	 * so a release that Redisson re-sends after a response timeout returns it again
	 * instead of releasing twice.
	 */
	static final String FAIR_UNLOCK = """
			local done = redis.call('get', KEYS[5])
			if done ~= false then
				return tonumber(done)
			end
			while true do
				local first = redis.call('lindex', KEYS[2], 0)
				if first == false then
					break
				end
				local timeout = redis.call('zscore', KEYS[3], first)
				if timeout ~= false and tonumber(timeout) <= tonumber(ARGV[4]) then
					redis.call('zrem', KEYS[3], first)
					redis.call('lpop', KEYS[2])
				else
					break
				end
			end
			if redis.call('hexists', KEYS[1], ARGV[3]) == 0 then
				if redis.call('exists', KEYS[1]) == 0 then
					local nextThreadId = redis.call('lindex', KEYS[2], 0)
					if nextThreadId ~= false then
						redis.call(ARGV[5], KEYS[4] .. ':' .. nextThreadId, ARGV[1])
					end
				end
				redis.call('set', KEYS[5], -1, 'px', ARGV[6])
				return -1
			end
			if redis.call('hincrby', KEYS[1], ARGV[3], -1) > 0 then
				redis.call('pexpire', KEYS[1], ARGV[2])
				redis.call('set', KEYS[5], 0, 'px', ARGV[6])
				return 0
			end
			redis.call('del', KEYS[1])
			redis.call('set', KEYS[5], 1, 'px', ARGV[6])
			local nextThreadId = redis.call('lindex', KEYS[2], 0)
			if nextThreadId ~= false then
				redis.call(ARGV[5], KEYS[4] .. ':' .. nextThreadId, ARGV[1])
			end
			redis.call(ARGV[5], KEYS[4], ARGV[1])
			return 1
			""";

	/**
	 * Take a fair lock's waiter out of its queue when it stops waiting (interrupted,
	 * timed out or failed), so that the waiters behind it need not wait for its turn to
	 * time out. Mirrors {@code acquireFailedAsync} of Redisson 4.7.0's
	 * {@code RedissonFairLock} (the waiters behind it move up by the wait time it queued
	 * with) and wakes the new first waiter when the lock is free. KEYS: lock, fair queue,
	 * fair timeout set, fair channel prefix. ARGV: holder id, the waiter's wait millis,
	 * unlock message, publish command. Returns 1 when the waiter was queued, 0 if not.
	 */
	static final String FAIR_LEAVE_QUEUE = """
			local queue = redis.call('lrange', KEYS[2], 0, -1)
			local i = 1
			while i <= #queue and queue[i] ~= ARGV[1] do
				i = i + 1
			end
			if i > #queue then
				return 0
			end
			for j = i + 1, #queue do
				redis.call('zincrby', KEYS[3], -tonumber(ARGV[2]), queue[j])
			end
			redis.call('zrem', KEYS[3], ARGV[1])
			redis.call('lrem', KEYS[2], 0, ARGV[1])
			if redis.call('exists', KEYS[1]) == 0 then
				local nextThreadId = redis.call('lindex', KEYS[2], 0)
				if nextThreadId ~= false then
					redis.call(ARGV[4], KEYS[4] .. ':' .. nextThreadId, ARGV[3])
				end
			end
			return 1
			""";

	/**
	 * Take semaphore permits if fewer than the caller's maximum are held. Keeps the
	 * layout of Redisson 4.7.0's {@code RedissonPermitExpirableSemaphore} (permit id
	 * bytes scored by expiry in the timeout set, the free permits as a string at the
	 * semaphore's key) but counts the live permits in the timeout set instead of trusting
	 * the stored counter, so the maximum of each request applies, not the first one ever
	 * used. KEYS: semaphore, timeout set. ARGV: now in epoch millis, expiry in epoch
	 * millis, max permits, permits, then the new permit ids' bytes. Returns -1 when taken
	 * (also when a re-sent command finds them taken already), otherwise the millis until
	 * the first held permit expires.
	 */
	static final String SEMAPHORE_ACQUIRE = """
			if redis.call('zscore', KEYS[2], ARGV[5]) ~= false then
				return -1
			end
			redis.call('zremrangebyscore', KEYS[2], '-inf', ARGV[1])
			local held = redis.call('zcard', KEYS[2])
			local max = tonumber(ARGV[3])
			local wanted = tonumber(ARGV[4])
			if held + wanted > max then
				redis.call('set', KEYS[1], math.max(max - held, 0))
				local first = redis.call('zrange', KEYS[2], 0, 0, 'WITHSCORES')
				if first[2] == nil then
					return 0
				end
				return math.max(tonumber(first[2]) - tonumber(ARGV[1]), 0)
			end
			for i = 5, #ARGV do
				redis.call('zadd', KEYS[2], ARGV[2], ARGV[i])
			end
			redis.call('set', KEYS[1], max - held - wanted)
			return -1
			""";

	/**
	 * Release semaphore permits exactly once: every permit of the hold is removed, the
	 * still valid ones too when one of them expired, and the outcome is recorded under
	 * the release's request id so that a re-sent release returns it again, as the unlock
	 * latch of Redisson 4.7.0's {@code RedissonBaseLock.unlockInnerAsync}. Publishes on
	 * the channel {@code RedissonPermitExpirableSemaphore} uses. KEYS: semaphore, timeout
	 * set, channel, unlock latch. ARGV: now in epoch millis, publish command, latch
	 * millis, max permits, then the permit ids' bytes. Returns 1 when every permit was
	 * still held, 0 when one had expired or was gone.
	 */
	static final String SEMAPHORE_RELEASE = """
			local done = redis.call('get', KEYS[4])
			if done ~= false then
				return tonumber(done)
			end
			local valid = 1
			for i = 5, #ARGV do
				local expiry = redis.call('zscore', KEYS[2], ARGV[i])
				if expiry == false or tonumber(expiry) <= tonumber(ARGV[1]) then
					valid = 0
				end
				redis.call('zrem', KEYS[2], ARGV[i])
			end
			redis.call('zremrangebyscore', KEYS[2], '-inf', ARGV[1])
			local free = math.max(tonumber(ARGV[4]) - redis.call('zcard', KEYS[2]), 0)
			redis.call('set', KEYS[1], free)
			redis.call(ARGV[2], KEYS[3], free)
			redis.call('set', KEYS[4], valid, 'px', ARGV[3])
			return valid
			""";

	/**
	 * Whether a key is held in any mode. Relies on the holder hash of Redisson 4.7.0's
	 * {@code RedissonBaseLock} and the permit count string plus timeout set of its
	 * {@code RedissonPermitExpirableSemaphore}. KEYS: lock, semaphore timeout set. ARGV:
	 * now in epoch millis. Returns 1 if held, 0 if not.
	 */
	static final String IS_LOCKED = """
			local t = redis.call('type', KEYS[1])['ok']
			if t == 'hash' then
				return 1
			end
			if t == 'string' and redis.call('zcount', KEYS[2], '(' .. ARGV[1], '+inf') > 0 then
				return 1
			end
			return 0
			""";

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

	// Releases in one command (issue 12). Redisson 4.7.0 releases an RLock, read lock or
	// write lock with its unlock script and then a second command, the DEL of the unlock
	// latch that made the script safe to re-send. These keep Redisson's data layout and
	// publish what its unlock publishes, so Redisson's waiters and ours wake up alike.
	// Our holds are never reentrant in Redis (one holder field per acquisition, count 1:
	// reentrancy is per scope in LockTemplate), so a release removes the holder field.
	// Instead of a latch per release that must be deleted, the release records its
	// holder in the lock's one release record (RedissonLockLayout.releasedKey), which
	// expires by itself once Redisson can no longer re-send: a re-sent release that finds
	// its holder gone but recorded reports the first release's outcome, and it can never
	// release another holder's lock, because each holder id is used once.

	/**
	 * Release an {@code RLock} in one command. Mirrors {@code unlockInnerAsync} of
	 * Redisson 4.7.0's {@code RedissonLock} (deletes the lock and publishes the unlock
	 * message on its channel with Redisson's publish command) without its unlock latch.
	 * KEYS: lock, lock channel, release record. ARGV: unlock message, holder id, publish
	 * command, record millis. Returns 1 when released (also when a re-sent release finds
	 * its first run recorded), -1 when this holder no longer held the lock.
	 */
	static final String EXCLUSIVE_RELEASE = """
			if redis.call('hexists', KEYS[1], ARGV[2]) == 0 then
				if redis.call('get', KEYS[3]) == ARGV[2] then
					return 1
				end
				return -1
			end
			redis.call('del', KEYS[1])
			redis.call(ARGV[3], KEYS[2], ARGV[1])
			redis.call('set', KEYS[3], ARGV[2], 'px', ARGV[4])
			return 1
			""";

	/**
	 * Release a write lock in one command. Mirrors {@code unlockInnerAsync} of Redisson
	 * 4.7.0's {@code RedissonWriteLock}: removes the writer; deletes the lock and
	 * publishes the read-unlock message on the read/write channel when nothing else holds
	 * it, or else leaves it to the writer's remaining read holds in read mode; a lock
	 * found gone is announced on the channel all the same. Without its unlock latch.
	 * KEYS: lock, read/write channel, release record. ARGV: read-unlock message, holder
	 * id, publish command, record millis. Returns 1 when released (also when a re-sent
	 * release finds its first run recorded), -1 when this holder no longer held the lock.
	 */
	static final String WRITE_RELEASE = """
			local mode = redis.call('hget', KEYS[1], 'mode')
			if mode == false then
				redis.call(ARGV[3], KEYS[2], ARGV[1])
			end
			if mode ~= 'write' or redis.call('hexists', KEYS[1], ARGV[2]) == 0 then
				if redis.call('get', KEYS[3]) == ARGV[2] then
					return 1
				end
				return -1
			end
			redis.call('hdel', KEYS[1], ARGV[2])
			if redis.call('hlen', KEYS[1]) == 1 then
				redis.call('del', KEYS[1])
				redis.call(ARGV[3], KEYS[2], ARGV[1])
			else
				redis.call('hset', KEYS[1], 'mode', 'read')
			end
			redis.call('set', KEYS[3], ARGV[2], 'px', ARGV[4])
			return 1
			""";

	/**
	 * Release a read lock in one command. Mirrors {@code unlockInnerAsync} of Redisson
	 * 4.7.0's {@code RedissonReadLock}: removes the reader and its hold's timeout key;
	 * while other holds remain, the lock's expiry becomes the longest remaining timeout
	 * of the other readers' holds (it stays as it is under a writer); otherwise the lock
	 * is deleted and the unlock message published on the read/write channel. A lock found
	 * gone is announced on the channel all the same. Without its unlock latch. KEYS:
	 * lock, read/write channel, this holder's timeout key prefix, the lock's read timeout
	 * prefix, release record. ARGV: unlock message, holder id, publish command, record
	 * millis. Returns 1 when released (also when a re-sent release finds its first run
	 * recorded), -1 when this holder no longer held the lock.
	 */
	static final String READ_RELEASE = """
			local mode = redis.call('hget', KEYS[1], 'mode')
			if mode == false then
				redis.call(ARGV[3], KEYS[2], ARGV[1])
			end
			local counter = (mode ~= false) and tonumber(redis.call('hget', KEYS[1], ARGV[2])) or nil
			if counter == nil then
				if redis.call('get', KEYS[5]) == ARGV[2] then
					return 1
				end
				return -1
			end
			redis.call('hdel', KEYS[1], ARGV[2])
			for i = counter, 1, -1 do
				redis.call('del', KEYS[3] .. ':' .. i)
			end
			redis.call('set', KEYS[5], ARGV[2], 'px', ARGV[4])
			if redis.call('hlen', KEYS[1]) > 1 then
				local maxRemainTime = -3
				for _, field in ipairs(redis.call('hkeys', KEYS[1])) do
					local holds = tonumber(redis.call('hget', KEYS[1], field))
					if type(holds) == 'number' then
						for i = holds, 1, -1 do
							local remainTime = redis.call('pttl', KEYS[4] .. ':' .. field .. ':rwlock_timeout:' .. i)
							maxRemainTime = math.max(remainTime, maxRemainTime)
						end
					end
				end
				if maxRemainTime > 0 then
					redis.call('pexpire', KEYS[1], maxRemainTime)
					return 1
				end
				if mode == 'write' then
					return 1
				end
			end
			redis.call('del', KEYS[1])
			redis.call(ARGV[3], KEYS[2], ARGV[1])
			return 1
			""";

	// Semaphore renewal in batches (issue 12).

	/**
	 * Extend the permits of many semaphore holds in one call, never shortening one: a
	 * permit's expiry becomes now plus the lease when that is later. Relies on the
	 * timeout set of Redisson 4.7.0's {@code RedissonPermitExpirableSemaphore} (permit id
	 * bytes scored by expiry in epoch millis) and replaces its {@code updateLeaseTime},
	 * one command per permit. A hold counts as held only while every one of its permits
	 * is; then all are extended, otherwise none. Unlike {@code updateLeaseTime} it does
	 * not free other callers' expired permits (the acquisition does). In a cluster every
	 * key of one call must be in one slot. KEYS: per hold the semaphore's timeout set.
	 * ARGV: now in epoch millis, lease millis, then per hold its number of permits and
	 * their ids' bytes. Returns per hold 1 if held, 0 if not.
	 */
	static final String RENEW_PERMITS = """
			local now = tonumber(ARGV[1])
			local expiry = now + tonumber(ARGV[2])
			local result = {}
			local a = 3
			for k = 1, #KEYS do
				local count = tonumber(ARGV[a])
				local held = 1
				for i = a + 1, a + count do
					local score = redis.call('zscore', KEYS[k], ARGV[i])
					if score == false or tonumber(score) <= now then
						held = 0
					end
				end
				if held == 1 then
					for i = a + 1, a + count do
						if tonumber(redis.call('zscore', KEYS[k], ARGV[i])) < expiry then
							redis.call('zadd', KEYS[k], expiry, ARGV[i])
						end
					end
				end
				result[#result + 1] = held
				a = a + count + 1
			end
			return result
			""";

	private RedissonScripts() {
	}

	// Priority lock queues (issue 13): the line of waiting callers in Redis, by priority
	// then arrival. See PriorityGate.

	/**
	 * Take an exclusive, fair or write lock unless another caller is ahead in this
	 * project's line of waiters ({@link RedissonLockLayout#waitersKey}): the order of the
	 * line is checked in the same round trip that takes the lock. The lock part mirrors
	 * {@code tryLockInnerAsync} of Redisson 4.7.0's {@code RedissonLock} (a holder field
	 * counting 1) and, for a write lock (ARGV[8] is 1), of its {@code RedissonWriteLock}
	 * (the {@code mode} field), so Redisson's own unlock, this project's fair release,
	 * renewal ({@link #RENEW_LOCKS}), fencing and inspection work on it unchanged. A fair
	 * lock (ARGV[6] is 1) also lets a waiter queued in {@code RedissonFairLock}'s queue
	 * by a plain Redisson client go first, dropping those whose turn timed out. Every
	 * owner id is used once, so a holder that already holds the lock is an attempt
	 * re-sent after a lost reply: it is granted again without counting a second hold.
	 * <p>
	 * When nobody is in line the script only checks the line's key and does what
	 * Redisson's does (the uncontended path). Otherwise entries whose expiry passed are
	 * dropped, and the caller's rank is its entry's score, or the server's clock in
	 * micros minus its head start if it has none yet (so clients' clocks do not matter).
	 * It takes a free lock when no other waiter is first in line, or when its rank is
	 * within ARGV[9] micros of the first waiter's (0 for a fair lock: first come first
	 * served; the aging interval otherwise, so that callers of equal priority that arrive
	 * close together do not wait for one another's wake-up). When it does not take the
	 * lock and ARGV[3] is 1 or 2, it joins the line (or refreshes its entry's expiry).
	 * KEYS: lock, waiters, waiter expiries, fair queue, fair timeout set. ARGV: lease
	 * millis, holder id, join (0: never, 1: always, 2: only when not taken), head start
	 * in micros (time waited plus priority times aging interval), entry ttl millis, fair
	 * (1 or 0), the caller's {@link RedissonLockLayout#waiterEntry entry}, write (1 or
	 * 0), tolerance in micros. Returns -1 when taken, otherwise the millis after which to
	 * try again at the latest if no wake-up comes (the holder's remaining lease, or when
	 * the first waiter's entry expires).
	 */
	static final String PRIORITY_LOCK = """
			local ttl = tonumber(ARGV[5])
			if ARGV[3] ~= '1' and redis.call('exists', KEYS[2]) == 0 then
				if redis.call('exists', KEYS[1]) == 0 then
					if ARGV[6] ~= '1' or redis.call('exists', KEYS[4]) == 0 then
						if ARGV[8] == '1' then
							redis.call('hset', KEYS[1], 'mode', 'write')
						end
						redis.call('hset', KEYS[1], ARGV[2], 1)
						redis.call('pexpire', KEYS[1], ARGV[1])
						return -1
					end
				elseif redis.call('hexists', KEYS[1], ARGV[2]) == 1 then
					return -1
				elseif ARGV[3] == '0' then
					local held = redis.call('pttl', KEYS[1])
					if held < 0 then
						return ttl
					end
					return held
				end
			end
			redis.replicate_commands()
			if redis.call('hexists', KEYS[1], ARGV[2]) == 1 then
				redis.call('zrem', KEYS[2], ARGV[7])
				redis.call('zrem', KEYS[3], ARGV[7])
				return -1
			end
			local clock = redis.call('time')
			local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
			local expired = redis.call('zrangebyscore', KEYS[3], '-inf', now)
			if #expired > 0 then
				for i = 1, #expired do
					redis.call('zrem', KEYS[2], expired[i])
				end
				redis.call('zremrangebyscore', KEYS[3], '-inf', now)
			end
			local mine = redis.call('zscore', KEYS[2], ARGV[7])
			local rank = now - tonumber(ARGV[4])
			if mine ~= false then
				rank = tonumber(mine)
			end
			local first
			local firstExpiry
			while true do
				first = redis.call('zrange', KEYS[2], 0, 0, 'WITHSCORES')
				if first[1] == nil then
					break
				end
				firstExpiry = redis.call('zscore', KEYS[3], first[1])
				if firstExpiry ~= false then
					break
				end
				redis.call('zrem', KEYS[2], first[1])
			end
			local ahead = first[1] ~= nil and first[1] ~= ARGV[7]
				and rank > tonumber(first[2]) + tonumber(ARGV[9])
			local held = redis.call('pttl', KEYS[1])
			local free = held == -2
			if free and ARGV[6] == '1' then
				while true do
					local queued = redis.call('lindex', KEYS[4], 0)
					if queued == false then
						break
					end
					local timeout = redis.call('zscore', KEYS[5], queued)
					if timeout ~= false and tonumber(timeout) <= now / 1000 then
						redis.call('zrem', KEYS[5], queued)
						redis.call('lpop', KEYS[4])
					else
						free = false
						break
					end
				end
			end
			if free and not ahead then
				if ARGV[8] == '1' then
					redis.call('hset', KEYS[1], 'mode', 'write')
				end
				redis.call('hset', KEYS[1], ARGV[2], 1)
				redis.call('pexpire', KEYS[1], ARGV[1])
				redis.call('zrem', KEYS[2], ARGV[7])
				redis.call('zrem', KEYS[3], ARGV[7])
				return -1
			end
			if ARGV[3] ~= '0' then
				if mine == false then
					redis.call('zadd', KEYS[2], rank, ARGV[7])
				end
				redis.call('zadd', KEYS[3], now + ttl * 1000, ARGV[7])
				redis.call('pexpire', KEYS[2], ttl)
				redis.call('pexpire', KEYS[3], ttl)
			end
			if held > 0 then
				return held
			end
			if ahead then
				return math.max(math.floor((tonumber(firstExpiry) - now) / 1000), 0)
			end
			return ttl
			""";

	/**
	 * Take a waiter out of this project's line of waiters
	 * ({@link RedissonLockLayout#waitersKey}) when it stops waiting (timed out,
	 * interrupted, cancelled, failed, or stepping back for a better local caller). If the
	 * lock is free and others still wait, it publishes on the lock's channel, as a
	 * release would, so that the new first waiter takes it. The sorted sets vanish with
	 * their last entry. KEYS: waiters, waiter expiries, lock, the lock's channel
	 * ({@link RedissonLockLayout#wakeChannel}). ARGV: the waiter's
	 * {@link RedissonLockLayout#waiterEntry entry}, publish command, message. Returns 1
	 * if the waiter was in line, 0 if not.
	 */
	static final String PRIORITY_LEAVE = """
			redis.call('zrem', KEYS[2], ARGV[1])
			local removed = redis.call('zrem', KEYS[1], ARGV[1])
			if removed == 1 and redis.call('exists', KEYS[3]) == 0 and redis.call('zcard', KEYS[1]) > 0 then
				redis.call(ARGV[2], KEYS[4], ARGV[3])
			end
			return removed
			""";

	/**
	 * Return the line of waiters ({@link RedissonLockLayout#waitersKey}) without the
	 * entries whose expiry passed, first in line first. KEYS: waiters, waiter expiries.
	 * Returns entries and scores (micros), alternately.
	 */
	static final String PRIORITY_WAITERS = """
			local clock = redis.call('time')
			local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
			local line = redis.call('zrange', KEYS[1], 0, -1, 'WITHSCORES')
			local live = {}
			for i = 1, #line, 2 do
				local expiry = redis.call('zscore', KEYS[2], line[i])
				if expiry ~= false and tonumber(expiry) > now then
					table.insert(live, line[i])
					table.insert(live, line[i + 1])
				end
			end
			return live
			""";

}
