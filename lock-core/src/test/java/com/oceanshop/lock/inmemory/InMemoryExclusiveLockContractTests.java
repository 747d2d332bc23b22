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
package com.oceanshop.lock.inmemory;

import java.time.Duration;

import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.contract.ExclusiveLockContract;

/**
 * Runs the {@link ExclusiveLockContract} against {@link InMemoryLockProvider}; every
 * template stands for an instance sharing the provider.
 */
class InMemoryExclusiveLockContractTests extends ExclusiveLockContract {

	private final InMemoryLockProvider provider = new InMemoryLockProvider();

	@Override
	protected LockTemplate createTemplate() {
		return LockTemplate.builder(this.provider).build();
	}

	@Override
	protected Duration renewalTimeout() {
		// Nothing renews in memory: an auto-renewed lock is held until released.
		return Duration.ofMillis(500);
	}

}
