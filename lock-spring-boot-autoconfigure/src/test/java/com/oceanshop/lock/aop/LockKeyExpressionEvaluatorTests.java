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

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterNameDiscoverer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LockKeyExpressionEvaluator} on classes compiled without
 * {@code -parameters}, where argument names cannot be resolved.
 */
class LockKeyExpressionEvaluatorTests {

	private final LockKeyExpressionEvaluator withoutNames = new LockKeyExpressionEvaluator(new NoNames());

	@Test
	void argumentNameWithoutParameterNamesFailsNamingTheCompilerFlag() throws Exception {
		Method method = Service.class.getDeclaredMethod("reserve", String.class);
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> this.withoutNames.prepare(method, Service.class, List.of("inventory:reserve:#{#productId}")))
			.withMessageContaining("unknown variable '#productId'")
			.withMessageContaining("compile with -parameters to refer to arguments by name");
	}

	@Test
	void positionalNamesWorkWithoutParameterNames() throws Exception {
		Method method = Service.class.getDeclaredMethod("reserve", String.class);
		LockKeyResolver.Keys keys = this.withoutNames.prepare(method, Service.class,
				List.of("inventory:reserve:#{#p0}", "inventory:reserve:#{#a0}"));
		assertThat(keys.resolve(new Object[] { "P-1" })).containsExactly("inventory:reserve:P-1",
				"inventory:reserve:P-1");
	}

	static class Service {

		void reserve(String productId) {
		}

	}

	private static final class NoNames implements ParameterNameDiscoverer {

		@Override
		public @Nullable String @Nullable [] getParameterNames(Method method) {
			return null;
		}

		@Override
		public @Nullable String @Nullable [] getParameterNames(Constructor<?> ctor) {
			return null;
		}

	}

}
