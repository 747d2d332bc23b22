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

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of a distributed lock. Their names differ from the lock meters of
 * {@link com.oceanshop.lock.metrics.LockMetricNames}, because Micrometer's default meter
 * handler registers a {@code <name>} timer and a {@code <name>.active} long task timer
 * for each observation.
 *
 * @since 0.1.0
 */
public enum LockObservationDocumentation implements ObservationDocumentation {

	/**
	 * From a lock request to its outcome: acquired, timed out or failed. Its duration is
	 * the time the caller waited for the lock.
	 */
	LOCK_ACQUIRE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultLockAcquireObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.LOCK_ID };
		}

	},

	/**
	 * From the acquisition of a lock to its release, whichever thread releases it.
	 */
	LOCK_HOLD {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultLockHoldObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Key values with a bounded set of values, safe as metric tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Logical lock name, the key's {@code context:operation} part, as the
		 * {@code lock.key} tag of the lock meters.
		 */
		LOCK_KEY {

			@Override
			public String asString() {
				return "lock.key";
			}

		},

		/**
		 * Lock type, for example {@code exclusive}.
		 */
		LOCK_TYPE {

			@Override
			public String asString() {
				return "lock.type";
			}

		},

		/**
		 * How it ended: {@code acquired}, {@code timeout} or {@code error} for an
		 * acquisition; {@code released}, {@code lost} or {@code error} for a hold.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		}

	}

	/**
	 * Key values with unbounded values: span attributes, never metric tags.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The key's id part, for example {@code PROD-123} of
		 * {@code inventory:reserve:PROD-123}.
		 */
		LOCK_ID {

			@Override
			public String asString() {
				return "lock.id";
			}

		},

		/**
		 * Fencing token of the hold, present only if the holder asked for one: the
		 * observation never asks.
		 */
		FENCING_TOKEN {

			@Override
			public String asString() {
				return "lock.fencing.token";
			}

		}

	}

}
