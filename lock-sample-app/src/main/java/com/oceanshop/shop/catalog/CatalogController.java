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

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.oceanshop.shop.ShopException;
import com.oceanshop.shop.catalog.CatalogService.CacheStatistics;
import com.oceanshop.shop.catalog.CatalogService.ProductView;

/**
 * Catalog API: {@code GET /api/catalog}, {@code GET /api/catalog/{productId}},
 * {@code GET /api/catalog/cache} and (admin) {@code PUT /api/catalog/{productId}}.
 *
 * @since 0.1.0
 */
@RestController
public class CatalogController {

	private final CatalogService catalog;

	CatalogController(CatalogService catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/api/catalog")
	List<ProductView> products() {
		return this.catalog.products();
	}

	@GetMapping("/api/catalog/cache")
	CacheStatistics cache() {
		return this.catalog.cacheStatistics();
	}

	@GetMapping("/api/catalog/{productId}")
	ProductView product(@PathVariable String productId) {
		return this.catalog.product(productId);
	}

	@PutMapping("/api/catalog/{productId}")
	ProductView update(@PathVariable String productId, @RequestBody ProductUpdate update) {
		String name = update.name();
		BigDecimal price = update.price();
		if (name == null || name.isBlank() || price == null || price.signum() < 0) {
			throw new ShopException(HttpStatus.BAD_REQUEST, "A product needs a name and a price of zero or more");
		}
		return this.catalog.update(productId, name, price);
	}

	record ProductUpdate(@Nullable String name, @Nullable BigDecimal price) {
	}

}
