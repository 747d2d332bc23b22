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

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Ocean Shop: the sample application of Ocean Lock. Each feature package shows the lock
 * type that the architecture decision assigns to it: inventory (exclusive), orders
 * (fair), payments (exclusive), catalog cache (read/write) and rate limiting (semaphore).
 *
 * @since 0.1.0
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ShopApplication {

	/**
	 * Start the shop.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(ShopApplication.class, args);
	}

}
