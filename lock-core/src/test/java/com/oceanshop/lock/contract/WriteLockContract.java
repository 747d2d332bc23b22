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

import java.util.List;

import com.oceanshop.lock.LockType;

/**
 * Contract for {@link LockType#WRITE} locks: one writer, reentrant within its scope, and
 * no readers while it holds the key.
 *
 * @since 0.1.0
 */
public abstract class WriteLockContract extends LockContract {

	@Override
	final LockType lockType() {
		return LockType.WRITE;
	}

	@Override
	final List<LockType> excludedTypes() {
		return List.of(LockType.WRITE, LockType.READ);
	}

}
