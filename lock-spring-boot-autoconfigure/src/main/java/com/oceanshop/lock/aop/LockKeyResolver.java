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
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.InvalidLockKeyException;

/**
 * Strategy that turns the {@link DistributedLock#key() key templates} of an annotated
 * method into lock keys. Templates are {@link #prepare prepared} once per method and
 * target class at startup; the prepared {@link Keys} are then resolved on every call.
 * <p>
 * The {@link #standard() standard} resolver treats {@code #{...}} parts as SpEL
 * expressions evaluated read-only over the method's arguments. Define a bean of this type
 * to replace it.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockKeyResolver {

	/**
	 * Parse and check the key templates of one annotated method.
	 * @param method the annotated method
	 * @param targetClass the class of the bean the method is called on
	 * @param templates the key templates, at least one
	 * @return the prepared keys
	 * @throws IllegalArgumentException if a template cannot be used; the message names
	 * the template and the reason
	 */
	Keys prepare(Method method, Class<?> targetClass, List<String> templates);

	/**
	 * Return the standard resolver: {@code #{...}} parts are SpEL over the arguments by
	 * name, {@code #p0}/{@code #a0} and {@code #root.methodName}, evaluated with a
	 * read-only data-binding context.
	 * @return the standard resolver
	 */
	static LockKeyResolver standard() {
		return new LockKeyExpressionEvaluator();
	}

	/**
	 * Key templates of one method, ready to resolve.
	 */
	@FunctionalInterface
	interface Keys {

		/**
		 * Resolve the keys for one call.
		 * @param arguments the call's arguments
		 * @return one key per template, in declared order
		 * @throws InvalidLockKeyException if a part of a template evaluates to
		 * {@code null}, to a blank value, or fails; the message names the method and the
		 * expression
		 */
		List<String> resolve(@Nullable Object[] arguments);

	}

}
