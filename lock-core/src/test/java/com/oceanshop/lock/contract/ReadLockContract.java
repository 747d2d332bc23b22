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

package com.oceanshop.lock.contract;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract for {@link LockType#READ} locks: readers share the key and exclude writers, so
 * every exclusion check of {@link LockContract} contends with a writer.
 *
 * @since 0.1.0
 */
public abstract class ReadLockContract extends LockContract {

	@Override
	final LockType lockType() {
		return LockType.READ;
	}

	@Override
	final LockType contenderType() {
		return LockType.WRITE;
	}

	@Test
	void readersShareAndExcludeWriters() throws Exception {
		String key = key("rw");
		LockHandle reader = template().acquire(request(key, LockType.READ));
		Optional<LockHandle> otherReader = onOtherThread(() -> template().tryAcquire(request(key, LockType.READ)));
		assertThat(otherReader).isPresent();
		assertThat(onOtherThread(() -> template().tryAcquire(request(key, LockType.WRITE)))).isEmpty();
		reader.close();
		assertThat(onOtherThread(() -> template().tryAcquire(request(key, LockType.WRITE)))).isEmpty();
		otherReader.get().close();
		Optional<LockHandle> writer = onOtherThread(() -> template().tryAcquire(request(key, LockType.WRITE)));
		assertThat(writer).isPresent();
		writer.get().close();
	}

}
