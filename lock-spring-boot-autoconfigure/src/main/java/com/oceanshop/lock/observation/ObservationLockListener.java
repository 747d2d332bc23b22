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

import java.time.Duration;
import java.util.Objects;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;

/**
 * {@link LockListener} that records two observations per lock (see
 * {@link LockObservationDocumentation}):
 * <ul>
 * <li>{@value DefaultLockAcquireObservationConvention#NAME}: from the request to its
 * outcome, with an error when the wait time ran out or the acquisition failed;</li>
 * <li>{@value DefaultLockHoldObservationConvention#NAME}: from the acquisition to the
 * release, with an error when the lock was lost or its release failed.</li>
 * </ul>
 * Both are children of the observation current on the calling thread when the acquisition
 * started (the request's span, for example), and neither is opened in scope: a lock may
 * be released on another thread than the one that acquired it.
 * <p>
 * With {@link ObservationRegistry#NOOP} (no observation support) the listener does
 * nothing, and an {@link io.micrometer.observation.ObservationPredicate} that rejects an
 * observation (Spring Boot's {@code management.observations.enable.lock=false}) turns it
 * off.
 *
 * @since 0.1.0
 */
public class ObservationLockListener implements LockListener {

	private final ObservationRegistry registry;

	private @Nullable LockAcquireObservationConvention acquireConvention;

	private @Nullable LockHoldObservationConvention holdConvention;

	/**
	 * Create a listener that records observations in the given registry.
	 * @param registry the observation registry
	 */
	public ObservationLockListener(ObservationRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
	}

	/**
	 * Set the convention that replaces {@link DefaultLockAcquireObservationConvention}.
	 * @param acquireConvention the convention, or {@code null} for the default
	 */
	public void setAcquireObservationConvention(@Nullable LockAcquireObservationConvention acquireConvention) {
		this.acquireConvention = acquireConvention;
	}

	/**
	 * Set the convention that replaces {@link DefaultLockHoldObservationConvention}.
	 * @param holdConvention the convention, or {@code null} for the default
	 */
	public void setHoldObservationConvention(@Nullable LockHoldObservationConvention holdConvention) {
		this.holdConvention = holdConvention;
	}

	@Override
	public LockListener onStarted(LockRequest request) {
		if (this.registry.isNoop()) {
			return this;
		}
		LockObservationContext context = new LockObservationContext(request);
		Observation acquisition = LockObservationDocumentation.LOCK_ACQUIRE
			.observation(this.acquireConvention, DefaultLockAcquireObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		return new Attempt(request, acquisition);
	}

	/**
	 * The observations of one acquisition and of the hold it leads to. A loss may be
	 * reported on another thread than the release, hence the synchronization.
	 */
	private final class Attempt implements LockListener {

		private final LockRequest request;

		private final Observation acquisition;

		private @Nullable Observation hold;

		private boolean ended;

		Attempt(LockRequest request, Observation acquisition) {
			this.request = request;
			this.acquisition = acquisition;
		}

		@Override
		public synchronized void onAcquired(LockRequest request, Duration waited, boolean contended) {
			stopAcquisition(LockObservationContext.OUTCOME_ACQUIRED, null);
			LockObservationContext context = new LockObservationContext(this.request);
			// The hold belongs where the wait started, whichever thread got the lock.
			ObservationView parent = this.acquisition.getContextView().getParentObservation();
			if (parent != null) {
				context.setParentObservation(parent);
			}
			this.hold = LockObservationDocumentation.LOCK_HOLD
				.observation(ObservationLockListener.this.holdConvention, DefaultLockHoldObservationConvention.INSTANCE,
						() -> context, ObservationLockListener.this.registry)
				.start();
		}

		@Override
		public synchronized void onTimeout(LockRequest request, Duration waited) {
			stopAcquisition(LockObservationContext.OUTCOME_TIMEOUT,
					new LockAcquisitionException(request.key(), request.type(), waited));
		}

		@Override
		public synchronized void onFailure(LockRequest request, Duration elapsed, Throwable error) {
			Observation hold = this.hold;
			if (hold == null) {
				stopAcquisition(LockObservationContext.OUTCOME_ERROR, error);
			}
			else if (!this.ended) {
				// A failed release: the hold ends with onReleased, which follows.
				outcome(hold, LockObservationContext.OUTCOME_ERROR);
				hold.error(error);
			}
		}

		@Override
		public synchronized void onFencingToken(LockRequest request, long token) {
			Observation hold = this.hold;
			LockObservationContext context = (hold != null && !this.ended) ? lockContext(hold) : null;
			if (context != null) {
				context.setFencingToken(token);
			}
		}

		@Override
		public synchronized void onLost(LockRequest request, Duration held) {
			Observation hold = this.hold;
			if (hold != null && !this.ended) {
				outcome(hold, LockObservationContext.OUTCOME_LOST);
				hold.error(new LockLostException(request.key(),
						"Lock '" + request.key() + "' was lost after being held for " + held.toMillis() + " ms"));
			}
		}

		@Override
		public synchronized void onReleased(LockRequest request, Duration held) {
			Observation hold = this.hold;
			if (hold != null && !this.ended) {
				this.ended = true;
				LockObservationContext context = lockContext(hold);
				if (context != null && LockObservationContext.OUTCOME_UNKNOWN.equals(context.getOutcome())) {
					context.setOutcome(LockObservationContext.OUTCOME_RELEASED);
				}
				hold.stop();
			}
		}

		private void stopAcquisition(String outcome, @Nullable Throwable error) {
			outcome(this.acquisition, outcome);
			if (error != null) {
				this.acquisition.error(error);
			}
			this.acquisition.stop();
		}

	}

	private static void outcome(Observation observation, String outcome) {
		LockObservationContext context = lockContext(observation);
		if (context != null) {
			context.setOutcome(outcome);
		}
	}

	// Null for an observation that a predicate turned off (a no-op).
	private static @Nullable LockObservationContext lockContext(Observation observation) {
		return (observation.getContext() instanceof LockObservationContext context) ? context : null;
	}

}
