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

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Payments.
 *
 * @since 0.1.0
 */
public interface PaymentRepository extends JpaRepository<Payment, String> {

	/**
	 * Return the payment made with an idempotency key.
	 * @param idempotencyKey the key
	 * @return the payment, if any
	 */
	Optional<Payment> findByIdempotencyKey(String idempotencyKey);

	/**
	 * Return the payment of an order.
	 * @param orderId the order id
	 * @return the payment, if any
	 */
	Optional<Payment> findByOrderId(String orderId);

	/**
	 * Return how many payments an order has.
	 * @param orderId the order id
	 * @return the number of payments
	 */
	long countByOrderId(String orderId);

}
