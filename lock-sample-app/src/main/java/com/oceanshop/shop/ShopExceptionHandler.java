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

import java.net.URI;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.oceanshop.lock.InvalidLockKeyException;
import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockUnavailableException;

/**
 * Maps shop and lock exceptions to RFC 9457 problem details.
 *
 * @since 0.1.0
 */
@RestControllerAdvice
public class ShopExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleShopException(ShopException ex) {
		return problem(ex.getStatus(), "shop-rule", ex.getMessage());
	}

	// Busy is temporary: the client may retry, so 503 with Retry-After rather than 409.
	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleLockAcquisition(LockAcquisitionException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(detail(HttpStatus.SERVICE_UNAVAILABLE, "lock-busy", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleLockUnavailable(LockUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(detail(HttpStatus.SERVICE_UNAVAILABLE, "lock-unavailable", ex.getMessage()));
	}

	// The work ran but the lock was lost before release: the fencing checks in the
	// database decide what was kept, so tell the client to look before retrying.
	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleLockLost(LockLostException ex) {
		return problem(HttpStatus.CONFLICT, "lock-lost", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleInvalidKey(InvalidLockKeyException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-id", ex.getMessage());
	}

	// The last line of defence: a unique constraint caught a duplicate that the lock did
	// not (a lost lock, a second instance without the lock).
	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleDuplicate(DataIntegrityViolationException ex) {
		return problem(HttpStatus.CONFLICT, "duplicate", "The request conflicts with data written concurrently");
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String message) {
		return ResponseEntity.status(status).body(detail(status, type, message));
	}

	private static ProblemDetail detail(HttpStatus status, String type, String message) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, message);
		detail.setType(URI.create("https://oceanshop.com/problems/" + type));
		return detail;
	}

}
