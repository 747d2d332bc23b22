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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.LongCodec;

/**
 * Renewal of many held locks with one {@link RedissonScripts#RENEW_LOCKS} call per group
 * (semaphore permits: one {@link RedissonScripts#RENEW_PERMITS} call): the keys of one
 * group share a cluster slot (any keys do outside a cluster) and are of one kind, and a
 * group holds at most {@link #MAX_HOLDS_PER_CALL} holds, so that one call never keeps
 * Redis busy for long. Each hold still learns whether it was renewed.
 */
final class RenewalBatches {

	/**
	 * Most holds renewed by one script call: about three Redis commands each, so a full
	 * call runs for a fraction of a millisecond.
	 */
	static final int MAX_HOLDS_PER_CALL = 128;

	private RenewalBatches() {
	}

	/**
	 * Split holds into the groups one script call may renew together.
	 * @param <T> the type of a hold
	 * @param holds the holds to renew
	 * @param target what to renew of a hold
	 * @param cluster whether the client talks to a Redis Cluster, where a call's keys
	 * must share a slot
	 * @return the groups, none empty
	 */
	static <T> List<List<T>> groups(List<T> holds, Function<T, Target> target, boolean cluster) {
		Map<Integer, List<T>> open = new HashMap<>();
		List<List<T>> groups = new ArrayList<>();
		for (T hold : holds) {
			Target of = target.apply(hold);
			int slot = cluster ? RedissonLockLayout.clusterSlot(of.name()) : 0;
			int group = slot * 2 + ((of instanceof PermitTarget) ? 1 : 0);
			List<T> members = open.computeIfAbsent(group, (key) -> new ArrayList<>());
			members.add(hold);
			if (members.size() == MAX_HOLDS_PER_CALL) {
				groups.add(members);
				open.remove(group);
			}
		}
		groups.addAll(open.values());
		return groups;
	}

	/**
	 * Extend the lease of every target that is still held, in one script call.
	 * @param redisson the client
	 * @param targets the holds to renew, all in one cluster slot and of one kind, as
	 * {@link #groups} makes them
	 * @param leaseMillis the new lease
	 * @return per target, in order, whether it was still held
	 */
	static CompletionStage<List<Boolean>> renew(RedissonClient redisson, List<? extends Target> targets,
			long leaseMillis) {
		if (targets.get(0) instanceof PermitTarget) {
			return renewPermits(redisson, targets, leaseMillis);
		}
		List<Object> keys = new ArrayList<>(targets.size());
		List<Object> args = new ArrayList<>(targets.size() * 2 + 1);
		args.add(leaseMillis);
		for (Target any : targets) {
			LockTarget target = (LockTarget) any;
			keys.add(target.name());
			if (target.read()) {
				keys.add(RedissonLockLayout.readTimeoutPrefix(target.name()));
			}
			args.add(target.holder());
			args.add(target.read() ? 1L : 0L);
		}
		RFuture<List<Object>> result = redisson.getScript(LongCodec.INSTANCE)
			.evalAsync(targets.get(0).name(), RScript.Mode.READ_WRITE, RedissonScripts.RENEW_LOCKS,
					RScript.ReturnType.LIST, keys, args.toArray());
		return result.thenApply((held) -> outcomes(held, targets.size()));
	}

	private static CompletionStage<List<Boolean>> renewPermits(RedissonClient redisson, List<? extends Target> targets,
			long leaseMillis) {
		List<Object> keys = new ArrayList<>(targets.size());
		List<Object> args = new ArrayList<>();
		args.add(SemaphoreAcquirer.bytes(System.currentTimeMillis()));
		args.add(SemaphoreAcquirer.bytes(leaseMillis));
		for (Target any : targets) {
			PermitTarget target = (PermitTarget) any;
			keys.add(RedissonLockLayout.semaphoreTimeoutKey(target.name()));
			args.add(SemaphoreAcquirer.bytes(target.permitIds().size()));
			for (String permitId : target.permitIds()) {
				args.add(RedissonLockLayout.permitIdBytes(permitId));
			}
		}
		RFuture<List<Object>> result = redisson.getScript(ByteArrayCodec.INSTANCE)
			.evalAsync(targets.get(0).name(), RScript.Mode.READ_WRITE, RedissonScripts.RENEW_PERMITS,
					RScript.ReturnType.LIST, keys, args.toArray());
		return result.thenApply((held) -> outcomes(held, targets.size()));
	}

	private static List<Boolean> outcomes(List<Object> held, int count) {
		List<Boolean> renewed = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			renewed.add(held != null && i < held.size() && held.get(i) instanceof Number number
					&& number.longValue() == 1L);
		}
		return renewed;
	}

	/**
	 * What one renewal extends.
	 */
	sealed interface Target permits LockTarget, PermitTarget {

		/**
		 * Return the Redis key of the lock or semaphore.
		 * @return the key
		 */
		String name();

	}

	/**
	 * An {@code RLock}-based lock held by one holder.
	 *
	 * @param name the lock's Redis key
	 * @param holder the holder id
	 * @param read whether it is a read lock, whose reentrant holds have timeout keys
	 */
	record LockTarget(String name, String holder, boolean read) implements Target {

	}

	/**
	 * The permits of one semaphore hold.
	 *
	 * @param name the semaphore's Redis key
	 * @param permitIds the held permits
	 */
	record PermitTarget(String name, List<String> permitIds) implements Target {

	}

}
