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

package com.oceanshop.shop.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * A charge of an order. At most one per order and one per idempotency key, enforced by
 * unique constraints.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "payments", uniqueConstraints = { @UniqueConstraint(columnNames = "order_id"),
		@UniqueConstraint(columnNames = "idempotency_key") })
public class Payment {

	@Id
	@Column(length = 36)
	private String id;

	@Column(name = "order_id", length = 36, nullable = false)
	private String orderId;

	@Column(name = "idempotency_key", length = 100, nullable = false)
	private String idempotencyKey;

	@Column(precision = 12, scale = 2, nullable = false)
	private BigDecimal amount;

	private long fencingToken;

	private Instant createdAt;

	protected Payment() {
		this.id = "";
		this.orderId = "";
		this.idempotencyKey = "";
		this.amount = BigDecimal.ZERO;
		this.createdAt = Instant.EPOCH;
	}

	Payment(String orderId, String idempotencyKey, BigDecimal amount, long fencingToken) {
		this.id = UUID.randomUUID().toString();
		this.orderId = orderId;
		this.idempotencyKey = idempotencyKey;
		this.amount = amount;
		this.fencingToken = fencingToken;
		this.createdAt = Instant.now();
	}

	public String getId() {
		return this.id;
	}

	public String getOrderId() {
		return this.orderId;
	}

	public String getIdempotencyKey() {
		return this.idempotencyKey;
	}

	public BigDecimal getAmount() {
		return this.amount;
	}

	public long getFencingToken() {
		return this.fencingToken;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
