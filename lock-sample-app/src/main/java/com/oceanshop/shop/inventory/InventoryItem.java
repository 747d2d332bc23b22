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

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Stock of one product, with the fencing token of the last lock holder that changed it.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "inventory")
public class InventoryItem {

	@Id
	@Column(length = 64)
	private String productId;

	private int stock;

	// Fencing token of the last writer: a write carrying a token not greater than this
	// comes from a holder whose lock was lost, and is rejected.
	private long lastFence;

	protected InventoryItem() {
		this.productId = "";
	}

	/**
	 * Create a stock record.
	 * @param productId the product id
	 * @param stock the units in stock
	 * @param lastFence the fencing token of the writer
	 */
	public InventoryItem(String productId, int stock, long lastFence) {
		this.productId = productId;
		this.stock = stock;
		this.lastFence = lastFence;
	}

	public String getProductId() {
		return this.productId;
	}

	public int getStock() {
		return this.stock;
	}

	public long getLastFence() {
		return this.lastFence;
	}

}
