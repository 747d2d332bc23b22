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
package com.oceanshop.lock;

import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * Callback for code that runs asynchronously under a lock with
 * {@link AsyncLockOperations#executeAsync}: the lock is held until the returned stage
 * completes.
 *
 * @param <T> the result type
 * @since 0.1.0
 */
@FunctionalInterface
public interface AsyncLockCallback<T extends @Nullable Object> {

	/**
	 * Start the protected work.
	 * @param handle the held lock, for its {@link LockHandle#fencingToken() fencing
	 * token}
	 * @return the stage that completes when the work is done; never {@code null}
	 */
	CompletionStage<T> doInLock(LockHandle handle);

}
