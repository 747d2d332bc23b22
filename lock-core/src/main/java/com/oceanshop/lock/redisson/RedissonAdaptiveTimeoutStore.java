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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.adaptive.AdaptiveTimeoutStore;
import com.oceanshop.lock.adaptive.TimeoutEstimate;
import com.oceanshop.lock.adaptive.TimeoutObservations;

/**
 * {@link AdaptiveTimeoutStore} in Redis: a small hash per lock name under
 * {@code <prefix>lock-admin:{adaptive}:name:<name>} and an index of the names, all in one
 * cluster slot, so that one script per update merges a whole batch and reads every
 * estimate back in one round trip ({@link AdminScripts#ADAPTIVE_EXCHANGE}). Estimates
 * expire after the retention without updates.
 *
 * @since 0.1.0
 */
public class RedissonAdaptiveTimeoutStore implements AdaptiveTimeoutStore {

	/**
	 * Most lock names of other instances returned by one exchange: lock names are
	 * {@code context:operation}, a small set per application.
	 */
	static final int MAX_OTHER_NAMES = 1000;

	private static final int FIELDS = 5;

	private final RedissonClient redisson;

	private final String keyPrefix;

	/**
	 * Create a store.
	 * @param redisson the client
	 * @param keyPrefix the key prefix of the application's locks
	 */
	public RedissonAdaptiveTimeoutStore(RedissonClient redisson, String keyPrefix) {
		this.redisson = Objects.requireNonNull(redisson, "'redisson' must not be null");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "'keyPrefix' must not be null");
	}

	@Override
	public CompletionStage<Exchange> exchange(Map<String, TimeoutObservations> observations, double decay,
			long retentionMillis) {
		String index = RedissonLockLayout.adaptiveIndexKey(this.keyPrefix);
		List<Object> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>(List.of(String.valueOf(decay), String.valueOf(FULL_UPDATE),
				String.valueOf(retentionMillis), String.valueOf(MAX_OTHER_NAMES)));
		keys.add(index);
		observations.forEach((name, observed) -> {
			keys.add(RedissonLockLayout.adaptiveKey(this.keyPrefix, name));
			args.addAll(List.of(name, String.valueOf(observed.holdMillis()), String.valueOf(observed.holds()),
					String.valueOf(observed.waitMillis()), String.valueOf(observed.waits())));
		});
		return this.redisson.getScript(StringCodec.INSTANCE)
			.<List<Object>>evalAsync(index, RScript.Mode.READ_WRITE, AdminScripts.ADAPTIVE_EXCHANGE,
					RScript.ReturnType.LIST, keys, args.toArray())
			.thenApply(RedissonAdaptiveTimeoutStore::parse);
	}

	private static Exchange parse(List<Object> result) {
		int asked = Integer.parseInt(String.valueOf(result.get(0)));
		Map<String, TimeoutEstimate> estimates = new HashMap<>();
		int at = 1;
		for (int i = 0; i < asked; i++, at += 1 + FIELDS) {
			String name = String.valueOf(result.get(at));
			String updated = String.valueOf(result.get(at + 5));
			if (!updated.isEmpty()) {
				estimates.put(name,
						new TimeoutEstimate(number(result.get(at + 1)), (long) number(result.get(at + 2)),
								number(result.get(at + 3)), (long) number(result.get(at + 4)),
								(long) number(result.get(at + 5))));
			}
		}
		Set<String> others = new HashSet<>();
		for (; at < result.size(); at++) {
			others.add(String.valueOf(result.get(at)));
		}
		return new Exchange(estimates, others);
	}

	private static double number(Object value) {
		String text = String.valueOf(value);
		return text.isEmpty() ? -1 : Double.parseDouble(text);
	}

}
