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

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockType;

/**
 * Stock reservations, shown with the {@link DistributedLock @DistributedLock} annotation.
 * Timeouts come from {@code app.lock.names[inventory:reserve]} (30 s lease).
 *
 * @since 0.1.0
 */
@Service
public class InventoryService {

	private final InventoryStore store;

	InventoryService(InventoryStore store) {
		this.store = store;
	}

	/**
	 * Reserve units of a product.
	 * @param productId the product id
	 * @param quantity the units, at least 1
	 * @return the reservation
	 */
	// EXCLUSIVE: a reservation is a read-modify-write of one product's stock, so only one
	// writer per product may run at a time; other products do not contend because the
	// product id is part of the key. The lock is the outer advice, so it is held from
	// before the transaction begins until after it commits.
	@DistributedLock(key = "inventory:reserve:#{#productId}", type = LockType.EXCLUSIVE)
	@Transactional
	public Reservation reserve(String productId, int quantity) {
		return this.store.take(productId, quantity, LockContext.current().fencingToken());
	}

	/**
	 * Set the stock of a product.
	 * @param productId the product id
	 * @param stock the units in stock
	 * @return the stock record
	 */
	// EXCLUSIVE on the same key as reservations: a restock must not interleave with a
	// reservation of the same product.
	@DistributedLock(key = "inventory:reserve:#{#productId}", type = LockType.EXCLUSIVE)
	@Transactional
	public InventoryItem restock(String productId, int stock) {
		return this.store.restock(productId, stock, LockContext.current().fencingToken());
	}

	/**
	 * Return the stock of a product. Reads need no lock: they see committed data.
	 * @param productId the product id
	 * @return the stock view
	 */
	@Transactional(readOnly = true)
	public StockView stock(String productId) {
		InventoryItem item = this.store.find(productId);
		return new StockView(productId, item.getStock(), this.store.reserved(productId), item.getLastFence());
	}

	/**
	 * Stock of a product.
	 *
	 * @param productId the product id
	 * @param stock the units left
	 * @param reserved the units reserved so far
	 * @param lastFencingToken the fencing token of the last writer
	 */
	public record StockView(String productId, int stock, long reserved, long lastFencingToken) {
	}

}
