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

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.oceanshop.shop.ShopException;
import com.oceanshop.shop.payment.PaymentService.Charge;

/**
 * Payment API: {@code POST /api/payments} with an {@code Idempotency-Key} header. The
 * first charge answers 201; a retry with the same key answers 200 with the same payment.
 *
 * @since 0.1.0
 */
@RestController
public class PaymentController {

	private final PaymentService payments;

	PaymentController(PaymentService payments) {
		this.payments = payments;
	}

	@PostMapping("/api/payments")
	ResponseEntity<Payment> charge(@RequestHeader("Idempotency-Key") String idempotencyKey,
			@RequestBody PaymentRequest request) {
		if (idempotencyKey.isBlank() || idempotencyKey.length() > 100) {
			throw new ShopException(HttpStatus.BAD_REQUEST, "Idempotency-Key must have 1 to 100 characters");
		}
		BigDecimal amount = request.amount();
		if (amount == null || amount.signum() <= 0) {
			throw new ShopException(HttpStatus.BAD_REQUEST, "Amount must be positive");
		}
		Charge charge = this.payments.charge(request.orderId(), amount, idempotencyKey);
		return ResponseEntity.status(charge.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(charge.payment());
	}

	record PaymentRequest(String orderId, @Nullable BigDecimal amount) {
	}

}
