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
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Permits of an {@code RPermitExpirableSemaphore}-layout semaphore held by one caller,
 * released together and exactly once by {@link RedissonScripts#SEMAPHORE_RELEASE} and
 * renewed together with the provider's other holds ({@link RenewalBatches}).
 */
final class SemaphoreHold extends RedissonHold {

	private final RedissonClient redisson;

	private final ScriptPipeline scripts;

	private final List<String> permitIds;

	private final int maxPermits;

	private final Supplier<String> publishCommand;

	/**
	 * Create a hold.
	 * @param redisson the client
	 * @param key the lock key
	 * @param name the semaphore's Redis key
	 * @param permitIds the held permits
	 * @param maxPermits the semaphore's limit as the acquisition asked for it
	 * @param contended whether the caller had to wait
	 * @param leaseStartNanos when the lease started, in {@link System#nanoTime()}
	 * @param publishCommand the command that wakes the semaphore's waiters
	 */
	SemaphoreHold(RedissonClient redisson, ScriptPipeline scripts, String key, String name, List<String> permitIds,
			int maxPermits, boolean contended, long leaseStartNanos, Supplier<String> publishCommand) {
		super(key, name, contended, leaseStartNanos, -1, null);
		this.redisson = redisson;
		this.scripts = scripts;
		this.permitIds = permitIds;
		this.maxPermits = maxPermits;
		this.publishCommand = publishCommand;
	}

	@Override
	CompletionStage<Boolean> extend(long leaseMillis) {
		return RenewalBatches.renew(this.redisson, List.of(renewalTarget()), leaseMillis)
			.thenApply((held) -> held.get(0));
	}

	@Override
	RenewalBatches.Target renewalTarget() {
		return new RenewalBatches.PermitTarget(this.name, this.permitIds);
	}

	@Override
	public long fencingToken() {
		return RedissonFencing.permitToken(this.redisson, this.key, this.name, this.permitIds);
	}

	@Override
	CompletionStage<Boolean> unlockAsync() {
		String name = this.name;
		// One request id per release: a re-sent release returns the first one's outcome.
		String latch = RedissonLockLayout.unlockLatchKey(name, RedissonLockLayout.randomId());
		List<Object> args = new ArrayList<>(this.permitIds.size() + 4);
		args.add(SemaphoreAcquirer.bytes(System.currentTimeMillis()));
		args.add(this.publishCommand.get().getBytes(StandardCharsets.US_ASCII));
		args.add(SemaphoreAcquirer.bytes(RedissonLockLayout.unlockLatchMillis(this.redisson)));
		args.add(SemaphoreAcquirer.bytes(this.maxPermits));
		for (String permitId : this.permitIds) {
			args.add(RedissonLockLayout.permitIdBytes(permitId));
		}
		List<Object> keys = List.of(name, RedissonLockLayout.semaphoreTimeoutKey(name),
				RedissonLockLayout.semaphoreChannel(name), latch);
		Object[] values = args.toArray();
		return this.scripts
			.evalLong(RedissonScripts.SEMAPHORE_RELEASE, keys, values,
					() -> this.redisson.getScript(ByteArrayCodec.INSTANCE)
						.<Long>evalAsync(name, RScript.Mode.READ_WRITE, RedissonScripts.SEMAPHORE_RELEASE,
								RScript.ReturnType.LONG, keys, values))
			.thenApply((result) -> result != null && result == 1L);
	}

}
