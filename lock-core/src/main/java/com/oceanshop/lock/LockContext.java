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

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Access to the locks held by the current thread for a {@link DistributedLock}-annotated
 * method, without changing the method's signature: <pre class="code">
 * &#64;DistributedLock(key = "payment:charge:#{#orderId}")
 * public void charge(String orderId) {
 *     paymentStore.charge(orderId, LockContext.current().fencingToken());
 * }
 * </pre> Nested annotated calls see their own locks; the outer method's locks are visible
 * again once the inner call returns. The context is bound to the calling thread and is
 * not inherited by threads the method starts.
 *
 * @since 1.0.0
 */
public final class LockContext {

	private static final ThreadLocal<Deque<List<LockHandle>>> handles = ThreadLocal.withInitial(ArrayDeque::new);

	private LockContext() {
	}

	/**
	 * Return the lock held for the innermost {@link DistributedLock}-annotated method
	 * running on this thread. With several keys, this is the lock of the first declared
	 * key; see {@link #all()}.
	 * @return the lock handle
	 * @throws IllegalStateException if no annotated method is running on this thread
	 */
	public static LockHandle current() {
		return find().orElseThrow(() -> new IllegalStateException(
				"No lock is bound to this thread: LockContext.current() works only inside a method annotated with "
						+ "@DistributedLock that was called through its Spring proxy"));
	}

	/**
	 * Return the lock held for the innermost {@link DistributedLock}-annotated method
	 * running on this thread, if any.
	 * @return the lock handle, or empty
	 */
	public static Optional<LockHandle> find() {
		List<LockHandle> current = handles.get().peek();
		return (current != null) ? Optional.of(current.get(0)) : Optional.empty();
	}

	/**
	 * Return every lock held for the innermost {@link DistributedLock}-annotated method
	 * running on this thread, in the order its keys are declared.
	 * @return the lock handles, empty if no annotated method is running
	 */
	public static List<LockHandle> all() {
		List<LockHandle> current = handles.get().peek();
		return (current != null) ? current : List.of();
	}

	/**
	 * Bind locks to the current thread until the returned scope is closed. Meant for
	 * interceptors that apply {@link DistributedLock}; application code only reads the
	 * context.
	 * @param locks the held locks, in declared key order, at least one
	 * @return the scope to close, on the same thread, when the method returns
	 */
	public static Scope bind(List<LockHandle> locks) {
		Objects.requireNonNull(locks, "'locks' must not be null");
		if (locks.isEmpty()) {
			throw new IllegalArgumentException("'locks' must not be empty");
		}
		List<LockHandle> bound = List.copyOf(locks);
		Deque<List<LockHandle>> stack = handles.get();
		stack.push(bound);
		return () -> {
			// Identity, not equals: nested scopes may bind equal lists.
			stack.removeIf((entry) -> entry == bound);
			if (stack.isEmpty()) {
				handles.remove();
			}
		};
	}

	/**
	 * Binding of locks to a thread, undone by {@link #close()}.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		/**
		 * Remove the bound locks from the thread's context.
		 */
		@Override
		void close();

	}

}
