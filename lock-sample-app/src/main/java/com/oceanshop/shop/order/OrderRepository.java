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

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Orders.
 *
 * @since 0.1.0
 */
public interface OrderRepository extends JpaRepository<ShopOrder, String> {

	/**
	 * Return the orders of a queue in processing order.
	 * @param queue the queue
	 * @return the orders
	 */
	List<ShopOrder> findByQueueOrderBySequenceAsc(String queue);

	/**
	 * Return the highest sequence number used in a queue.
	 * @param queue the queue
	 * @return the sequence, 0 if the queue is empty
	 */
	@Query("select coalesce(max(o.sequence), 0) from ShopOrder o where o.queue = :queue")
	long maxSequence(String queue);

	/**
	 * Return whether an order was placed for a reservation.
	 * @param reservationId the reservation id
	 * @return whether such an order exists
	 */
	boolean existsByReservationId(String reservationId);

	/**
	 * Record the fencing token of a payment writer if it is newer than the last one.
	 * @param orderId the order id
	 * @param token the writer's fencing token
	 * @return 1 if recorded, 0 if the order is unknown or the token is stale
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update ShopOrder o set o.paymentFence = :token where o.id = :orderId and o.paymentFence < :token")
	int advancePaymentFence(String orderId, long token);

}
