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

import java.util.List;

/**
 * Decides when the locks of a finished scope (a {@link LockOperations#execute execute}
 * callback, a {@link DistributedLock @DistributedLock} method) are released: at once, or
 * later. The Spring integration defers the release to the completion of the transaction
 * the scope ran in, so that the next holder never reads data the previous holder has not
 * committed yet.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockReleaseDeferral {

	/**
	 * Deferral that never defers: locks are released when their scope ends.
	 */
	LockReleaseDeferral NONE = (locks) -> false;

	/**
	 * Take over the release of locks whose scope has just ended, on the thread that ran
	 * the scope.
	 * @param locks the locks, in acquisition order, not empty
	 * @return {@code true} if this deferral closes every one of them later (exactly once,
	 * from any thread); {@code false} to have the caller close them now
	 */
	boolean defer(List<LockHandle> locks);

}
