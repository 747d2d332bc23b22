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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockReleaseDeferral;

/**
 * {@link LockReleaseDeferral} that keeps a lock taken inside a transaction until that
 * transaction completes. A {@link DistributedLock @DistributedLock} method (or a
 * {@code LockTemplate.execute} callback) that joins a transaction its caller opened would
 * otherwise release its lock when it returns, before the commit, and the next holder
 * would read the old data: a lost update.
 * <p>
 * The locks are released after the transaction commits or rolls back. Before commit, each
 * kept lock must still be held ({@link LockHandle#isHeld()}, a local check): a lock known
 * to be lost makes the transaction roll back with {@link LockLostException}, as
 * {@link LockTransactionGuard} does for transactions begun inside a locked method. Until
 * the transaction completes, the kept locks stay re-enterable on its thread
 * ({@link LockContext#keep}): a second locked call of the same key in the same
 * transaction re-enters the lock instead of waiting for it. Outside a transaction, locks
 * are released when their scope ends.
 *
 * @since 0.1.0
 */
public class TransactionBoundLockRelease implements LockReleaseDeferral {

	private static final Log logger = LogFactory.getLog(TransactionBoundLockRelease.class);

	@Override
	public boolean defer(List<LockHandle> locks) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			return false;
		}
		// Until then, later work of the same transaction re-enters the kept locks instead
		// of waiting for them.
		LockContext.Scope kept = LockContext.keep(locks);
		TransactionSynchronizationManager.registerSynchronization(new ReleaseAfterCompletion(List.copyOf(locks), kept));
		return true;
	}

	/**
	 * Synchronization that refuses to commit once a kept lock is known to be lost, and
	 * releases the locks when the transaction has completed.
	 */
	private static final class ReleaseAfterCompletion implements TransactionSynchronization {

		private final List<LockHandle> locks;

		private final LockContext.Scope kept;

		ReleaseAfterCompletion(List<LockHandle> locks, LockContext.Scope kept) {
			this.locks = locks;
			this.kept = kept;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			LockTransactionGuard.requireHeld(this.locks, "the transaction it was kept for");
		}

		@Override
		public void afterCompletion(int status) {
			this.kept.close();
			for (int i = this.locks.size() - 1; i >= 0; i--) {
				LockHandle lock = this.locks.get(i);
				try {
					lock.close();
				}
				catch (RuntimeException ex) {
					// The transaction is over: the loss is reported through the lock
					// listener (metrics, logs); nothing can be undone here.
					logger.warn("Releasing lock '" + lock.key() + "' after its transaction completed failed: "
							+ ex.getMessage());
				}
			}
		}

		@Override
		public int getOrder() {
			// Last: other synchronizations still run while the locks are held.
			return LOWEST_PRECEDENCE;
		}

	}

}
