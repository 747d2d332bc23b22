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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.oceanshop.shop.ShopException;
import com.oceanshop.shop.inventory.InventoryService.StockView;

/**
 * Inventory API: {@code GET /api/inventory/{productId}}, {@code POST
 * /api/inventory/{productId}/reservations} and (admin) {@code PUT
 * /api/inventory/{productId}}.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/api/inventory/{productId}")
public class InventoryController {

	private final InventoryService inventory;

	InventoryController(InventoryService inventory) {
		this.inventory = inventory;
	}

	@GetMapping
	StockView stock(@PathVariable String productId) {
		return this.inventory.stock(productId);
	}

	@PostMapping("/reservations")
	@ResponseStatus(HttpStatus.CREATED)
	Reservation reserve(@PathVariable String productId, @RequestBody ReservationRequest request) {
		if (request.quantity() < 1) {
			throw new ShopException(HttpStatus.BAD_REQUEST, "Quantity must be at least 1");
		}
		return this.inventory.reserve(productId, request.quantity());
	}

	@PutMapping
	StockView restock(@PathVariable String productId, @RequestBody RestockRequest request) {
		if (request.stock() < 0) {
			throw new ShopException(HttpStatus.BAD_REQUEST, "Stock must not be negative");
		}
		this.inventory.restock(productId, request.stock());
		return this.inventory.stock(productId);
	}

	record ReservationRequest(int quantity) {
	}

	record RestockRequest(int stock) {
	}

}
