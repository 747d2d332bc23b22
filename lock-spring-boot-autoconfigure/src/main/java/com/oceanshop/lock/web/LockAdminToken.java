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

package com.oceanshop.lock.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;

/**
 * The bearer token of the lock admin API, and the check of an {@code Authorization}
 * header against it.
 * <p>
 * Tokens are compared in constant time ({@link MessageDigest#isEqual}) over their SHA-256
 * digests, so neither the content nor the length of the configured token leaks through
 * response timing. A token that is {@code null} or blank is "not configured": then no
 * header matches, so the protected endpoints stay closed. An application that guards more
 * than the admin API with the same token (actuator endpoints, its own admin calls) can
 * use this bean in its own security filter.
 *
 * @since 0.1.0
 */
public final class LockAdminToken {

	private static final String BEARER = "Bearer ";

	private final byte @Nullable [] digest;

	/**
	 * Create a token.
	 * @param token the token, or {@code null} or blank to accept none
	 */
	public LockAdminToken(@Nullable String token) {
		this.digest = (token != null && !token.isBlank()) ? sha256(token.trim()) : null;
	}

	/**
	 * Return whether a token is configured. Without one, {@link #matches(String)} is
	 * always {@code false}.
	 * @return whether a token is configured
	 */
	public boolean isConfigured() {
		return this.digest != null;
	}

	/**
	 * Return whether an {@code Authorization} header value presents this token as
	 * {@code Bearer <token>} (the scheme is case-insensitive).
	 * @param authorization the header value, or {@code null} if the request has none
	 * @return whether it presents the configured token
	 */
	public boolean matches(@Nullable String authorization) {
		byte[] expected = this.digest;
		if (expected == null || authorization == null || !isBearer(authorization)) {
			return false;
		}
		String presented = authorization.substring(BEARER.length()).trim();
		return !presented.isEmpty() && MessageDigest.isEqual(expected, sha256(presented));
	}

	static boolean isBearer(@Nullable String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	@Override
	public String toString() {
		// Never the token itself.
		return "LockAdminToken[" + (isConfigured() ? "configured" : "none") + "]";
	}

}
