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
 * The Lua scripts that release an {@code RLock}-based lock in Redisson's layout, in one
 * command each, and those that hand the lock straight to the next holder inside the
 * release (a local waiter, or another instance's first waiter in the priority line). As
 * in {@link RedissonScripts}, each one mirrors a Redisson 4.7.0 script or relies on the
 * layout described in {@link RedissonLockLayout}, and
 * {@code RedissonLockLayoutContractIntegrationTests} fails when the Redisson version
 * changes.
 */
final class ReleaseScripts {

	/**
	 * Lua functions of the releases that hand a lock to a waiter in this project's line
	 * ({@link RedissonLockLayout#waitersKey}, with its expiry set): {@code firstLive}
	 * drops the entries whose expiry passed from the head of the line and returns the
	 * first live entry and its place ({@code ZRANGE ... WITHSCORES}), or {@code nil} once
	 * the line is empty; {@code grant} takes an entry out of the line and gives the lock
	 * to a holder id with a lease.
	 */
	private static final String LINE_FUNCTIONS = """
			local function firstLive(line, expiries, now)
				while true do
					local first = redis.call('zrange', line, 0, 0, 'WITHSCORES')
					if first[1] == nil then
						return nil
					end
					local expiry = redis.call('zscore', expiries, first[1])
					if expiry ~= false and tonumber(expiry) > now then
						return first
					end
					redis.call('zrem', line, first[1])
					redis.call('zrem', expiries, first[1])
				end
			end
			local function grant(lock, line, expiries, entry, holder, leaseMillis)
				redis.call('zrem', line, entry)
				redis.call('zrem', expiries, entry)
				redis.call('hset', lock, holder, 1)
				redis.call('pexpire', lock, leaseMillis)
			end
			""";

	/**
	 * Release a fair lock in one round trip where Redisson needs two (an ownership check,
	 * then its unlock, which reports success for a lock that has already expired).
	 * Mirrors {@code unlockInnerAsync} of Redisson 4.7.0's {@code RedissonFairLock}: same
	 * data layout and wake-up message; it drops waiters whose turn timed out, then counts
	 * down this holder's hold and wakes the next waiter when the lock becomes free (also
	 * on the lock's own channel, where this project's line of waiters by priority
	 * listens, {@link PriorityScripts#PRIORITY_LOCK}). When nobody waits in Redisson's
	 * fair queue, the lock passes straight to the next holder in the same command, in
	 * arrival order: to the given successor (the next local waiter) if it came no later
	 * than the first live waiter of the priority line (within the tolerance, none for a
	 * fair lock, by which {@code PRIORITY_LOCK} lets a caller take a free lock), else to
	 * that first waiter, another instance's caller, with a provisional lease: its entry
	 * leaves the line and its owner id is published on the lock's channel, so that only
	 * it tries again and sets its own lease, as {@link #EXCLUSIVE_HAND_OFF} hands an
	 * exclusive lock. Nothing is published when it passes to the successor. KEYS: lock,
	 * fair queue, fair timeout set, fair channel prefix (also the lock's channel), unlock
	 * latch, priority line, waiter expiries. ARGV: unlock message, lease millis, holder
	 * id, now in epoch millis, publish command, latch millis, successor holder id (empty
	 * for none), successor lease millis, provisional lease millis, successor head start
	 * in micros (as {@code PRIORITY_LOCK}'s), tolerance in micros. Returns 3 when handed
	 * to another instance's waiter, 2 when handed to the successor, 1 when released, 0
	 * when still held reentrantly, -1 when this holder no longer held the lock. Like
	 * Redisson's own unlock, it records that outcome under the release's request id (the
	 * unlock latch), so a release that Redisson re-sends after a response timeout returns
	 * it again instead of releasing twice.
	 */
	static final String FAIR_UNLOCK = LINE_FUNCTIONS + """
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
			local nextThreadId = redis.call('lindex', KEYS[2], 0)
			local lined = nextThreadId == false and redis.call('exists', KEYS[6]) == 1
			if lined then
				redis.replicate_commands()
				local clock = redis.call('time')
				local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
				local first = firstLive(KEYS[6], KEYS[7], now)
				lined = first ~= nil
				if lined then
					if ARGV[7] ~= '' and (first[1] == ARGV[7] .. ':fair'
							or now - tonumber(ARGV[10]) <= tonumber(first[2]) + tonumber(ARGV[11])) then
						grant(KEYS[1], KEYS[6], KEYS[7], ARGV[7] .. ':fair', ARGV[7], ARGV[8])
						redis.call('set', KEYS[5], 2, 'px', ARGV[6])
						return 2
					end
					local holder, owner = string.match(first[1], '^(.*:(%d+)):fair$')
					if holder ~= nil then
						grant(KEYS[1], KEYS[6], KEYS[7], first[1], holder, ARGV[9])
						redis.call('set', KEYS[5], 3, 'px', ARGV[6])
						redis.call(ARGV[5], KEYS[4], owner)
						return 3
					end
				end
			end
			if ARGV[7] ~= '' and nextThreadId == false and not lined then
				redis.call('hset', KEYS[1], ARGV[7], 1)
				redis.call('pexpire', KEYS[1], ARGV[8])
				redis.call('set', KEYS[5], 2, 'px', ARGV[6])
				return 2
			end
			redis.call('set', KEYS[5], 1, 'px', ARGV[6])
			if nextThreadId ~= false then
				redis.call(ARGV[5], KEYS[4] .. ':' .. nextThreadId, ARGV[1])
			end
			redis.call(ARGV[5], KEYS[4], ARGV[1])
			return 1
			""";

	/**
	 * Release an {@code RLock} in one command. Mirrors {@code unlockInnerAsync} of
	 * Redisson 4.7.0's {@code RedissonLock} (deletes the lock and publishes the unlock
	 * message on its channel with Redisson's publish command) without its unlock latch.
	 * The holder's field is the lock's only one (our holds count 1), so removing it
	 * deletes the lock ({@code HDEL} of the last field) in the same call that checks it.
	 * KEYS: lock, lock channel, release record. ARGV: unlock message, holder id, publish
	 * command, record millis. Returns 1 when released (also when a re-sent release finds
	 * its first run recorded), -1 when this holder no longer held the lock.
	 */
	static final String EXCLUSIVE_RELEASE = """
			if redis.call('hdel', KEYS[1], ARGV[2]) == 0 then
				if redis.call('get', KEYS[3]) == ARGV[2] then
					return 1
				end
				return -1
			end
			redis.call(ARGV[3], KEYS[2], ARGV[1])
			redis.call('set', KEYS[3], ARGV[2], 'px', ARGV[4])
			return 1
			""";

	/**
	 * Release an {@code RLock} straight to the next holder, in one command. If another
	 * instance waits in the priority line ({@link RedissonLockLayout#waitersKey}), the
	 * lock passes to the first live waiter there (its entry is its holder id) with a
	 * provisional lease, its entry leaves the line, and its owner id is published on the
	 * lock's channel, so that only that waiter tries again (it then sets its own lease,
	 * {@link PriorityScripts#PRIORITY_LOCK}); Redisson's own waiters ignore the message.
	 * Except for a batch of local hand-offs (lock cohorting): given a successor (the next
	 * local waiter) whose rank is within the tolerance of that first waiter's (the rule
	 * by which {@code PRIORITY_LOCK} lets a caller take a free lock ahead of the first in
	 * line), the lock passes to the successor instead, at most ARGV[10] times in a row
	 * while such a waiter waits; the release record counts them ({@code holder>n}, read
	 * by the next holder's release). Otherwise, given a successor and an empty line, the
	 * lock passes to the successor's holder id with the successor's lease and nothing is
	 * published. Otherwise it is released as {@link #EXCLUSIVE_RELEASE} releases it. The
	 * release record notes a hand-off, so that a re-sent command reports the same
	 * outcome. KEYS: lock, lock channel, release record, waiters line, waiter expiries.
	 * ARGV: unlock message, holder id, publish command, record millis, successor holder
	 * id (empty for none), successor lease millis, provisional lease millis, successor
	 * head start in micros (as {@code PRIORITY_LOCK}'s), tolerance in micros, local
	 * hand-offs in a row at most. Returns 3 when handed to another instance's waiter, 2
	 * when handed to the successor, 1 when released, -1 when this holder no longer held
	 * the lock.
	 */
	static final String EXCLUSIVE_HAND_OFF = LINE_FUNCTIONS + """
			if redis.call('hdel', KEYS[1], ARGV[2]) == 0 then
				local recorded = redis.call('get', KEYS[3])
				if recorded == ARGV[2] then
					return 1
				end
				if recorded == ARGV[2] .. '>>' then
					return 3
				end
				if recorded and string.sub(recorded, 1, #ARGV[2] + 1) == ARGV[2] .. '>' then
					return 2
				end
				return -1
			end
			local successor = ARGV[5]
			if redis.call('exists', KEYS[4]) == 1 then
				redis.replicate_commands()
				local clock = redis.call('time')
				local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
				local recorded = redis.call('get', KEYS[3])
				local streak = tonumber(recorded and string.match(recorded, '>(%d+)$') or 0)
				local first = firstLive(KEYS[4], KEYS[5], now)
				if first ~= nil then
					if successor ~= '' and (first[1] == successor or (streak < tonumber(ARGV[10])
							and now - tonumber(ARGV[8]) <= tonumber(first[2]) + tonumber(ARGV[9]))) then
						if first[1] ~= successor then
							streak = streak + 1
						end
						grant(KEYS[1], KEYS[4], KEYS[5], successor, successor, ARGV[6])
						redis.call('set', KEYS[3], ARGV[2] .. '>' .. streak, 'px', ARGV[4])
						return 2
					end
					local owner = string.match(first[1], ':(%d+)$')
					if owner ~= nil then
						grant(KEYS[1], KEYS[4], KEYS[5], first[1], first[1], ARGV[7])
						redis.call('set', KEYS[3], ARGV[2] .. '>>', 'px', ARGV[4])
						redis.call(ARGV[3], KEYS[2], owner)
						return 3
					end
				end
			end
			if successor ~= '' and redis.call('exists', KEYS[4]) == 0 then
				redis.call('hset', KEYS[1], successor, 1)
				redis.call('pexpire', KEYS[1], ARGV[6])
				redis.call('set', KEYS[3], ARGV[2] .. '>0', 'px', ARGV[4])
				return 2
			end
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
	 * Given a successor (the next local writer), when nothing else holds the lock and
	 * nobody waits for it in Redis (nobody in the priority line, nobody subscribed to the
	 * read/write channel, where Redisson's waiting readers and writers listen), the lock
	 * passes straight to the successor's holder id with the successor's lease, still in
	 * write mode, and nothing is published; so a stream of writers handing the lock on
	 * never starves a waiting reader. KEYS: lock, read/write channel, release record,
	 * priority line. ARGV: read-unlock message, holder id, publish command, record
	 * millis, successor holder id (empty for none), successor lease millis. Returns 2
	 * when handed to the successor, 1 when released (also when a re-sent release finds
	 * its first run recorded, 2 if that run handed it), -1 when this holder no longer
	 * held the lock.
	 */
	static final String WRITE_RELEASE = """
			local mode = redis.call('hget', KEYS[1], 'mode')
			if mode == false then
				redis.call(ARGV[3], KEYS[2], ARGV[1])
			end
			if mode ~= 'write' or redis.call('hexists', KEYS[1], ARGV[2]) == 0 then
				local recorded = redis.call('get', KEYS[3])
				if recorded == ARGV[2] then
					return 1
				end
				if recorded == ARGV[2] .. '>' then
					return 2
				end
				return -1
			end
			redis.call('hdel', KEYS[1], ARGV[2])
			if redis.call('hlen', KEYS[1]) == 1 then
				if ARGV[5] ~= '' and redis.call('exists', KEYS[4]) == 0 then
					local numsub = (ARGV[3] == 'spublish') and 'shardnumsub' or 'numsub'
					if redis.call('pubsub', numsub, KEYS[2])[2] == 0 then
						redis.call('hset', KEYS[1], ARGV[5], 1)
						redis.call('pexpire', KEYS[1], ARGV[6])
						redis.call('set', KEYS[3], ARGV[2] .. '>', 'px', ARGV[4])
						return 2
					end
				end
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

	private ReleaseScripts() {
	}

}
