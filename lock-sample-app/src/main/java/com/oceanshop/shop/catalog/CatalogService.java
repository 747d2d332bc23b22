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

package com.oceanshop.shop.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockType;
import com.oceanshop.shop.ShopException;

/**
 * Product catalog with an in-memory cache in front of the database, shown with
 * {@link DistributedLock @DistributedLock}. Reads share a READ lock and writes take the
 * WRITE side of the same key, so a reader never caches a product while a writer is
 * changing it. Timeouts come from {@code app.lock.names[catalog:product]} (10 s lease).
 * <p>
 * The cache is local to each instance: a write invalidates this instance's entry only.
 * Entries therefore live at most {@code shop.catalog.cache-ttl}; a multi-instance
 * deployment that needs immediate invalidation everywhere would publish it (for example
 * on a Redis topic).
 *
 * @since 0.1.0
 */
@Service
public class CatalogService {

	private final ProductRepository products;

	private final CatalogProperties properties;

	private final Map<String, CachedProduct> cache = new ConcurrentHashMap<>();

	private final AtomicLong hits = new AtomicLong();

	private final AtomicLong misses = new AtomicLong();

	CatalogService(ProductRepository products, CatalogProperties properties) {
		this.products = products;
		this.properties = properties;
	}

	/**
	 * Return a product, from the cache when possible.
	 * @param productId the product id
	 * @return the product
	 */
	// READ: reads vastly outnumber writes and do not conflict with each other, so any
	// number of readers hold the lock at once; they only wait while a writer holds it.
	@DistributedLock(key = "catalog:product:#{#productId}", type = LockType.READ)
	@Transactional(readOnly = true)
	public ProductView product(String productId) {
		long now = System.nanoTime();
		CachedProduct cached = this.cache.get(productId);
		if (cached != null && now - cached.loadedAt() < this.properties.cacheTtl().toNanos()) {
			this.hits.incrementAndGet();
			return cached.view();
		}
		this.misses.incrementAndGet();
		Product product = this.products.findById(productId)
			.orElseThrow(() -> new ShopException(HttpStatus.NOT_FOUND, "No product " + productId));
		ProductView view = new ProductView(product.getId(), product.getName(), product.getPrice());
		this.cache.put(productId, new CachedProduct(view, now));
		return view;
	}

	/**
	 * Change a product and drop it from the cache.
	 * @param productId the product id
	 * @param name the new name
	 * @param price the new price
	 * @return the product
	 */
	// WRITE: exclusive against readers and other writers of the same product, so no
	// reader can put the old version back into the cache between the database update and
	// the invalidation.
	@DistributedLock(key = "catalog:product:#{#productId}", type = LockType.WRITE)
	@Transactional
	public ProductView update(String productId, String name, BigDecimal price) {
		Product product = this.products.findById(productId).orElseGet(() -> new Product(productId, name, price));
		product.update(name, price);
		this.products.save(product);
		this.cache.remove(productId);
		return new ProductView(product.getId(), product.getName(), product.getPrice());
	}

	/**
	 * Return every product, straight from the database.
	 * @return the products
	 */
	@Transactional(readOnly = true)
	public List<ProductView> products() {
		return this.products.findAll()
			.stream()
			.map((product) -> new ProductView(product.getId(), product.getName(), product.getPrice()))
			.toList();
	}

	/**
	 * Return cache statistics.
	 * @return the statistics
	 */
	public CacheStatistics cacheStatistics() {
		return new CacheStatistics(this.cache.size(), this.hits.get(), this.misses.get());
	}

	/**
	 * A product as the API shows it.
	 *
	 * @param id the product id
	 * @param name the name
	 * @param price the price
	 */
	public record ProductView(String id, String name, BigDecimal price) {
	}

	/**
	 * Cache statistics of this instance.
	 *
	 * @param size the entries cached
	 * @param hits the reads served from the cache
	 * @param misses the reads that went to the database
	 */
	public record CacheStatistics(int size, long hits, long misses) {
	}

	private record CachedProduct(ProductView view, long loadedAt) {
	}

}
