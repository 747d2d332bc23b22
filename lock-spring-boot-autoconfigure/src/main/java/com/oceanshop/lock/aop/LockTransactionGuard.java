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

package com.oceanshop.lock.aop;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;

/**
 * {@link TransactionExecutionListener} that rolls back a transaction instead of
 * committing it when the {@link DistributedLock} wrapping it is known to be lost before
 * commit: its lease deadline passed, or its renewal failed. The check is local to this
 * process ({@link LockHandle#isHeld()}), so it costs no Redis round trip.
 * <p>
 * It registers, when a transaction begins inside an annotated method, a
 * {@link TransactionSynchronization} whose {@code beforeCommit} throws
 * {@link LockLostException}: the transaction manager then rolls back and the exception
 * reaches the caller. Spring Boot applies {@code TransactionExecutionListener} beans to
 * the transaction managers it auto-configures; add it yourself to a transaction manager
 * you build.
 * <p>
 * A loss that this process has not observed yet (a failover that dropped the lock) can
 * still commit: fencing tokens checked by the database are the defence against that.
 *
 * @since 0.1.0
 */
public class LockTransactionGuard implements TransactionExecutionListener {

	@Override
	public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
		if (beginFailure != null || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		// Only locks held now: in rollback mode (app.lock.enabled=false) or when a method
		// opted in to run unlocked, nothing is held and nothing can be lost.
		List<LockHandle> locks = LockContext.all().stream().filter(LockHandle::isHeld).toList();
		if (locks.isEmpty()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new LockHeldCheck(locks));
	}

	/**
	 * Refuse to commit, by throwing, when one of the locks the transaction relies on is
	 * known to be lost (a local check).
	 * @param locks the locks
	 * @param transaction what is about to commit, for the message
	 * @throws LockLostException if a lock is no longer held
	 */
	static void requireHeld(List<LockHandle> locks, String transaction) {
		for (LockHandle lock : locks) {
			if (!lock.isHeld()) {
				throw new LockLostException(lock.key(), "Lock '" + lock.key() + "' was lost before " + transaction
						+ " committed; rolling back so that work done without the lock is not committed");
			}
		}
	}

	/**
	 * Synchronization that refuses to commit once a lock is known to be lost.
	 */
	private static final class LockHeldCheck implements TransactionSynchronization {

		private final List<LockHandle> locks;

		LockHeldCheck(List<LockHandle> locks) {
			this.locks = locks;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			requireHeld(this.locks, "the transaction");
		}

		@Override
		public int getOrder() {
			// Last before commit: other synchronizations may still flush work under the
			// lock.
			return LOWEST_PRECEDENCE;
		}

	}

}
