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

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.NameMapper;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Integration tests for a Redisson client with a {@link NameMapper} (a key prefix per
 * tenant, say): the lock provider refuses it with an error that says what to do instead,
 * and that way out (the provider's key prefix) locks every type.
 */
class NameMapperIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	@Test
	void aClientThatMapsNamesIsRefusedNamingTheRuleAndTheWayOut() {
		// With the mapper, a READ hold did not exclude a WRITE, and locks looked free
		// while held: Redisson mapped the lock objects' names but not the scripts' keys.
		Config config = new Config();
		config.useSingleServer().setAddress(redis.standaloneTopology().uri()).setNameMapper(new TenantPrefix());
		RedissonClient mapped = Redisson.create(config);
		try {
			assertThatIllegalArgumentException().isThrownBy(() -> new RedissonLockProvider(mapped, "lock:"))
				.withMessageContaining("NameMapper " + TenantPrefix.class.getName())
				.withMessageContaining("locks would not exclude each other")
				.withMessageContaining("app.lock.key-prefix, now 'lock:'");
		}
		finally {
			mapped.shutdown();
		}
	}

	@Test
	void thePerTenantPrefixBelongsInTheKeyPrefix() {
		Config config = new Config();
		config.useSingleServer().setAddress(redis.standaloneTopology().uri());
		RedissonClient plain = Redisson.create(config);
		try (RedissonLockProvider provider = new RedissonLockProvider(plain, "tenant-a:lock:")) {
			LockTemplate template = LockTemplate.builder(provider).build();
			for (LockType type : LockType.values()) {
				String key = "mapper:" + type.name().toLowerCase(Locale.ROOT) + ":1";
				LockRequest request = LockRequest.builder(key).type(type).maxPermits(1).build();
				LockHandle handle = template.acquire(request);
				assertThat(template.isLocked(key)).as(type + " locked").isTrue();
				LockType other = (type == LockType.READ) ? LockType.WRITE : type;
				assertThat(template.tryAcquire(LockRequest.builder(key).type(other).maxPermits(1).build()))
					.as(type + ": a second holder")
					.isEmpty();
				handle.close();
				assertThat(template.isLocked(key)).as(type + " released").isFalse();
			}
		}
		finally {
			plain.shutdown();
		}
	}

	static final class TenantPrefix implements NameMapper {

		@Override
		public String map(String name) {
			return "tenant-a:" + name;
		}

		@Override
		public String unmap(String name) {
			return name.startsWith("tenant-a:") ? name.substring("tenant-a:".length()) : name;
		}

	}

}
