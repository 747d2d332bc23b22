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

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockType;
import com.oceanshop.shop.ShopException;
import com.oceanshop.shop.inventory.ReservationRepository;

/**
 * Order processing, shown with the {@link DistributedLock @DistributedLock} annotation.
 * Timeouts come from {@code app.lock.names[order:process]} (60 s lease).
 *
 * @since 0.1.0
 */
@Service
public class OrderService {

	/**
	 * Lock priority of express orders; standard orders have the default, 0.
	 */
	public static final int EXPRESS_PRIORITY = 10;

	private final OrderRepository orders;

	private final ReservationRepository reservations;

	OrderService(OrderRepository orders, ReservationRepository reservations) {
		this.orders = orders;
		this.reservations = reservations;
	}

	/**
	 * Place an order for a reservation in a queue, giving it the next position.
	 * @param queue the queue, for example a warehouse
	 * @param reservationId the reservation the order confirms
	 * @param customer the customer
	 * @return the order
	 */
	// FAIR: orders of one queue must be processed in the order they arrived (first come,
	// first served), and a fair lock grants waiters in request order where an exclusive
	// lock lets any waiter win. Each queue has its own lock, so queues run in parallel.
	@DistributedLock(key = "order:process:#{#queue}", type = LockType.FAIR)
	@Transactional
	public ShopOrder place(String queue, String reservationId, String customer) {
		return placeLocked(queue, reservationId, customer);
	}

	/**
	 * Place an express order in a queue: it waits for the queue's lock like any order but
	 * is served before the standard orders waiting with it.
	 * @param queue the queue, for example a warehouse
	 * @param reservationId the reservation the order confirms
	 * @param customer the customer
	 * @return the order
	 */
	// Same lock as place(), with a higher priority: when the queue's lock is freed, an
	// express order waiting for it goes first, on whichever instance it waits; standard
	// orders keep their arrival order. Waiting ages a standard order (each 100 ms of
	// waiting counts as one priority level, app.lock.priority.aging-interval), so express
	// traffic never starves it: an express order arriving more than 1 s after it goes
	// after it.
	@DistributedLock(key = "order:process:#{#queue}", type = LockType.FAIR, priority = EXPRESS_PRIORITY)
	@Transactional
	public ShopOrder placeExpress(String queue, String reservationId, String customer) {
		return placeLocked(queue, reservationId, customer);
	}

	private ShopOrder placeLocked(String queue, String reservationId, String customer) {
		if (!this.reservations.existsById(reservationId)) {
			throw new ShopException(HttpStatus.NOT_FOUND, "No reservation " + reservationId);
		}
		if (this.orders.existsByReservationId(reservationId)) {
			throw new ShopException(HttpStatus.CONFLICT, "Reservation " + reservationId + " is already ordered");
		}
		// Safe read-then-write: the fair lock serializes this queue, and the unique
		// (queue, sequence) constraint backs it up in the database.
		long sequence = this.orders.maxSequence(queue) + 1;
		return this.orders.save(new ShopOrder(queue, sequence, reservationId, customer));
	}

	/**
	 * Return the orders of a queue in processing order.
	 * @param queue the queue
	 * @return the orders
	 */
	@Transactional(readOnly = true)
	public List<ShopOrder> queue(String queue) {
		return this.orders.findByQueueOrderBySequenceAsc(queue);
	}

	/**
	 * Return an order.
	 * @param orderId the order id
	 * @return the order
	 */
	@Transactional(readOnly = true)
	public ShopOrder find(String orderId) {
		return this.orders.findById(orderId)
			.orElseThrow(() -> new ShopException(HttpStatus.NOT_FOUND, "No order " + orderId));
	}

}
