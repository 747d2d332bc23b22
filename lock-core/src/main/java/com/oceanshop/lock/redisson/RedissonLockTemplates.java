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

import org.redisson.api.RedissonClient;

import com.oceanshop.lock.LockTemplate;

/**
 * Factory for a {@link LockTemplate} over a Redisson client. <pre class="code">
 * LockTemplate template = RedissonLockTemplates.create(redisson);
 * LockTemplate tuned = RedissonLockTemplates.builder(redisson).maxRetries(5).build();
 * </pre>
 *
 * @since 0.1.0
 * @see RedissonLockProvider
 */
public final class RedissonLockTemplates {

	private RedissonLockTemplates() {
	}

	/**
	 * Create a template over the given Redisson client with the standard settings: key
	 * prefix {@code lock:}, {@link com.oceanshop.lock.LockDefaults#standard() standard
	 * defaults}, three retries when Redis is unreachable.
	 * @param redisson the Redisson client
	 * @return the template
	 */
	public static LockTemplate create(RedissonClient redisson) {
		return builder(redisson).build();
	}

	/**
	 * Start building a template over the given Redisson client, with a
	 * {@link RedissonLockProvider} that uses the default key prefix.
	 * @param redisson the Redisson client
	 * @return a builder
	 */
	public static LockTemplate.Builder builder(RedissonClient redisson) {
		return LockTemplate.builder(new RedissonLockProvider(redisson));
	}

}
