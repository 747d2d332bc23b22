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
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.shop.ShopException;
import com.oceanshop.shop.StaleFencingTokenException;
import com.oceanshop.shop.order.OrderRepository;

/**
 * Payments, shown with {@link LockTemplate}. A charge is safe to retry: the idempotency
 * key returns the first result, the lock keeps two charges of one order apart, the
 * fencing token rejects a holder whose lock was lost, and unique constraints catch
 * whatever is left. Timeouts come from {@code app.lock.names[payment:charge]} (30 s
 * lease).
 *
 * @since 0.1.0
 */
@Service
public class PaymentService {

	private final LockTemplate lockTemplate;

	private final TransactionTemplate transactionTemplate;

	private final PaymentRepository payments;

	private final OrderRepository orders;

	PaymentService(LockTemplate lockTemplate, PlatformTransactionManager transactionManager, PaymentRepository payments,
			OrderRepository orders) {
		this.lockTemplate = lockTemplate;
		this.transactionTemplate = new TransactionTemplate(transactionManager);
		this.payments = payments;
		this.orders = orders;
	}

	/**
	 * Charge an order once.
	 * @param orderId the order id
	 * @param amount the amount
	 * @param idempotencyKey the client's key for this charge; a retry with the same key
	 * returns the first charge
	 * @return the charge and whether it is a replay of an earlier one
	 */
	public Charge charge(String orderId, BigDecimal amount, String idempotencyKey) {
		// EXCLUSIVE: a charge is check-then-write on one order (is it paid? then pay), so
		// one charge per order at a time; the order id in the key keeps other orders
		// apart.
		// The lock is taken before the transaction starts and released after it ends.
		LockRequest request = LockRequest.builder("payment:charge:" + orderId).type(LockType.EXCLUSIVE).build();
		return this.lockTemplate.execute(request, (lock) -> this.transactionTemplate
			.execute((status) -> record(orderId, amount, idempotencyKey, lock.fencingToken())));
	}

	/**
	 * Record a charge made under a lock with the given fencing token, unless the key was
	 * used before. Call it in a transaction while holding
	 * {@code payment:charge:<orderId>}.
	 * @param orderId the order id
	 * @param amount the amount
	 * @param idempotencyKey the client's key for this charge
	 * @param fencingToken the fencing token of the caller's lock
	 * @return the charge
	 * @throws StaleFencingTokenException if a holder with a newer token has written
	 */
	@Transactional
	public Charge record(String orderId, BigDecimal amount, String idempotencyKey, long fencingToken) {
		Optional<Payment> replay = this.payments.findByIdempotencyKey(idempotencyKey);
		if (replay.isPresent()) {
			Payment payment = replay.get();
			if (!payment.getOrderId().equals(orderId) || payment.getAmount().compareTo(amount) != 0) {
				throw new ShopException(HttpStatus.UNPROCESSABLE_CONTENT,
						"Idempotency key " + idempotencyKey + " was used for a different charge");
			}
			return new Charge(payment, true);
		}
		if (this.orders.advancePaymentFence(orderId, fencingToken) == 0) {
			if (!this.orders.existsById(orderId)) {
				throw new ShopException(HttpStatus.NOT_FOUND, "No order " + orderId);
			}
			throw new StaleFencingTokenException("payments of order " + orderId, fencingToken);
		}
		if (this.payments.findByOrderId(orderId).isPresent()) {
			throw new ShopException(HttpStatus.CONFLICT,
					"Order " + orderId + " is already paid (with another idempotency key)");
		}
		return new Charge(this.payments.saveAndFlush(new Payment(orderId, idempotencyKey, amount, fencingToken)),
				false);
	}

	/**
	 * Return the number of payments of an order.
	 * @param orderId the order id
	 * @return the number of payments, 0 or 1
	 */
	@Transactional(readOnly = true)
	public long count(String orderId) {
		return this.payments.countByOrderId(orderId);
	}

	/**
	 * Outcome of a charge.
	 *
	 * @param payment the payment
	 * @param replayed whether the idempotency key returned an earlier charge
	 */
	public record Charge(Payment payment, boolean replayed) {
	}

}
