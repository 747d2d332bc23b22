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

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Order API: {@code POST /api/queues/{queue}/orders}, {@code GET
 * /api/queues/{queue}/orders} and {@code GET /api/orders/{orderId}}.
 *
 * @since 0.1.0
 */
@RestController
public class OrderController {

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping("/api/queues/{queue}/orders")
	@ResponseStatus(HttpStatus.CREATED)
	ShopOrder place(@PathVariable String queue, @RequestBody OrderRequest request) {
		return Boolean.TRUE.equals(request.express())
				? this.orders.placeExpress(queue, request.reservationId(), request.customer())
				: this.orders.place(queue, request.reservationId(), request.customer());
	}

	@GetMapping("/api/queues/{queue}/orders")
	List<ShopOrder> queue(@PathVariable String queue) {
		return this.orders.queue(queue);
	}

	@GetMapping("/api/orders/{orderId}")
	ShopOrder order(@PathVariable String orderId) {
		return this.orders.find(orderId);
	}

	record OrderRequest(String reservationId, String customer, @Nullable Boolean express) {
	}

}
