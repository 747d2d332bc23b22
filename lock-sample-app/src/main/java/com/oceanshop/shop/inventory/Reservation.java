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

package com.oceanshop.shop.inventory;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Units of a product set aside for a customer.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "reservations")
public class Reservation {

	@Id
	@Column(length = 36)
	private String id;

	@Column(length = 64, nullable = false)
	private String productId;

	private int quantity;

	private long fencingToken;

	private Instant createdAt;

	protected Reservation() {
		this.id = "";
		this.productId = "";
		this.createdAt = Instant.EPOCH;
	}

	Reservation(String productId, int quantity, long fencingToken) {
		this.id = UUID.randomUUID().toString();
		this.productId = productId;
		this.quantity = quantity;
		this.fencingToken = fencingToken;
		this.createdAt = Instant.now();
	}

	public String getId() {
		return this.id;
	}

	public String getProductId() {
		return this.productId;
	}

	public int getQuantity() {
		return this.quantity;
	}

	public long getFencingToken() {
		return this.fencingToken;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
