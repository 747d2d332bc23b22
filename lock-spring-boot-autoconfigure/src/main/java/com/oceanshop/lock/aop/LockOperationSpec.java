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

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringValueResolver;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockDurations;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

/**
 * Immutable, fully resolved form of one {@link DistributedLock @DistributedLock} on one
 * method of one target class: prepared keys, parsed durations and the fallback method.
 * Built once per {@code (method, targetClass)} and cached by the interceptor.
 */
final class LockOperationSpec {

	static final String AUTO_RENEW = "auto";

	private static final List<String> UNSUPPORTED_RETURN_TYPES = List.of("java.util.concurrent.CompletionStage",
			"java.util.concurrent.Future", "org.reactivestreams.Publisher", "kotlinx.coroutines.flow.Flow");

	private static final boolean coroutinesReactorPresent = ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt",
			LockOperationSpec.class.getClassLoader());

	private final Method method;

	private final LockKeyResolver.Keys keys;

	private final LockType type;

	private final @Nullable Duration waitTime;

	private final @Nullable Duration leaseTime;

	private final boolean autoRenew;

	private final int permits;

	private final int maxPermits;

	private final boolean runUnlockedIfUnavailable;

	private final int priority;

	private final @Nullable Method fallback;

	private final boolean fallbackTakesException;

	private final ReturnKind returnKind;

	private LockOperationSpec(Method method, LockKeyResolver.Keys keys, DistributedLock annotation,
			@Nullable Duration waitTime, @Nullable Duration leaseTime, boolean autoRenew, @Nullable Method fallback) {
		this.method = method;
		this.keys = keys;
		this.type = annotation.type();
		this.waitTime = waitTime;
		this.leaseTime = leaseTime;
		this.autoRenew = autoRenew;
		this.permits = annotation.permits();
		this.maxPermits = annotation.maxPermits();
		this.runUnlockedIfUnavailable = annotation.runUnlockedIfUnavailable();
		this.priority = annotation.priority();
		this.fallback = fallback;
		this.fallbackTakesException = fallback != null
				&& fallback.getParameterCount() == method.getParameterCount() + 1;
		this.returnKind = ReturnKind.of(method);
	}

	/**
	 * Resolve and check an annotation.
	 * @param method the most specific annotated method
	 * @param targetClass the target class
	 * @param annotation the merged annotation
	 * @param keyResolver the key resolver
	 * @param valueResolver resolver for {@code ${...}} placeholders, if any
	 * @return the spec
	 * @throws InvalidLockAnnotationException if the annotation cannot be applied
	 */
	static LockOperationSpec of(Method method, Class<?> targetClass, DistributedLock annotation,
			LockKeyResolver keyResolver, @Nullable StringValueResolver valueResolver) {
		checkInterceptable(method);
		ReturnKind returnKind = checkReturnType(method);
		if (annotation.key().length == 0) {
			throw new InvalidLockAnnotationException(method, "at least one key is required", null);
		}
		LockKeyResolver.Keys keys;
		try {
			keys = keyResolver.prepare(method, targetClass, List.of(annotation.key()));
		}
		catch (RuntimeException ex) {
			throw new InvalidLockAnnotationException(method, ex.getMessage(), ex);
		}
		Duration waitTime = parseDuration(method, "waitTime", annotation.waitTime(), valueResolver, false);
		String lease = resolve(annotation.leaseTime(), valueResolver);
		boolean autoRenew = AUTO_RENEW.equalsIgnoreCase(lease.trim());
		Duration leaseTime = autoRenew ? null : parseDuration(method, "leaseTime", lease, null, true);
		checkPermits(method, annotation);
		Method fallback = findFallback(method, targetClass, annotation.fallback());
		if (fallback != null && returnKind == ReturnKind.SUSPEND) {
			throw new InvalidLockAnnotationException(method,
					"a fallback is not supported on a suspend function; catch LockAcquisitionException in the caller",
					null);
		}
		return new LockOperationSpec(method, keys, annotation, waitTime, leaseTime, autoRenew, fallback);
	}

	private static void checkInterceptable(Method method) {
		int modifiers = method.getModifiers();
		String problem = Modifier.isPrivate(modifiers) ? "private"
				: Modifier.isStatic(modifiers) ? "static" : Modifier.isFinal(modifiers) ? "final" : null;
		if (problem != null) {
			throw new InvalidLockAnnotationException(method,
					"the method is " + problem
							+ ", so a Spring proxy cannot intercept it and it would run without a lock; "
							+ "make it a public, non-final instance method",
					null);
		}
	}

	private static ReturnKind checkReturnType(Method method) {
		ReturnKind kind = ReturnKind.of(method);
		if (kind == ReturnKind.SUSPEND && !coroutinesReactorPresent) {
			throw new InvalidLockAnnotationException(method,
					"it is a suspend function, and locking one needs kotlinx-coroutines-reactor on the class path",
					null);
		}
		if (kind != ReturnKind.VALUE) {
			return kind;
		}
		if (KotlinDetector.isSuspendingFunction(method)) {
			throw new InvalidLockAnnotationException(method,
					"it is a suspend function returning a kotlinx.coroutines.flow.Flow, which runs after the function "
							+ "resumes; return a Flux, or lock inside the flow",
					null);
		}
		Class<?> returnType = method.getReturnType();
		for (String unsupported : UNSUPPORTED_RETURN_TYPES) {
			if (isAssignableTo(returnType, unsupported)) {
				throw new InvalidLockAnnotationException(method, "it returns " + returnType.getName()
						+ ": the lock can only span asynchronous work whose end it can observe without a thread; "
						+ "declare CompletionStage, CompletableFuture, Mono or Flux (or a suspend function), "
						+ "or lock inside the asynchronous work with LockTemplate", null);
			}
		}
		return kind;
	}

	private static boolean isAssignableTo(@Nullable Class<?> type, String name) {
		if (type == null) {
			return false;
		}
		if (type.getName().equals(name)) {
			return true;
		}
		for (Class<?> implemented : type.getInterfaces()) {
			if (isAssignableTo(implemented, name)) {
				return true;
			}
		}
		return isAssignableTo(type.getSuperclass(), name);
	}

	private static String resolve(String value, @Nullable StringValueResolver valueResolver) {
		if (valueResolver != null && value.contains("${")) {
			String resolved = valueResolver.resolveStringValue(value);
			return (resolved != null) ? resolved : "";
		}
		return value;
	}

	private static @Nullable Duration parseDuration(Method method, String attribute, String value,
			@Nullable StringValueResolver valueResolver, boolean positive) {
		String resolved = resolve(value, valueResolver).trim();
		if (resolved.isEmpty()) {
			return null;
		}
		Duration duration;
		try {
			duration = DurationFormatterUtils.detectAndParse(resolved);
		}
		catch (RuntimeException ex) {
			throw new InvalidLockAnnotationException(method,
					attribute + " '" + value + "'" + (resolved.equals(value) ? "" : " (resolved to '" + resolved + "')")
							+ " is not a duration; use for example '500ms', '10s' or 'PT1M'"
							+ (attribute.equals("leaseTime") ? ", or 'auto' for auto-renewal" : ""),
					ex);
		}
		try {
			return positive ? LockDurations.checkLeaseTime(attribute + " '" + value + "'", duration)
					: LockDurations.checkWaitTime(attribute + " '" + value + "'", duration);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLockAnnotationException(method, ex.getMessage(), null);
		}
	}

	private static void checkPermits(Method method, DistributedLock annotation) {
		if (annotation.permits() < 1 || annotation.maxPermits() < 1) {
			throw new InvalidLockAnnotationException(method, "permits (" + annotation.permits() + ") and maxPermits ("
					+ annotation.maxPermits() + ") must be at least 1", null);
		}
		if (annotation.type() != LockType.SEMAPHORE && (annotation.permits() != 1 || annotation.maxPermits() != 1)) {
			throw new InvalidLockAnnotationException(method,
					"permits and maxPermits apply only to type SEMAPHORE, not " + annotation.type(), null);
		}
		if (annotation.permits() > annotation.maxPermits()) {
			throw new InvalidLockAnnotationException(method, "maxPermits (" + annotation.maxPermits()
					+ ") must not be below permits (" + annotation.permits() + ")", null);
		}
		if (annotation.priority() < LockRequest.MIN_PRIORITY || annotation.priority() > LockRequest.MAX_PRIORITY) {
			throw new InvalidLockAnnotationException(method, "priority (" + annotation.priority() + ") must be between "
					+ LockRequest.MIN_PRIORITY + " and " + LockRequest.MAX_PRIORITY, null);
		}
	}

	private static @Nullable Method findFallback(Method method, Class<?> targetClass, String name) {
		if (name.isBlank()) {
			return null;
		}
		Class<?>[] parameterTypes = method.getParameterTypes();
		Method fallback = ReflectionUtils.findMethod(targetClass, name, parameterTypes);
		if (fallback == null) {
			fallback = Arrays.stream(ReflectionUtils.getAllDeclaredMethods(targetClass))
				.filter((candidate) -> candidate.getName().equals(name)
						&& candidate.getParameterCount() == parameterTypes.length + 1
						&& Arrays.equals(Arrays.copyOf(candidate.getParameterTypes(), parameterTypes.length),
								parameterTypes)
						&& candidate.getParameterTypes()[parameterTypes.length]
							.isAssignableFrom(LockAcquisitionException.class))
				.findFirst()
				.orElse(null);
		}
		if (fallback == null) {
			throw new InvalidLockAnnotationException(method,
					"fallback method '" + name + "' not found on " + targetClass.getName()
							+ ": it must take the same parameters as the annotated method, "
							+ "optionally followed by a LockAcquisitionException",
					null);
		}
		if (method.getReturnType() != void.class
				&& !ClassUtils.isAssignable(method.getReturnType(), fallback.getReturnType())) {
			throw new InvalidLockAnnotationException(method,
					"fallback method '" + name + "' returns " + fallback.getReturnType().getName()
							+ ", which is not assignable to " + method.getReturnType().getName(),
					null);
		}
		ReflectionUtils.makeAccessible(fallback);
		return fallback;
	}

	Method method() {
		return this.method;
	}

	List<String> resolveKeys(@Nullable Object[] arguments) {
		return this.keys.resolve(arguments);
	}

	LockRequest request(String key) {
		LockRequest.Builder builder = LockRequest.builder(key).type(this.type).waitTime(this.waitTime);
		if (this.autoRenew) {
			builder.autoRenew();
		}
		else {
			builder.leaseTime(this.leaseTime);
		}
		if (this.type == LockType.SEMAPHORE) {
			builder.permits(this.permits).maxPermits(this.maxPermits);
		}
		if (this.runUnlockedIfUnavailable) {
			builder.runUnlockedIfUnavailable();
		}
		return builder.priority(this.priority).build();
	}

	/**
	 * Return how the method's work ends: when it returns, or when the stage, publisher or
	 * coroutine it starts completes.
	 * @return the return kind
	 */
	ReturnKind returnKind() {
		return this.returnKind;
	}

	@Nullable Method fallback() {
		return this.fallback;
	}

	@Nullable Object[] fallbackArguments(@Nullable Object[] arguments, LockAcquisitionException failure) {
		if (!this.fallbackTakesException) {
			return arguments;
		}
		@Nullable Object[] withFailure = Arrays.copyOf(arguments, arguments.length + 1);
		withFailure[arguments.length] = failure;
		return withFailure;
	}

	/**
	 * How the work of a locked method ends, and so when its lock is released.
	 */
	enum ReturnKind {

		/**
		 * When the method returns (or throws).
		 */
		VALUE,

		/**
		 * When the returned {@code CompletionStage} or {@code CompletableFuture}
		 * completes.
		 */
		COMPLETION_STAGE,

		/**
		 * When the returned {@code Mono} completes, errors or is cancelled.
		 */
		MONO,

		/**
		 * When the returned {@code Flux} completes, errors or is cancelled.
		 */
		FLUX,

		/**
		 * When the Kotlin suspend function resumes its caller.
		 */
		SUSPEND;

		static ReturnKind of(Method method) {
			Class<?> type = method.getReturnType();
			if (KotlinDetector.isSuspendingFunction(method)) {
				// A suspend function returning a Flow ends long after it resumes.
				return "kotlinx.coroutines.flow.Flow"
					.equals(new MethodParameter(method, -1).getParameterType().getName()) ? VALUE : SUSPEND;
			}
			if (type == CompletionStage.class || type == CompletableFuture.class) {
				return COMPLETION_STAGE;
			}
			if ("reactor.core.publisher.Mono".equals(type.getName())) {
				return MONO;
			}
			if ("reactor.core.publisher.Flux".equals(type.getName())) {
				return FLUX;
			}
			return VALUE;
		}

	}

}
