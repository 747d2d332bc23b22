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
 * {@link LockHandle} that holds nothing: handed out while locking is disabled, or when
 * Redis is unavailable and the request opted in to run unlocked.
 */
final class DisabledLockHandle implements LockHandle {

	private final LockRequest request;

	private final @Nullable LockUnavailableException unavailable;

	DisabledLockHandle(LockRequest request, @Nullable LockUnavailableException unavailable) {
		this.request = request;
		this.unavailable = unavailable;
	}

	@Override
	public String key() {
		return this.request.key();
	}

	@Override
	public LockType type() {
		return this.request.type();
	}

	@Override
	public long fencingToken() {
		if (this.unavailable != null) {
			throw new LockUnavailableException(key(), "Lock '" + key()
					+ "' is not held: Redis was unavailable and the code ran unlocked, so there is no fencing token",
					this.unavailable);
		}
		throw new LockException(key(), "Distributed locking is disabled (rollback mode): lock '" + key()
				+ "' is not held, so there is no fencing token");
	}

	@Override
	public boolean isHeld() {
		return false;
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return "LockHandle[key=" + key() + ", type=" + type() + ", "
				+ ((this.unavailable != null) ? "unlocked: Redis unavailable" : "disabled") + "]";
	}

}
