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

package com.oceanshop.lock.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

import com.oceanshop.lock.aop.InvalidLockAnnotationException;

/**
 * {@link FailureAnalyzer} for bad lock configuration: an {@code app.lock.*} property
 * whose value makes no sense, or a {@code @DistributedLock} annotation that cannot be
 * applied.
 */
class LockConfigurationFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidLockConfigurationException invalid) {
				return new FailureAnalysis(invalid.getMessage(),
						"Update property '" + invalid.getProperty() + "' in your application's configuration.",
						invalid);
			}
			if (cause instanceof InvalidLockAnnotationException invalid) {
				return new FailureAnalysis(invalid.getMessage(),
						"Update the @DistributedLock annotation on " + invalid.getMethod().getDeclaringClass().getName()
								+ "." + invalid.getMethod().getName() + "(). Key templates look like "
								+ "'inventory:reserve:#{#productId}', durations like '500ms', '10s' or 'PT1M'.",
						invalid);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
