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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.aop.ProxyMethodInvocation;

import com.oceanshop.lock.AsyncLockOperations;
import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockOperations;
import com.oceanshop.lock.reactive.ReactiveLockOperations;
import com.oceanshop.lock.reactive.ReactiveLockTemplate;

/**
 * Runs a {@link com.oceanshop.lock.DistributedLock @DistributedLock} method whose work
 * ends after it returns: a {@code CompletionStage}, a {@code Mono}, a {@code Flux} or a
 * Kotlin suspend function. The locks are acquired without blocking a thread (in the
 * global key order), the method runs once they are held (for a publisher: on
 * subscription), and they are released in reverse order when the work ends, normally,
 * exceptionally or by cancellation, whichever thread ends it. Such a method is a scope of
 * its own: nested acquisitions of its keys do not re-enter it. The Reactor types are only
 * touched for methods that return them (a suspend function reaches the advice as the
 * {@code Mono} Spring's AOP proxy made of it, and the proxy awaits what the advice
 * returns).
 */
final class AsyncLockInvocation {

	private final LockOperationSpec spec;

	private final List<String> keys;

	private final AsyncLockOperations operations;

	private final MethodInvocation invocation;

	private AsyncLockInvocation(LockOperationSpec spec, List<String> keys, AsyncLockOperations operations,
			MethodInvocation invocation) {
		this.spec = spec;
		this.keys = keys;
		this.operations = operations;
		this.invocation = invocation;
	}

	/**
	 * Start the method under its locks.
	 * @param spec the method's spec, of an asynchronous
	 * {@link LockOperationSpec.ReturnKind}
	 * @param keys the resolved keys in acquisition order
	 * @param operations the lock operations
	 * @param invocation the method invocation
	 * @return what the method returns: a future, a publisher, or the suspend function's
	 * result
	 */
	static @Nullable Object invoke(LockOperationSpec spec, List<String> keys, LockOperations operations,
			MethodInvocation invocation) {
		if (!(operations instanceof AsyncLockOperations async)) {
			throw new IllegalStateException("@DistributedLock method " + invocation.getMethod()
					+ " returns asynchronous work, but the lock operations " + operations.getClass().getName()
					+ " do not implement AsyncLockOperations");
		}
		AsyncLockInvocation call = new AsyncLockInvocation(spec, keys, async, invocation);
		return switch (spec.returnKind()) {
			case COMPLETION_STAGE -> call.stage();
			case MONO -> ReactorDelegate.mono(call);
			case FLUX -> ReactorDelegate.flux(call);
			// Spring's AOP proxy runs a suspend function as a Mono (CoroutinesUtils) and
			// awaits what the advice returns with the caller's continuation itself: the
			// advice returns the Mono under the locks, and must not await it too (the
			// continuation would be resumed twice when the caller is cancelled).
			case SUSPEND -> ReactorDelegate.mono(call);
			case VALUE -> throw new IllegalArgumentException("Not asynchronous: " + invocation.getMethod());
		};
	}

	private CompletableFuture<Object> stage() {
		AtomicBoolean started = new AtomicBoolean();
		CompletableFuture<Object> result = stage(0, started);
		Method fallback = this.spec.fallback();
		if (fallback == null) {
			return result;
		}
		CompletableFuture<Object> withFallback = result.exceptionallyCompose((failure) -> {
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			if (started.get() || !(cause instanceof LockAcquisitionException acquisition)) {
				return CompletableFuture.failedFuture(cause);
			}
			try {
				CompletionStage<?> stage = (CompletionStage<?>) invokeFallback(acquisition);
				return (stage != null) ? stage.thenApply((value) -> (Object) value)
						: CompletableFuture.completedFuture(null);
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		});
		// A dependent future: its cancellation must reach the locked work.
		withFallback.whenComplete((value, failure) -> {
			if (withFallback.isCancelled()) {
				result.cancel(false);
			}
		});
		return withFallback;
	}

	@SuppressWarnings("unchecked")
	private CompletableFuture<Object> stage(int index, AtomicBoolean started) {
		if (index == this.keys.size()) {
			started.set(true);
			try {
				CompletionStage<?> stage = (CompletionStage<?>) this.invocation.proceed();
				// The method's own future, so that a cancellation reaches it.
				return (stage != null) ? (CompletableFuture<Object>) stage.toCompletableFuture()
						: CompletableFuture.completedFuture(null);
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}
		return this.operations.executeAsync(this.spec.request(this.keys.get(index)),
				(handle) -> stage(index + 1, started));
	}

	private @Nullable Object invokeFallback(LockAcquisitionException failure) throws Throwable {
		Method fallback = this.spec.fallback();
		try {
			return fallback.invoke(this.invocation.getThis(),
					this.spec.fallbackArguments(this.invocation.getArguments(), failure));
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/**
	 * A fresh invocation for each subscription, so that a re-subscribed publisher
	 * ({@code retry()}) runs the rest of the advice chain and the method again.
	 * @return the publisher the method returns
	 */
	private Publisher<?> proceedOnSubscription() {
		try {
			MethodInvocation next = (this.invocation instanceof ProxyMethodInvocation proxy) ? proxy.invocableClone()
					: this.invocation;
			Object result = next.proceed();
			return (result != null) ? (Publisher<?>) result : Mono.empty();
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
	}

	/**
	 * Reactor types, loaded only for methods that return them.
	 */
	private static final class ReactorDelegate {

		static Mono<Object> mono(AsyncLockInvocation call) {
			return flux(call).singleOrEmpty();
		}

		static Flux<Object> flux(AsyncLockInvocation call) {
			// Clone now: the interceptor chain moves on once this method returns.
			MethodInvocation invocation = (call.invocation instanceof ProxyMethodInvocation proxy)
					? proxy.invocableClone() : call.invocation;
			AsyncLockInvocation subscribed = new AsyncLockInvocation(call.spec, call.keys, call.operations, invocation);
			ReactiveLockOperations reactive = new ReactiveLockTemplate(call.operations);
			return Flux.defer(() -> {
				AtomicBoolean started = new AtomicBoolean();
				Flux<Object> locked = nested(reactive, subscribed, 0, started);
				if (call.spec.fallback() == null) {
					return locked;
				}
				return locked.onErrorResume((failure) -> !started.get() && failure instanceof LockAcquisitionException,
						(failure) -> {
							try {
								Object fallback = subscribed.invokeFallback((LockAcquisitionException) failure);
								return (fallback != null) ? Flux.from((Publisher<?>) fallback) : Flux.empty();
							}
							catch (Throwable ex) {
								return Flux.error(ex);
							}
						});
			});
		}

		private static Flux<Object> nested(ReactiveLockOperations reactive, AsyncLockInvocation call, int index,
				AtomicBoolean started) {
			if (index == call.keys.size()) {
				return Flux.defer(() -> {
					started.set(true);
					return Flux.from(call.proceedOnSubscription());
				});
			}
			return reactive.execute(call.spec.request(call.keys.get(index)),
					(handle) -> nested(reactive, call, index + 1, started));
		}

	}

}
