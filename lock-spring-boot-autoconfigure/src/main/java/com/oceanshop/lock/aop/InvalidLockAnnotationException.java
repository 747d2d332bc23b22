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

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.DistributedLock;

/**
 * Thrown at startup when a {@link DistributedLock @DistributedLock} annotation cannot be
 * applied: a key template that does not parse, a bad duration, an unsupported return
 * type, a missing fallback method, or a method that a proxy cannot intercept.
 *
 * @since 0.1.0
 */
public class InvalidLockAnnotationException extends IllegalStateException {

	private final Method method;

	/**
	 * Create an exception.
	 * @param method the annotated method
	 * @param reason what is wrong
	 * @param cause the underlying failure, if any
	 */
	public InvalidLockAnnotationException(Method method, String reason, @Nullable Throwable cause) {
		super("Invalid @DistributedLock on " + describe(method) + ": " + reason, cause);
		this.method = method;
	}

	/**
	 * Return the annotated method.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "()";
	}

}
