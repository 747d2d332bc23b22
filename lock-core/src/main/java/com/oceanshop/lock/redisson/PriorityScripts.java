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
 * The Lua scripts of this project's line of waiting callers in Redis (priority lock
 * queues, issue 13), by priority then arrival: see {@link PriorityGate}. The lock part of
 * {@link #PRIORITY_LOCK} mirrors a Redisson 4.7.0 script, named in its comment, and
 * {@code RedissonLockLayoutContractIntegrationTests} fails when the Redisson version
 * changes, so that it is checked again.
 */
final class PriorityScripts {

	/**
	 * Take an exclusive, fair or write lock unless another caller is ahead in this
	 * project's line of waiters ({@link RedissonLockLayout#waitersKey}): the order of the
	 * line is checked in the same round trip that takes the lock. The lock part mirrors
	 * {@code tryLockInnerAsync} of Redisson 4.7.0's {@code RedissonLock} (a holder field
	 * counting 1) and, for a write lock (ARGV[8] is 1), of its {@code RedissonWriteLock}
	 * (the {@code mode} field), so Redisson's own unlock, this project's fair release,
	 * renewal ({@link RedissonScripts#RENEW_LOCKS}), fencing and inspection work on it
	 * unchanged. A fair lock (ARGV[6] is 1) also lets a waiter queued in
	 * {@code RedissonFairLock}'s queue by a plain Redisson client go first, dropping
	 * those whose turn timed out. Every owner id is used once, so a holder that already
	 * holds the lock is an attempt re-sent after a lost reply, or a waiter a release
	 * handed the lock to with a provisional lease
	 * ({@link ReleaseScripts#EXCLUSIVE_HAND_OFF}): it is granted again without counting a
	 * second hold, its lease extended to the one it asks for (never shortened).
	 * <p>
	 * When nobody is in line the script checks the lock's and the line's keys in one
	 * {@code EXISTS} and does what Redisson's does (the uncontended path). Otherwise
	 * entries whose expiry passed are dropped, and the caller's rank is its entry's
	 * score, or the server's clock in micros minus its head start if it has none yet (so
	 * clients' clocks do not matter). It takes a free lock when no other waiter is first
	 * in line, or when its rank is within ARGV[9] micros of the first waiter's (0 for a
	 * fair lock: first come first served; the aging interval otherwise, so that callers
	 * of equal priority that arrive close together do not wait for one another's
	 * wake-up). When it does not take the lock and ARGV[3] is 1 or 2, it joins the line
	 * (or refreshes its entry's expiry). KEYS: lock, waiters, waiter expiries, fair
	 * queue, fair timeout set. ARGV: lease millis, holder id, join (0: never, 1: always,
	 * 2: only when not taken), head start in micros (time waited plus priority times
	 * aging interval), entry ttl millis, fair (1 or 0), the caller's
	 * {@link RedissonLockLayout#waiterEntry entry}, write (1 or 0), tolerance in micros.
	 * Returns -1 when taken, otherwise the millis after which to try again at the latest
	 * if no wake-up comes (the holder's remaining lease, or when the first waiter's entry
	 * expires).
	 */
	static final String PRIORITY_LOCK = """
			local ttl = tonumber(ARGV[5])
			local present = (ARGV[3] ~= '1') and redis.call('exists', KEYS[1], KEYS[2]) or 2
			if present == 0 then
				if ARGV[6] ~= '1' or redis.call('exists', KEYS[4]) == 0 then
					if ARGV[8] == '1' then
						redis.call('hset', KEYS[1], 'mode', 'write')
					end
					redis.call('hset', KEYS[1], ARGV[2], 1)
					redis.call('pexpire', KEYS[1], ARGV[1])
					return -1
				end
			elseif present == 1 and redis.call('exists', KEYS[2]) == 0 then
				if redis.call('hexists', KEYS[1], ARGV[2]) == 1 then
					if redis.call('pttl', KEYS[1]) < tonumber(ARGV[1]) then
						redis.call('pexpire', KEYS[1], ARGV[1])
					end
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
				if redis.call('pttl', KEYS[1]) < tonumber(ARGV[1]) then
					redis.call('pexpire', KEYS[1], ARGV[1])
				end
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
	 * release would, so that the new first waiter takes it. If a release handed the lock
	 * to this waiter meanwhile ({@link ReleaseScripts#EXCLUSIVE_HAND_OFF},
	 * {@link ReleaseScripts#FAIR_UNLOCK}: the lock holds its holder id alone), the waiter
	 * never learned it holds it, so the lock is given back and the channel told, instead
	 * of waiting out the provisional lease. The sorted sets vanish with their last entry.
	 * KEYS: waiters, waiter expiries, lock, the lock's channel
	 * ({@link RedissonLockLayout#wakeChannel}). ARGV: the waiter's
	 * {@link RedissonLockLayout#waiterEntry entry}, publish command, message, the
	 * waiter's holder id. Returns 1 if the waiter was in line, 0 if not.
	 */
	static final String PRIORITY_LEAVE = """
			redis.call('zrem', KEYS[2], ARGV[1])
			local removed = redis.call('zrem', KEYS[1], ARGV[1])
			if redis.call('hexists', KEYS[3], ARGV[4]) == 1 and redis.call('hlen', KEYS[3]) == 1 then
				redis.call('del', KEYS[3])
				redis.call(ARGV[2], KEYS[4], ARGV[3])
			elseif removed == 1 and redis.call('exists', KEYS[3]) == 0 and redis.call('zcard', KEYS[1]) > 0 then
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

	private PriorityScripts() {
	}

}
