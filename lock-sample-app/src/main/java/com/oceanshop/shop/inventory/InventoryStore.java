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

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.oceanshop.shop.ShopException;
import com.oceanshop.shop.StaleFencingTokenException;

/**
 * Second line of defence against overselling: every stock change is one conditional
 * update that checks both the remaining stock and the caller's fencing token. It holds
 * even when the distributed lock does not, for example after a pause longer than the
 * lease or a Redis failover that lost the lock.
 *
 * @since 0.1.0
 */
@Component
public class InventoryStore {

	private final InventoryRepository inventory;

	private final ReservationRepository reservations;

	InventoryStore(InventoryRepository inventory, ReservationRepository reservations) {
		this.inventory = inventory;
		this.reservations = reservations;
	}

	/**
	 * Take units from stock and record the reservation.
	 * @param productId the product id
	 * @param quantity the units to take
	 * @param fencingToken the fencing token of the caller's lock
	 * @return the reservation
	 * @throws StaleFencingTokenException if a holder with a newer token has written
	 * @throws ShopException if the product is unknown or has too few units
	 */
	@Transactional
	public Reservation take(String productId, int quantity, long fencingToken) {
		if (this.inventory.take(productId, quantity, fencingToken) == 0) {
			InventoryItem item = find(productId);
			if (item.getLastFence() >= fencingToken) {
				throw new StaleFencingTokenException("product " + productId, fencingToken);
			}
			throw new ShopException(HttpStatus.CONFLICT, "Out of stock: " + quantity + " units of product " + productId
					+ " requested, " + item.getStock() + " left");
		}
		return this.reservations.save(new Reservation(productId, quantity, fencingToken));
	}

	/**
	 * Set the stock of a product, creating its stock record if needed.
	 * @param productId the product id
	 * @param stock the units in stock
	 * @param fencingToken the fencing token of the caller's lock
	 * @return the stock record
	 * @throws StaleFencingTokenException if a holder with a newer token has written
	 */
	@Transactional
	public InventoryItem restock(String productId, int stock, long fencingToken) {
		if (!this.inventory.existsById(productId)) {
			return this.inventory.saveAndFlush(new InventoryItem(productId, stock, fencingToken));
		}
		if (this.inventory.restock(productId, stock, fencingToken) == 0) {
			throw new StaleFencingTokenException("product " + productId, fencingToken);
		}
		return find(productId);
	}

	/**
	 * Return the stock record of a product.
	 * @param productId the product id
	 * @return the stock record
	 * @throws ShopException if the product is unknown
	 */
	@Transactional(readOnly = true)
	public InventoryItem find(String productId) {
		return this.inventory.findById(productId)
			.orElseThrow(() -> new ShopException(HttpStatus.NOT_FOUND, "No stock record for product " + productId));
	}

	/**
	 * Return the units reserved of a product.
	 * @param productId the product id
	 * @return the units reserved
	 */
	@Transactional(readOnly = true)
	public long reserved(String productId) {
		return this.reservations.sumQuantityByProductId(productId);
	}

}
