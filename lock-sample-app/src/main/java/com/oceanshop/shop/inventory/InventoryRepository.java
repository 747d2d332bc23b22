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

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Stock records. The updates are conditional, so that the database itself refuses to
 * oversell or to accept a stale lock holder's write.
 *
 * @since 0.1.0
 */
public interface InventoryRepository extends JpaRepository<InventoryItem, String> {

	/**
	 * Take units from stock if there are enough and the fencing token is newer than the
	 * last writer's.
	 * @param productId the product id
	 * @param quantity the units to take
	 * @param token the caller's fencing token
	 * @return 1 if the units were taken, 0 if not
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update InventoryItem i set i.stock = i.stock - :quantity, i.lastFence = :token "
			+ "where i.productId = :productId and i.stock >= :quantity and i.lastFence < :token")
	int take(String productId, int quantity, long token);

	/**
	 * Set the stock if the fencing token is newer than the last writer's.
	 * @param productId the product id
	 * @param stock the new stock
	 * @param token the caller's fencing token
	 * @return 1 if the stock was set, 0 if not
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update InventoryItem i set i.stock = :stock, i.lastFence = :token "
			+ "where i.productId = :productId and i.lastFence < :token")
	int restock(String productId, int stock, long token);

}
