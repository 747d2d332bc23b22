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

package com.oceanshop.shop.ratelimit;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

import com.oceanshop.lock.LockException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;

/**
 * Limits how many requests each user has in progress across all instances, with a
 * distributed semaphore {@code rate:limit:<user>} taken through {@link LockTemplate}. A
 * request that finds no free permit is answered {@code 429 Too Many Requests} at once.
 * The user is the {@value #USER_HEADER} header, or {@code anonymous}.
 *
 * @since 0.1.0
 */
public class RateLimitInterceptor implements HandlerInterceptor {

	/**
	 * Header that names the calling user.
	 */
	public static final String USER_HEADER = "X-User-Id";

	private static final String PERMIT_ATTRIBUTE = RateLimitInterceptor.class.getName() + ".permit";

	private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

	private static final Log logger = LogFactory.getLog(RateLimitInterceptor.class);

	private final LockTemplate lockTemplate;

	private final RateLimitProperties properties;

	/**
	 * Create an interceptor.
	 * @param lockTemplate the lock template
	 * @param properties the limits
	 */
	public RateLimitInterceptor(LockTemplate lockTemplate, RateLimitProperties properties) {
		this.lockTemplate = lockTemplate;
		this.properties = properties;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		String user = user(request);
		if (user == null) {
			response.sendError(HttpStatus.BAD_REQUEST.value(), USER_HEADER + " must match " + USER.pattern());
			return false;
		}
		// SEMAPHORE: a limit of N requests in progress per user is N permits, shared by
		// every instance. Permits expire with their lease, so a crashed instance cannot
		// leak a user's capacity. The rate limiter fails open when Redis is unreachable:
		// it protects capacity, not data, and must not take the shop down with Redis.
		LockRequest permitRequest = LockRequest.builder("rate:limit:" + user)
			.type(LockType.SEMAPHORE)
			.maxPermits(this.properties.maxConcurrentRequests())
			.leaseTime(this.properties.permitLease())
			.runUnlockedIfUnavailable()
			.build();
		Optional<LockHandle> permit = this.lockTemplate.tryAcquire(permitRequest);
		if (permit.isEmpty()) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getWriter()
				.write("{\"type\":\"https://oceanshop.com/problems/rate-limited\",\"title\":\"Too Many Requests\","
						+ "\"status\":429,\"detail\":\"More than " + this.properties.maxConcurrentRequests()
						+ " requests in progress for this user\"}");
			return false;
		}
		request.setAttribute(PERMIT_ATTRIBUTE, permit.get());
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (request.getAttribute(PERMIT_ATTRIBUTE) instanceof LockHandle permit) {
			request.removeAttribute(PERMIT_ATTRIBUTE);
			try {
				permit.close();
			}
			catch (LockException failure) {
				// The permit expires with its lease; the response is already written.
				logger.warn("Could not return permit " + permit.key() + ": " + failure.getMessage());
			}
		}
	}

	private static @Nullable String user(HttpServletRequest request) {
		String user = request.getHeader(USER_HEADER);
		if (user == null || user.isEmpty()) {
			return "anonymous";
		}
		return USER.matcher(user).matches() ? user : null;
	}

}
