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

package com.oceanshop.shop;

import java.math.BigDecimal;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.shop.catalog.Product;
import com.oceanshop.shop.catalog.ProductRepository;
import com.oceanshop.shop.inventory.InventoryItem;
import com.oceanshop.shop.inventory.InventoryRepository;

/**
 * Puts a few products into an empty database, so that the README's calls work at once.
 * Several instances may start together on one database, so the check-then-insert runs
 * under an exclusive lock.
 *
 * @since 0.1.0
 */
@Component
@ConditionalOnBooleanProperty(name = "shop.demo-data.enabled", matchIfMissing = true)
class DemoData implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoData.class);

	private final LockTemplate lockTemplate;

	private final TransactionTemplate transactionTemplate;

	private final ProductRepository products;

	private final InventoryRepository inventory;

	DemoData(LockTemplate lockTemplate, PlatformTransactionManager transactionManager, ProductRepository products,
			InventoryRepository inventory) {
		this.lockTemplate = lockTemplate;
		this.transactionTemplate = new TransactionTemplate(transactionManager);
		this.products = products;
		this.inventory = inventory;
	}

	@Override
	public void run(ApplicationArguments args) {
		LockRequest request = LockRequest.builder("shop:seed:demo-data").waitTime(Duration.ofSeconds(30)).build();
		// EXCLUSIVE: instances starting together must not both see an empty catalog and
		// both insert the demo products.
		try (LockHandle lock = this.lockTemplate.acquire(request)) {
			this.transactionTemplate.executeWithoutResult((status) -> seed());
		}
	}

	private void seed() {
		if (this.products.count() > 0) {
			return;
		}
		add("PROD-1", "Ocean kayak", "499.00", 100);
		add("PROD-2", "Paddle", "59.90", 250);
		add("PROD-3", "Dry bag", "24.50", 500);
		logger.info("Added demo products PROD-1, PROD-2 and PROD-3");
	}

	private void add(String id, String name, String price, int stock) {
		this.products.save(new Product(id, name, new BigDecimal(price)));
		// Fencing tokens are per key, so the seed lock's token means nothing here; 0 lets
		// the first inventory:reserve holder of this product write.
		this.inventory.save(new InventoryItem(id, stock, 0));
	}

}
