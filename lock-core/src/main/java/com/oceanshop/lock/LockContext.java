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
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The lock scopes running on the current thread: the locks held for a
 * {@link DistributedLock}-annotated method or a {@link LockOperations#execute execute}
 * callback, readable without changing the method's signature: <pre class="code">
 * &#64;DistributedLock(key = "payment:charge:#{#orderId}")
 * public void charge(String orderId) {
 *     paymentStore.charge(orderId, LockContext.current().fencingToken());
 * }
 * </pre> Nested scopes see their own locks; the outer scope's locks are visible again
 * once the inner one ends. The context is bound to the calling thread and is not
 * inherited by threads the method starts.
 * <p>
 * The scopes are also what makes a lock reentrant: an acquisition of a key that a scope
 * on this thread holds (a locked method calling a helper that locks the same resource)
 * re-enters that scope's lock instead of waiting for it. Outside every scope of the key,
 * a second acquisition waits like any other caller, even on the thread that holds an open
 * handle of the same key, so that another task run by a pooled thread never shares the
 * lock of a handle still open elsewhere.
 *
 * @since 0.1.0
 */
public final class LockContext {

	private static final ThreadLocal<Deque<List<LockHandle>>> handles = ThreadLocal.withInitial(ArrayDeque::new);

	private static final ThreadLocal<Deque<List<LockHandle>>> kept = ThreadLocal.withInitial(ArrayDeque::new);

	// Both contexts, looked through on every acquisition: an array, so that the hot path
	// allocates no list or iterator for them.
	@SuppressWarnings("unchecked")
	private static final ThreadLocal<Deque<List<LockHandle>>>[] CONTEXTS = new ThreadLocal[] { handles, kept };

	private LockContext() {
	}

	/**
	 * Return the lock held for the innermost {@link DistributedLock}-annotated method or
	 * {@code execute} callback running on this thread. With several keys, this is the
	 * lock of the first declared key; see {@link #all()}.
	 * @return the lock handle
	 * @throws IllegalStateException if no lock scope is running on this thread
	 */
	public static LockHandle current() {
		return find().orElseThrow(() -> new IllegalStateException(
				"No lock is bound to this thread: LockContext.current() works only inside a method annotated with "
						+ "@DistributedLock that was called through its Spring proxy, or a LockTemplate.execute callback"));
	}

	/**
	 * Return the lock held for the innermost {@link DistributedLock}-annotated method or
	 * {@code execute} callback running on this thread, if any.
	 * @return the lock handle, or empty
	 */
	public static Optional<LockHandle> find() {
		List<LockHandle> current = handles.get().peek();
		return (current != null) ? Optional.of(current.get(0)) : Optional.empty();
	}

	/**
	 * Return every lock held for the innermost {@link DistributedLock}-annotated method
	 * or {@code execute} callback running on this thread, in the order its keys are
	 * declared.
	 * @return the lock handles, empty if no lock scope is running
	 */
	public static List<LockHandle> all() {
		List<LockHandle> current = handles.get().peek();
		return (current != null) ? current : List.of();
	}

	/**
	 * Bind locks to the current thread until the returned scope is closed: they are the
	 * current locks, and nested acquisitions of their keys re-enter them. Meant for
	 * interceptors that apply {@link DistributedLock}; application code only reads the
	 * context.
	 * @param locks the held locks, in declared key order, at least one
	 * @return the scope to close, on the same thread, when the method returns
	 */
	public static Scope bind(List<LockHandle> locks) {
		return push(handles, locks);
	}

	/**
	 * Keep locks whose scope has ended re-enterable on the current thread until the
	 * returned scope is closed, without making them current: for a release deferred to
	 * the end of the transaction the scope ran in, so that later work of the same
	 * transaction re-enters the locks it still holds. Meant for
	 * {@link LockReleaseDeferral} implementations.
	 * @param locks the held locks, at least one
	 * @return the scope to close when the locks are released
	 */
	public static Scope keep(List<LockHandle> locks) {
		return push(kept, locks);
	}

	private static Scope push(ThreadLocal<Deque<List<LockHandle>>> context, List<LockHandle> locks) {
		Objects.requireNonNull(locks, "'locks' must not be null");
		if (locks.isEmpty()) {
			throw new IllegalArgumentException("'locks' must not be empty");
		}
		List<LockHandle> bound = List.copyOf(locks);
		Deque<List<LockHandle>> stack = context.get();
		stack.push(bound);
		return () -> {
			// Identity, not equals: nested scopes may bind equal lists.
			stack.removeIf((entry) -> entry == bound);
			if (stack.isEmpty() && context.get() == stack) {
				context.remove();
			}
		};
	}

	/**
	 * Return the innermost lock of a scope on this thread that a nested acquisition of
	 * the request re-enters: same key, acquired through the given provider, still open,
	 * and of a type that covers the request. The current scopes come first, then the kept
	 * ones.
	 * @param request the nested acquisition
	 * @param provider the provider it goes to
	 * @return the lock, or {@code null} if no scope on this thread holds one
	 */
	static @Nullable DefaultLockHandle enclosing(LockRequest request, LockProvider provider) {
		if (request.type() == LockType.SEMAPHORE) {
			// Every acquisition of a semaphore takes permits of its own.
			return null;
		}
		for (ThreadLocal<Deque<List<LockHandle>>> context : CONTEXTS) {
			Deque<List<LockHandle>> scopes = context.get();
			if (scopes.isEmpty()) {
				continue;
			}
			for (List<LockHandle> scope : scopes) {
				for (LockHandle handle : scope) {
					if (handle instanceof DefaultLockHandle held && held.provider() == provider && !held.isClosed()
							&& held.key().equals(request.key())) {
						return covers(held.type(), request.type()) ? held : null;
					}
				}
			}
		}
		return null;
	}

	/**
	 * Return the innermost lock of any scope on this thread, current or kept, that
	 * matches.
	 * @param matching the condition
	 * @return the lock, or {@code null}
	 */
	static @Nullable LockHandle findInAnyScope(Predicate<LockHandle> matching) {
		for (ThreadLocal<Deque<List<LockHandle>>> context : CONTEXTS) {
			Deque<List<LockHandle>> scopes = context.get();
			if (scopes.isEmpty()) {
				continue;
			}
			for (List<LockHandle> scope : scopes) {
				for (LockHandle handle : scope) {
					if (matching.test(handle)) {
						return handle;
					}
				}
			}
		}
		return null;
	}

	/**
	 * Return the locks that the scopes on this thread (current and kept) hold through the
	 * given provider and believe still held: what this thread's flow holds while it waits
	 * for another lock. Meant for a provider's deadlock detection; application code reads
	 * {@link #all()}.
	 * @param provider the provider
	 * @return the held locks, innermost scope first, possibly with repeated keys
	 * @since 0.1.0
	 */
	public static List<LockHandle> held(LockProvider provider) {
		List<LockHandle> held = new ArrayList<>();
		for (ThreadLocal<Deque<List<LockHandle>>> context : CONTEXTS) {
			Deque<List<LockHandle>> scopes = context.get();
			if (scopes.isEmpty()) {
				continue;
			}
			for (List<LockHandle> scope : scopes) {
				for (LockHandle handle : scope) {
					if (handle instanceof DefaultLockHandle open && open.provider() == provider && open.isHeld()) {
						held.add(handle);
					}
				}
			}
		}
		return held;
	}

	private static boolean covers(LockType held, LockType requested) {
		return switch (held) {
			case EXCLUSIVE, FAIR -> requested == LockType.EXCLUSIVE || requested == LockType.FAIR;
			case WRITE -> requested == LockType.WRITE || requested == LockType.READ;
			case READ -> requested == LockType.READ;
			case SEMAPHORE -> false;
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
