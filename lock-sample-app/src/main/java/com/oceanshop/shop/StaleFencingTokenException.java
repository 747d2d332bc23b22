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

import org.springframework.http.HttpStatus;

/**
 * Thrown when the database rejects a write because a newer lock holder has already
 * written: the caller's lock was lost (a pause outlived its lease, a failover dropped it)
 * and its fencing token is older than the one stored.
 *
 * @since 0.1.0
 */
public class StaleFencingTokenException extends ShopException {

	/**
	 * Create a new exception.
	 * @param what the record that was protected, for example {@code "product PROD-1"}
	 * @param token the caller's fencing token
	 */
	public StaleFencingTokenException(String what, long token) {
		super(HttpStatus.CONFLICT, "Write to " + what + " with fencing token " + token
				+ " rejected: a newer lock holder has written since");
	}

}
