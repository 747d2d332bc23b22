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

package com.oceanshop.shop.order;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * An order, processed in its queue at position {@link #getSequence() sequence}.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "orders", uniqueConstraints = { @UniqueConstraint(columnNames = { "queue", "sequence" }),
		@UniqueConstraint(columnNames = "reservation_id") })
public class ShopOrder {

	@Id
	@Column(length = 36)
	private String id;

	@Column(length = 64, nullable = false)
	private String queue;

	private long sequence;

	@Column(name = "reservation_id", length = 36, nullable = false)
	private String reservationId;

	@Column(length = 64, nullable = false)
	private String customer;

	// Fencing token of the last payment writer for this order; see PaymentService.
	private long paymentFence;

	private Instant createdAt;

	protected ShopOrder() {
		this.id = "";
		this.queue = "";
		this.reservationId = "";
		this.customer = "";
		this.createdAt = Instant.EPOCH;
	}

	ShopOrder(String queue, long sequence, String reservationId, String customer) {
		this.id = UUID.randomUUID().toString();
		this.queue = queue;
		this.sequence = sequence;
		this.reservationId = reservationId;
		this.customer = customer;
		this.createdAt = Instant.now();
	}

	public String getId() {
		return this.id;
	}

	public String getQueue() {
		return this.queue;
	}

	public long getSequence() {
		return this.sequence;
	}

	public String getReservationId() {
		return this.reservationId;
	}

	public String getCustomer() {
		return this.customer;
	}

	public long getPaymentFence() {
		return this.paymentFence;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
