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
 * The Lua scripts that take, hold, renew, fence and release a lock in Redisson's layout.
 * Each one either mirrors a Redisson 4.7.0 script or relies on the layout described in
 * {@link RedissonLockLayout}; the comment above it names the Redisson class, and
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
	 * listens, {@link PriorityScripts#PRIORITY_LOCK}). Given a successor (the next local
	 * waiter), and when nobody waits in Redis (neither in the fair queue nor in the
	 * priority line), the lock passes straight to the successor's holder id with the
	 * successor's lease and nothing is published: the hand-off inside the release that
	 * {@link #EXCLUSIVE_HAND_OFF} makes for exclusive locks, without changing whose turn
	 * is next in Redis. KEYS: lock, fair queue, fair timeout set, fair channel prefix,
	 * unlock latch, priority line. ARGV: unlock message, lease millis, holder id, now in
	 * epoch millis, publish command, latch millis, successor holder id (empty for none),
	 * successor lease millis. Returns 2 when handed to the successor, 1 when released, 0
	 * when still held reentrantly, -1 when this holder no longer held the lock. Like
	 * Redisson's own unlock, it records that outcome under the release's request id (the
	 * unlock latch), so a release that Redisson re-sends after a response timeout returns
	 * it again instead of releasing twice.
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
			local nextThreadId = redis.call('lindex', KEYS[2], 0)
			if ARGV[7] ~= '' and nextThreadId == false and redis.call('exists', KEYS[6]) == 0 then
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
	static final String EXCLUSIVE_HAND_OFF = """
			local recorded = redis.call('get', KEYS[3])
			if redis.call('hexists', KEYS[1], ARGV[2]) == 0 then
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
			redis.call('del', KEYS[1])
			local successor = ARGV[5]
			if redis.call('exists', KEYS[4]) == 1 then
				redis.replicate_commands()
				local clock = redis.call('time')
				local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
				local streak = tonumber(recorded and string.match(recorded, '>(%d+)$') or 0)
				while true do
					local first = redis.call('zrange', KEYS[4], 0, 0, 'WITHSCORES')
					if first[1] == nil then
						break
					end
					local expiry = redis.call('zscore', KEYS[5], first[1])
					if expiry ~= false and tonumber(expiry) > now then
						if successor ~= '' and (first[1] == successor or (streak < tonumber(ARGV[10])
								and now - tonumber(ARGV[8]) <= tonumber(first[2]) + tonumber(ARGV[9]))) then
							if first[1] ~= successor then
								streak = streak + 1
							end
							redis.call('zrem', KEYS[4], successor)
							redis.call('zrem', KEYS[5], successor)
							redis.call('hset', KEYS[1], successor, 1)
							redis.call('pexpire', KEYS[1], ARGV[6])
							redis.call('set', KEYS[3], ARGV[2] .. '>' .. streak, 'px', ARGV[4])
							return 2
						end
						local owner = string.match(first[1], ':(%d+)$')
						if owner == nil then
							break
						end
						redis.call('zrem', KEYS[4], first[1])
						redis.call('zrem', KEYS[5], first[1])
						redis.call('hset', KEYS[1], first[1], 1)
						redis.call('pexpire', KEYS[1], ARGV[7])
						redis.call('set', KEYS[3], ARGV[2] .. '>>', 'px', ARGV[4])
						redis.call(ARGV[3], KEYS[2], owner)
						return 3
					end
					redis.call('zrem', KEYS[4], first[1])
					redis.call('zrem', KEYS[5], first[1])
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

}
