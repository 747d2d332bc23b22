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

import org.jspecify.annotations.Nullable;

/**
 * A validated lock key of the form {@code <context>:<operation>:<id>}, for example
 * {@code inventory:reserve:PROD-123}.
 * <p>
 * Rules, checked before any call to Redis:
 * <ul>
 * <li>at least three {@code :}-separated parts; everything after the second {@code :} is
 * the id, so {@code cache:update:customer:CUST-001} has the id
 * {@code customer:CUST-001};</li>
 * <li>context and operation match {@code [a-z][a-z0-9-]*};</li>
 * <li>the id is not blank, at most {@value #MAX_ID_LENGTH} characters, and contains no
 * whitespace, control characters or glob characters ({@code * ? [ ]}), so that operators
 * can select keys with {@code SCAN MATCH} safely, and no braces ({@code { }}): an id is
 * user data, and a Redis Cluster hash tag in it could make one lock's key equal another
 * lock's fencing counter or queue, or split a lock from its helper keys across
 * slots.</li>
 * </ul>
 * The {@link #name() name} ({@code context:operation}) is the lock's logical name: it is
 * bounded, so it is what metrics and logs group by; the id never becomes a metric tag.
 *
 * @since 0.1.0
 */
public final class LockKey {

	/**
	 * Maximum length of the id part of a key.
	 */
	public static final int MAX_ID_LENGTH = 200;

	private final String value;

	private final String context;

	private final String operation;

	private final String id;

	private final String name;

	private LockKey(String value, String context, String operation, String id) {
		this.value = value;
		this.context = context;
		this.operation = operation;
		this.id = id;
		this.name = value.substring(0, context.length() + operation.length() + 1);
	}

	/**
	 * Parse and validate a key.
	 * @param key the key, for example {@code inventory:reserve:PROD-123}
	 * @return the parsed key
	 * @throws InvalidLockKeyException if the key is {@code null} or breaks a rule; the
	 * message names the key and the rule
	 */
	public static LockKey parse(@Nullable String key) {
		if (key == null) {
			throw new InvalidLockKeyException(null, "Lock key must not be null");
		}
		if (key.isBlank()) {
			throw new InvalidLockKeyException(key, "Lock key must not be blank");
		}
		int first = key.indexOf(':');
		int second = (first < 0) ? -1 : key.indexOf(':', first + 1);
		if (second < 0) {
			throw new InvalidLockKeyException(key, "Lock key '" + abbreviate(key)
					+ "' must have the form <context>:<operation>:<id>, e.g. 'inventory:reserve:PROD-123'");
		}
		String context = key.substring(0, first);
		String operation = key.substring(first + 1, second);
		String id = key.substring(second + 1);
		checkSegment(key, "context", context);
		checkSegment(key, "operation", operation);
		checkId(key, id);
		return new LockKey(key, context, operation, id);
	}

	/**
	 * Return whether the given key follows the rules.
	 * @param key the key to check
	 * @return {@code true} if {@link #parse(String)} would accept it
	 */
	public static boolean isValid(@Nullable String key) {
		try {
			parse(key);
			return true;
		}
		catch (InvalidLockKeyException ex) {
			return false;
		}
	}

	private static void checkSegment(String key, String what, String segment) {
		if (!isSegment(segment)) {
			throw new InvalidLockKeyException(key, "Lock key '" + abbreviate(key) + "' has an invalid " + what + " '"
					+ abbreviate(segment) + "': it must match [a-z][a-z0-9-]*");
		}
	}

	// [a-z][a-z0-9-]*, without a regex matcher per call: this runs on every acquisition.
	private static boolean isSegment(String segment) {
		if (segment.isEmpty() || segment.charAt(0) < 'a' || segment.charAt(0) > 'z') {
			return false;
		}
		for (int i = 1; i < segment.length(); i++) {
			char ch = segment.charAt(i);
			if ((ch < 'a' || ch > 'z') && (ch < '0' || ch > '9') && ch != '-') {
				return false;
			}
		}
		return true;
	}

	private static void checkId(String key, String id) {
		if (id.isBlank()) {
			throw new InvalidLockKeyException(key, "Lock key '" + abbreviate(key) + "' has a blank id");
		}
		if (id.length() > MAX_ID_LENGTH) {
			throw new InvalidLockKeyException(key, "Lock key '" + abbreviate(key) + "' has an id of " + id.length()
					+ " characters; at most " + MAX_ID_LENGTH + " are allowed");
		}
		for (int i = 0; i < id.length(); i++) {
			char ch = id.charAt(i);
			if (Character.isWhitespace(ch) || Character.isSpaceChar(ch)) {
				throw new InvalidLockKeyException(key,
						"Lock key '" + abbreviate(key) + "' has whitespace in its id at index " + i);
			}
			if (Character.isISOControl(ch)) {
				throw new InvalidLockKeyException(key,
						"Lock key '" + abbreviate(key) + "' has a control character in its id at index " + i);
			}
			if (ch == '{' || ch == '}') {
				throw new InvalidLockKeyException(key, "Lock key '" + abbreviate(key) + "' has the brace '" + ch
						+ "' in its id; '{' and '}' are not allowed, because a Redis Cluster hash tag in an id could "
						+ "make the lock's key equal another lock's helper key or move it to another slot");
			}
			if (ch == '*' || ch == '?' || ch == '[' || ch == ']') {
				throw new InvalidLockKeyException(key, "Lock key '" + abbreviate(key) + "' has the glob character '"
						+ ch + "' in its id; '*', '?', '[' and ']' are not allowed");
			}
		}
	}

	private static String abbreviate(String text) {
		String printable = text.codePoints()
			.map((cp) -> Character.isISOControl(cp) ? '?' : cp)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (printable.length() <= 80) ? printable : printable.substring(0, 77) + "...";
	}

	/**
	 * Return the whole key.
	 * @return the key, for example {@code inventory:reserve:PROD-123}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Return the context part.
	 * @return the context, for example {@code inventory}
	 */
	public String context() {
		return this.context;
	}

	/**
	 * Return the operation part.
	 * @return the operation, for example {@code reserve}
	 */
	public String operation() {
		return this.operation;
	}

	/**
	 * Return the id part: everything after the operation.
	 * @return the id, for example {@code PROD-123}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return the logical name of the lock, {@code context:operation}. Metrics use it as
	 * the {@code lock.key} tag.
	 * @return the name, for example {@code inventory:reserve}
	 */
	public String name() {
		return this.name;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		return (this == obj) || (obj instanceof LockKey other && this.value.equals(other.value));
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
