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
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Assertions that code runs under a distributed lock, for the code itself (a method that
 * must never run unlocked, even if someone calls it on the object rather than through its
 * Spring proxy) and for tests: <pre class="code">
 * &#64;DistributedLock(key = "inventory:reserve:#{#productId}")
 * public void reserve(String productId, int quantity) {
 *     LockAssert.assertLocked("inventory:reserve:" + productId);
 *     ...
 * }
 * </pre> A lock counts when a scope on the current thread holds it: a
 * {@link DistributedLock} method or a {@link LockOperations#execute execute} callback,
 * and a lock kept for a transaction that is still running (see {@link LockContext}).
 * While locking is disabled ({@code app.lock.enabled=false}), the scopes still exist and
 * the assertions pass, so the operators' rollback switch never makes them fail.
 * <p>
 * Tests that call such code without a lock switch the assertions off with
 * {@link TestHelper#makeAllAssertsPass(boolean)}.
 *
 * @since 0.1.0
 */
public final class LockAssert {

	private static volatile boolean allAssertsPass;

	private LockAssert() {
	}

	/**
	 * Assert that the current thread runs inside a lock scope whose lock is held.
	 * @throws IllegalStateException if no lock scope runs on this thread, or its lock was
	 * lost
	 */
	public static void assertLocked() {
		if (allAssertsPass) {
			return;
		}
		LockHandle handle = LockContext.find()
			.orElseThrow(() -> new IllegalStateException("The current thread holds no lock: the code runs outside "
					+ "every @DistributedLock method and LockTemplate.execute callback (is the method called "
					+ "through its Spring proxy?)"));
		checkHeld(handle);
	}

	/**
	 * Assert that a lock scope on the current thread holds the given key, or, given a
	 * lock name ({@code context:operation}), a key of that name.
	 * @param key the full key ({@code inventory:reserve:PROD-1}) or the lock name
	 * ({@code inventory:reserve})
	 * @throws IllegalStateException if no lock scope on this thread holds it, or its lock
	 * was lost
	 * @throws InvalidLockKeyException if the key breaks the {@link LockKey key rules}
	 */
	public static void assertLocked(String key) {
		if (allAssertsPass) {
			return;
		}
		Objects.requireNonNull(key, "'key' must not be null");
		String name = name(key);
		String value = (name != null) ? null : LockKey.parse(key).value();
		LockHandle handle = LockContext.findInAnyScope(
				(held) -> (name != null) ? name.equals(LockKey.parse(held.key()).name()) : held.key().equals(value));
		if (handle == null) {
			List<String> current = LockContext.all().stream().map(LockHandle::key).toList();
			throw new IllegalStateException("The current thread does not hold lock '" + key + "'" + (current.isEmpty()
					? ": it runs outside every lock scope" : "; its current scope holds " + current));
		}
		checkHeld(handle);
	}

	// A name is a key without an id: context:operation.
	private static @Nullable String name(String key) {
		if (key.indexOf(':') > 0 && key.indexOf(':') == key.lastIndexOf(':')) {
			return LockKey.parse(key + ":x").name();
		}
		return null;
	}

	private static void checkHeld(LockHandle handle) {
		if (!handle.isHeld() && !(handle instanceof DisabledLockHandle)) {
			throw new IllegalStateException("Lock '" + handle.key() + "' of the current scope is no longer held");
		}
	}

	/**
	 * Switch for tests that call code guarded by {@link LockAssert} without a lock.
	 */
	public static final class TestHelper {

		private TestHelper() {
		}

		/**
		 * Make every assertion of {@link LockAssert} pass, or check again. The switch is
		 * global to the JVM: turn it back off after the test.
		 * @param pass whether every assertion passes
		 */
		public static void makeAllAssertsPass(boolean pass) {
			allAssertsPass = pass;
		}

	}

}
