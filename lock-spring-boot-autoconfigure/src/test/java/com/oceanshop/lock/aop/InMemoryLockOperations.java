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

package com.oceanshop.lock.aop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockCallback;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockInterruptedException;
import com.oceanshop.lock.LockOperations;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

/**
 * In-process {@link LockOperations} for interceptor tests: real mutual exclusion between
 * threads of this JVM, and a record of every request. Lock behaviour against Redis is
 * covered by the integration tests.
 */
class InMemoryLockOperations implements LockOperations {

	private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

	final List<LockRequest> requests = new CopyOnWriteArrayList<>();

	final List<String> released = new CopyOnWriteArrayList<>();

	@Override
	public <T extends @Nullable Object> T execute(LockRequest request, LockCallback<T> callback) {
		try (LockHandle handle = acquire(request)) {
			return callback.doInLock(handle);
		}
	}

	@Override
	public LockHandle acquire(LockRequest request) {
		this.requests.add(request);
		ReentrantLock lock = this.locks.computeIfAbsent(request.key(), (key) -> new ReentrantLock());
		Duration wait = (request.waitTime() != null) ? request.waitTime() : Duration.ofSeconds(5);
		try {
			if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new LockAcquisitionException(request.key(), request.type(), wait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LockInterruptedException(request.key(), ex);
		}
		return new Handle(request, lock);
	}

	@Override
	public Optional<LockHandle> tryAcquire(LockRequest request) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean isLocked(String key) {
		ReentrantLock lock = this.locks.get(key);
		return lock != null && lock.isLocked();
	}

	List<String> requestedKeys() {
		return this.requests.stream().map(LockRequest::key).toList();
	}

	/**
	 * Hold a key from another thread until the returned runnable is run.
	 */
	Runnable holdElsewhere(String key) throws InterruptedException {
		ReentrantLock lock = this.locks.computeIfAbsent(key, (k) -> new ReentrantLock());
		java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		Thread holder = new Thread(() -> {
			lock.lock();
			held.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				lock.unlock();
			}
		});
		holder.start();
		held.await();
		return () -> {
			release.countDown();
			try {
				holder.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	private final class Handle implements LockHandle {

		private final LockRequest request;

		private final ReentrantLock lock;

		private boolean held = true;

		Handle(LockRequest request, ReentrantLock lock) {
			this.request = request;
			this.lock = lock;
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
			return 42;
		}

		@Override
		public boolean isHeld() {
			return this.held;
		}

		@Override
		public void close() {
			if (this.held) {
				this.held = false;
				this.lock.unlock();
				InMemoryLockOperations.this.released.add(key());
			}
		}

	}

}
