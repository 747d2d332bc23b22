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

package com.oceanshop.lock.admin;

import org.jspecify.annotations.Nullable;

/**
 * One holder of a lock as stored in Redis.
 *
 * @param id the holder's id in Redis: {@code <clientId>:<threadId>} for locks (with
 * {@code :write} for a write lock), the permit id for a semaphore
 * @param clientId the Redisson client id of the holding instance, {@code null} for a
 * semaphore permit (Redis does not record who took it)
 * @param threadId the thread id Redisson records for the holder: for a lock taken through
 * Ocean Lock, the acquisition's own owner id (from 2^62 up), not a thread; {@code null}
 * for a semaphore permit
 * @param thisInstance whether the holder is this application instance
 * @param instance description of the holding instance ({@code app@host (pid n)}) when it
 * registered itself, otherwise {@code null}
 * @param holdCount reentrant hold count (1 for a semaphore permit)
 * @param expiresInMillis time until this hold expires, {@code null} when it has no expiry
 * of its own (the lock key's TTL applies)
 * @since 0.1.0
 */
public record LockHolder(String id, @Nullable String clientId, @Nullable Long threadId, boolean thisInstance,
		@Nullable String instance, long holdCount, @Nullable Long expiresInMillis) {

}
