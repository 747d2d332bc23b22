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

/**
 * Thrown at startup when an {@code app.lock.*} property has a value that binds but makes
 * no sense, such as a negative duration.
 *
 * @since 0.1.0
 */
public class InvalidLockConfigurationException extends IllegalStateException {

	private final String property;

	private final Object value;

	/**
	 * Create an exception.
	 * @param property the full property name, for example {@code app.lock.wait-time}
	 * @param value the offending value
	 * @param reason what is wrong with it
	 */
	public InvalidLockConfigurationException(String property, Object value, String reason) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
	}

	/**
	 * Return the full name of the offending property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the offending value.
	 * @return the value
	 */
	public Object getValue() {
		return this.value;
	}

}
