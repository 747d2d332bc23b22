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

package com.oceanshop.lock.admin;

/**
 * Where the admin reads the lock statistics of this instance from: the in-memory
 * {@link LockStatistics} listener, or the meters an observability library already keeps.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockStatisticsSource {

	/**
	 * Return a snapshot of the statistics.
	 * @return the snapshot, with one entry per name and type ordered by name
	 */
	LockStatisticsSnapshot snapshot();

}
