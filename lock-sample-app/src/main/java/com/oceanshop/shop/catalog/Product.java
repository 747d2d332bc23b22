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

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A product of the catalog.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "products")
public class Product {

	@Id
	@Column(length = 64)
	private String id;

	@Column(nullable = false)
	private String name;

	@Column(precision = 12, scale = 2, nullable = false)
	private BigDecimal price;

	protected Product() {
		this.id = "";
		this.name = "";
		this.price = BigDecimal.ZERO;
	}

	/**
	 * Create a product.
	 * @param id the product id
	 * @param name the name
	 * @param price the price
	 */
	public Product(String id, String name, BigDecimal price) {
		this.id = id;
		this.name = name;
		this.price = price;
	}

	public String getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	void update(String name, BigDecimal price) {
		this.name = name;
		this.price = price;
	}

}
