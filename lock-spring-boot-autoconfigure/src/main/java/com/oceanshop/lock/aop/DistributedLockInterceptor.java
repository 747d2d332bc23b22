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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringValueResolver;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockOperations;
import com.oceanshop.lock.LockReleaseDeferral;

/**
 * {@link MethodInterceptor} that runs {@link DistributedLock @DistributedLock} methods
 * under their locks. It resolves the keys, acquires them in natural key order through
 * {@link LockOperations}, binds the handles to {@link LockContext}, and releases them in
 * reverse order, or hands them to a {@link LockReleaseDeferral} (which keeps them until
 * the caller's transaction completes). It holds no Redis code.
 */
final class DistributedLockInterceptor implements MethodInterceptor {

	private final Supplier<? extends LockOperations> lockOperations;

	private final Supplier<? extends LockKeyResolver> keyResolver;

	private final @Nullable StringValueResolver valueResolver;

	private final Supplier<? extends LockReleaseDeferral> releaseDeferral;

	private final ConcurrentMap<MethodClassKey, Optional<LockOperationSpec>> specs = new ConcurrentHashMap<>(64);

	DistributedLockInterceptor(Supplier<? extends LockOperations> lockOperations,
			Supplier<? extends LockKeyResolver> keyResolver, @Nullable StringValueResolver valueResolver) {
		this(lockOperations, keyResolver, valueResolver, () -> LockReleaseDeferral.NONE);
	}

	DistributedLockInterceptor(Supplier<? extends LockOperations> lockOperations,
			Supplier<? extends LockKeyResolver> keyResolver, @Nullable StringValueResolver valueResolver,
			Supplier<? extends LockReleaseDeferral> releaseDeferral) {
		this.lockOperations = lockOperations;
		this.keyResolver = keyResolver;
		this.valueResolver = valueResolver;
		this.releaseDeferral = releaseDeferral;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target)
				: invocation.getMethod().getDeclaringClass();
		LockOperationSpec spec = getSpec(invocation.getMethod(), targetClass);
		if (spec == null) {
			return invocation.proceed();
		}
		@Nullable Object[] arguments = invocation.getArguments();
		List<String> keys = spec.resolveKeys(arguments);
		List<String> declared = (keys.size() == 1) ? keys : List.copyOf(new LinkedHashSet<>(keys));
		List<String> ordered = declared;
		if (declared.size() > 1) {
			// One global acquisition order for all methods: no deadlock between two
			// methods that declare the same keys in a different order.
			ordered = new ArrayList<>(declared);
			ordered.sort(null);
		}
		LockOperations operations = this.lockOperations.get();
		if (spec.returnKind() != LockOperationSpec.ReturnKind.VALUE) {
			// The work outlives this call: locked until it ends, on whichever thread.
			return AsyncLockInvocation.invoke(spec, ordered, operations, invocation);
		}
		List<LockHandle> acquired = new ArrayList<>(ordered.size());
		try {
			for (String key : ordered) {
				acquired.add(operations.acquire(spec.request(key)));
			}
		}
		catch (LockAcquisitionException ex) {
			releaseAll(acquired, ex);
			if (spec.fallback() != null) {
				return invokeFallback(spec, target, arguments, ex);
			}
			throw ex;
		}
		catch (Throwable ex) {
			releaseAll(acquired, ex);
			throw ex;
		}
		List<LockHandle> inDeclaredOrder = (ordered == declared) ? acquired : inDeclaredOrder(declared, acquired);
		Object result;
		try (LockContext.Scope scope = LockContext.bind(inDeclaredOrder)) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			release(acquired, ex);
			throw ex;
		}
		release(acquired, null);
		return result;
	}

	private void release(List<LockHandle> acquired, @Nullable Throwable failure) {
		// A transaction the caller opened may still commit what the method wrote, even
		// when the method failed: the deferral can keep the locks until it completes.
		if (!this.releaseDeferral.get().defer(acquired)) {
			releaseAll(acquired, failure);
		}
	}

	private static List<LockHandle> inDeclaredOrder(List<String> declared, List<LockHandle> acquired) {
		Map<String, LockHandle> byKey = new HashMap<>();
		for (LockHandle handle : acquired) {
			byKey.put(handle.key(), handle);
		}
		return declared.stream().map(byKey::get).toList();
	}

	private static void releaseAll(List<LockHandle> acquired, @Nullable Throwable failure) {
		RuntimeException releaseFailure = null;
		for (int i = acquired.size() - 1; i >= 0; i--) {
			try {
				acquired.get(i).close();
			}
			catch (RuntimeException ex) {
				if (failure != null) {
					failure.addSuppressed(ex);
				}
				else if (releaseFailure == null) {
					releaseFailure = ex;
				}
				else {
					releaseFailure.addSuppressed(ex);
				}
			}
		}
		if (releaseFailure != null) {
			throw releaseFailure;
		}
	}

	private static @Nullable Object invokeFallback(LockOperationSpec spec, @Nullable Object target,
			@Nullable Object[] arguments, LockAcquisitionException failure) throws Throwable {
		Method fallback = spec.fallback();
		try {
			return fallback.invoke(target, spec.fallbackArguments(arguments, failure));
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/**
	 * Return the spec of a method, building and caching it on first use.
	 * @param method the invoked method, possibly an interface method
	 * @param targetClass the target class
	 * @return the spec, or {@code null} if the method is not annotated
	 * @throws InvalidLockAnnotationException if the annotation cannot be applied
	 */
	@Nullable LockOperationSpec getSpec(Method method, Class<?> targetClass) {
		MethodClassKey cacheKey = new MethodClassKey(method, targetClass);
		Optional<LockOperationSpec> cached = this.specs.get(cacheKey);
		if (cached == null) {
			cached = Optional.ofNullable(buildSpec(method, targetClass));
			this.specs.putIfAbsent(cacheKey, cached);
		}
		return cached.orElse(null);
	}

	private @Nullable LockOperationSpec buildSpec(Method method, Class<?> targetClass) {
		Method specificMethod = ClassUtils.getMostSpecificMethod(method, targetClass);
		DistributedLock annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, DistributedLock.class);
		if (annotation == null && specificMethod != method) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method, DistributedLock.class);
		}
		if (annotation == null) {
			return null;
		}
		return LockOperationSpec.of(specificMethod, targetClass, annotation, this.keyResolver.get(),
				this.valueResolver);
	}

}
