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

import org.jspecify.annotations.Nullable;

/**
 * Code to run while holding a lock, for {@link LockOperations#execute}.
 *
 * @param <T> the result type
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockCallback<T extends @Nullable Object> {

	/**
	 * Run the protected code.
	 * @param handle the held lock, for its {@link LockHandle#fencingToken() fencing
	 * token}
	 * @return the result
	 */
	T doInLock(LockHandle handle);

}
