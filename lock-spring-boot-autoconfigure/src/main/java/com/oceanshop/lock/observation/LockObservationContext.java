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
package com.oceanshop.lock.observation;

import java.util.Objects;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockRequest;

/**
 * {@link Observation.Context} of a lock acquisition or hold: the request, and what is
 * known when the observation stops.
 *
 * @since 0.1.0
 * @see LockObservationDocumentation
 */
public class LockObservationContext extends Observation.Context {

	/**
	 * {@link #getOutcome() Outcome} while the observation runs.
	 */
	public static final String OUTCOME_UNKNOWN = "unknown";

	/**
	 * Outcome of an acquisition that got the lock.
	 */
	public static final String OUTCOME_ACQUIRED = "acquired";

	/**
	 * Outcome of an acquisition whose wait time ran out.
	 */
	public static final String OUTCOME_TIMEOUT = "timeout";

	/**
	 * Outcome of an acquisition or release that failed (Redis unreachable, interrupted).
	 */
	public static final String OUTCOME_ERROR = "error";

	/**
	 * Outcome of a hold that ended with its release.
	 */
	public static final String OUTCOME_RELEASED = "released";

	/**
	 * Outcome of a hold whose lock was lost before its release (lease ran out, renewal
	 * failed).
	 */
	public static final String OUTCOME_LOST = "lost";

	private final LockRequest request;

	private String outcome = OUTCOME_UNKNOWN;

	private @Nullable Long fencingToken;

	/**
	 * Create a context for the given request.
	 * @param request the lock request
	 */
	public LockObservationContext(LockRequest request) {
		this.request = Objects.requireNonNull(request, "'request' must not be null");
	}

	/**
	 * Return the lock request.
	 * @return the request
	 */
	public LockRequest getRequest() {
		return this.request;
	}

	/**
	 * Return how the observed acquisition or hold ended.
	 * @return the outcome, {@value #OUTCOME_UNKNOWN} until it ends
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the observed acquisition or hold ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(String outcome) {
		this.outcome = Objects.requireNonNull(outcome, "'outcome' must not be null");
	}

	/**
	 * Return the fencing token the holder was issued, if it asked for one.
	 * @return the token, or {@code null}
	 */
	public @Nullable Long getFencingToken() {
		return this.fencingToken;
	}

	/**
	 * Set the fencing token the holder was issued.
	 * @param fencingToken the token
	 */
	public void setFencingToken(@Nullable Long fencingToken) {
		this.fencingToken = fencingToken;
	}

}
