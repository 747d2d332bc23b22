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
 * The Lua scripts that take, hold, renew and fence a lock in Redisson's layout, and the
 * semaphore's release (the lock types' releases are in {@link ReleaseScripts}). Each one
 * either mirrors a Redisson 4.7.0 script or relies on the layout described in
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
