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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LockKey}.
 */
class LockKeyTests {

	@Test
	void parseSplitsContextOperationAndId() {
		LockKey key = LockKey.parse("inventory:reserve:PROD-123");
		assertThat(key.context()).isEqualTo("inventory");
		assertThat(key.operation()).isEqualTo("reserve");
		assertThat(key.id()).isEqualTo("PROD-123");
		assertThat(key.name()).isEqualTo("inventory:reserve");
		assertThat(key.value()).isEqualTo("inventory:reserve:PROD-123");
	}

	@Test
	void idMayContainColons() {
		LockKey key = LockKey.parse("cache:update:customer:CUST-001");
		assertThat(key.id()).isEqualTo("customer:CUST-001");
		assertThat(key.name()).isEqualTo("cache:update");
	}

	@Test
	void idOfMaximumLengthIsAccepted() {
		assertThat(LockKey.isValid("a:b:" + "x".repeat(LockKey.MAX_ID_LENGTH))).isTrue();
	}

	@Test
	void nullKeyIsRejected() {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse(null))
			.withMessage("Lock key must not be null");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t" })
	void blankKeyIsRejected(String key) {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse(key))
			.withMessageContaining("must not be blank");
	}

	@ParameterizedTest
	@ValueSource(strings = { "inventory", "inventory:reserve", "inventory-reserve-1" })
	void keyWithFewerThanThreePartsIsRejected(String key) {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse(key))
			.withMessageContaining("'" + key + "'")
			.withMessageContaining("<context>:<operation>:<id>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Inventory:reserve:1", "1nventory:reserve:1", ":reserve:1", "inv_entory:reserve:1",
			"inventory:Reserve:1", "inventory::1", "inventory:re serve:1" })
	void badContextOrOperationIsRejected(String key) {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse(key))
			.withMessageContaining("[a-z][a-z0-9-]*")
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo(key));
	}

	@Test
	void blankIdIsRejected() {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse("a:b: "))
			.withMessageContaining("blank id");
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse("a:b:"))
			.withMessageContaining("blank id");
	}

	@Test
	void overlongIdIsRejected() {
		String key = "a:b:" + "x".repeat(LockKey.MAX_ID_LENGTH + 1);
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse(key))
			.withMessageContaining("201 characters")
			.withMessageContaining("at most 200");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a:b:x y", "a:b:x\ty", "a:b:x\u00a0y" })
	void whitespaceInIdIsRejected(String key) {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse(key))
			.withMessageContaining("whitespace");
	}

	@Test
	void controlCharacterInIdIsRejected() {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse("a:b:x\u0000y"))
			.withMessageContaining("control character")
			.withMessageNotContaining("\u0000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a:b:*", "a:b:x?", "a:b:[x", "a:b:x]" })
	void globCharacterInIdIsRejected(String key) {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse(key))
			.withMessageContaining("glob character");
	}

	@ParameterizedTest
	@ValueSource(strings = { "inventory:reserve:{P-1}", "inventory:reserve:P-1}", "inventory:reserve:{P-1}:fence" })
	void hashTagBraceInIdIsRejected(String key) {
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> LockKey.parse(key))
			.withMessageContaining("'" + key + "'")
			.withMessageContaining("'{' and '}' are not allowed");
	}

	@Test
	void keysWithSameValueAreEqual() {
		assertThat(LockKey.parse("a:b:c")).isEqualTo(LockKey.parse("a:b:c")).hasSameHashCodeAs(LockKey.parse("a:b:c"));
		assertThat(LockKey.parse("a:b:c")).isNotEqualTo(LockKey.parse("a:b:d"));
	}

}
