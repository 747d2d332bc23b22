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

package com.oceanshop.lock.history;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockType;
import com.oceanshop.lock.history.HistoryReport.Finding;
import com.oceanshop.lock.history.LockHistory.Fault;
import com.oceanshop.lock.history.LockHistory.Outcome;

import static com.oceanshop.lock.history.LockHistory.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HistoryChecker} with hand-made histories (times are small
 * {@link System#nanoTime()} values for readability: only their order matters).
 */
class HistoryCheckerTests {

	private final LockHistory history = new LockHistory();

	@Test
	void sequentialHoldsWithGrowingTokensPass() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 1, 50, Outcome.RELEASED);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 60, NONE, 2, 90, Outcome.RELEASED);
		hold("p1/0/1", "f", LockType.FAIR, 0, 10, NONE, 1, 50, Outcome.RELEASED);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations()).isEmpty();
		assertThat(report.known()).isEmpty();
		assertThat(report.tokensChecked()).isEqualTo(3);
	}

	@Test
	void overlappingExclusiveHoldsFail() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 1, 50, Outcome.RELEASED);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 40, NONE, 2, 90, Outcome.RELEASED);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations(Finding.Kind.OVERLAP)).singleElement()
			.satisfies((finding) -> assertThat(finding.detail()).contains("p1/0/0", "p2/0/0", "both believed"));
		assertThat(report.violations(Finding.Kind.RELEASED_WHILE_TAKEN)).hasSize(1);
	}

	@Test
	void beliefEndsAtTheLeaseDeadline() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, 30, 1, 50, Outcome.LOST);
		lost("p1/0/0", 50);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 40, NONE, 2, 90, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations()).isEmpty();
	}

	@Test
	void beliefEndsAtTheLossReport() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 1, 50, Outcome.LOST);
		lost("p1/0/0", 35);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 40, NONE, 2, 90, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations()).isEmpty();
	}

	@Test
	void beliefEndsWhenTheProcessIsKilled() {
		this.history.add(LockHistory.acquired("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE));
		this.history.fault(Fault.Kind.KILL, "p1", 20, 20);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 40, NONE, 2, 90, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations()).isEmpty();
	}

	@Test
	void readersMayOverlapButNotAWriter() {
		hold("p1/0/0", "rw", LockType.READ, 0, 10, NONE, 1, 50, Outcome.RELEASED);
		hold("p2/0/0", "rw", LockType.READ, 0, 20, NONE, 2, 60, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations()).isEmpty();
		hold("p3/0/0", "rw", LockType.WRITE, 0, 55, NONE, 3, 70, Outcome.RELEASED);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations(Finding.Kind.OVERLAP)).singleElement()
			.satisfies((finding) -> assertThat(finding.detail()).contains("p2/0/0", "p3/0/0"));
	}

	@Test
	void moreSemaphoreHoldersThanPermitsFail() {
		hold("p1/0/0", "s", LockType.SEMAPHORE, 2, 10, NONE, 1, 50, Outcome.RELEASED);
		hold("p2/0/0", "s", LockType.SEMAPHORE, 2, 20, NONE, 2, 60, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations()).isEmpty();
		hold("p3/0/0", "s", LockType.SEMAPHORE, 2, 30, NONE, 3, 70, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations(Finding.Kind.TOO_MANY_PERMITS)).singleElement()
			.satisfies((finding) -> assertThat(finding.detail()).startsWith("3 holders"));
	}

	@Test
	void tokenRegressionIsFound() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 7, 50, Outcome.RELEASED);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 60, NONE, 7, 90, Outcome.RELEASED);
		hold("p1/0/1", "k", LockType.EXCLUSIVE, 0, 100, NONE, 5, 120, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations(Finding.Kind.TOKEN_REGRESSION)).hasSize(2);
	}

	@Test
	void tokensOfConcurrentReadersMayComeInAnyOrder() {
		hold("p1/0/0", "rw", LockType.READ, 0, 10, NONE, 2, 50, Outcome.RELEASED);
		hold("p2/0/0", "rw", LockType.READ, 0, 11, NONE, 1, 50, Outcome.RELEASED);
		this.history.add(LockHistory.token("p1/0/0", 2, 13)).add(LockHistory.token("p2/0/0", 1, 12));
		hold("p3/0/0", "rw", LockType.READ, 0, 60, NONE, 1, 70, Outcome.RELEASED);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations(Finding.Kind.TOKEN_REGRESSION)).singleElement()
			.satisfies((finding) -> assertThat(finding.detail()).contains("p3/0/0"));
	}

	@Test
	void tokenRegressionAfterRedisLostItsDataIsReportedAsKnown() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 7, 50, Outcome.RELEASED);
		this.history.fault(Fault.Kind.REDIS_RESTART, "redis", 55, 58);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 60, NONE, 1, 90, Outcome.RELEASED);
		hold("p2/0/1", "k", LockType.EXCLUSIVE, 0, 100, NONE, 2, 120, Outcome.RELEASED);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations()).isEmpty();
		assertThat(report.known(Finding.Kind.TOKEN_REGRESSION, HistoryReport.REDIS_DATA_LOSS)).singleElement()
			.satisfies((finding) -> assertThat(finding.detail()).contains("p2/0/0", "p1/0/0"));
		assertThat(report.tokensBelowEarlierEpoch()).isEqualTo(2);
	}

	@Test
	void tokenLoggedWhileRedisLostItsDataMayStillBeFromTheLostData() {
		// The child logged the reply to its token after the fault began: the server may
		// have issued it from the data that was then lost.
		this.history.add(LockHistory.acquired("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE))
			.add(LockHistory.token("p1/0/0", 7, 56))
			.add(LockHistory.released("p1/0/0", 57, Outcome.RELEASED));
		this.history.fault(Fault.Kind.FAILOVER, "redis", 55, 58);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 60, NONE, 1, 90, Outcome.RELEASED);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations()).isEmpty();
		assertThat(report.known(Finding.Kind.TOKEN_REGRESSION, HistoryReport.REDIS_DATA_LOSS)).singleElement()
			.satisfies((finding) -> assertThat(finding.detail()).contains("p2/0/0", "p1/0/0"));
	}

	@Test
	void overlapAfterFailoverIsReportedAsKnown() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 1, 80, Outcome.LOST);
		lost("p1/0/0", 80);
		this.history.fault(Fault.Kind.FAILOVER, "master", 20, 40);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 50, NONE, 1, 90, Outcome.RELEASED);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations()).isEmpty();
		assertThat(report.known(Finding.Kind.OVERLAP, HistoryReport.REDIS_DATA_LOSS)).hasSize(1);
		assertThat(report.known(Finding.Kind.TOKEN_REGRESSION, HistoryReport.REDIS_DATA_LOSS)).hasSize(1);
		assertThat(report.summary()).contains("VIOLATIONS 0", "redis-data-loss {OVERLAP=1, TOKEN_REGRESSION=1}",
				"2.0 per fault");
	}

	@Test
	void overlapWithAPausedHolderIsReportedAsKnownButNotWithoutThePause() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 1, 80, Outcome.LOST);
		lost("p1/0/0", 75);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 50, NONE, 2, 90, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations(Finding.Kind.OVERLAP)).hasSize(1);
		this.history.fault(Fault.Kind.PAUSE, "p1", 20, 70);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations()).isEmpty();
		assertThat(report.known(Finding.Kind.OVERLAP, HistoryReport.PAUSED_HOLDER)).hasSize(1);
	}

	@Test
	void partitionIsNoExcuse() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 1, 80, Outcome.LOST);
		lost("p1/0/0", 75);
		this.history.fault(Fault.Kind.PARTITION, "p1", 20, 70);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 50, NONE, 2, 90, Outcome.RELEASED);
		assertThat(HistoryChecker.check(this.history).violations(Finding.Kind.OVERLAP)).hasSize(1);
	}

	@Test
	void lossFoundOnReleaseMustHaveBeenReported() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, 30, 1, 50, Outcome.LOST);
		assertThat(HistoryChecker.check(this.history).violations(Finding.Kind.UNREPORTED_LOSS)).hasSize(1);
		lost("p1/0/0", 50);
		assertThat(HistoryChecker.check(this.history).violations()).isEmpty();
	}

	@Test
	void releaseClaimingSuccessAfterATakeoverFails() {
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, 30, 1, 80, Outcome.RELEASED);
		hold("p2/0/0", "k", LockType.EXCLUSIVE, 0, 50, NONE, 2, 90, Outcome.RELEASED);
		HistoryReport report = HistoryChecker.check(this.history);
		assertThat(report.violations(Finding.Kind.OVERLAP)).isEmpty();
		assertThat(report.violations(Finding.Kind.RELEASED_WHILE_TAKEN)).hasSize(1);
	}

	@Test
	void acquisitionThatReturnedExpiredTookNothing() {
		// p2 was granted the lock, paused past its lease, and returned from acquire while
		// p1 held the lock legitimately.
		hold("p1/0/0", "k", LockType.EXCLUSIVE, 0, 10, NONE, 2, 80, Outcome.RELEASED);
		this.history.add(LockHistory.acquired("p2/0/0", "k", LockType.EXCLUSIVE, 0, 50, 5))
			.add(LockHistory.token("p2/0/0", NONE, 51))
			.add(LockHistory.released("p2/0/0", 60, Outcome.LOST));
		lost("p2/0/0", 51);
		assertThat(HistoryChecker.check(this.history).violations()).isEmpty();
	}

	@Test
	void linesArriveOutOfOrderAndBrokenLinesAreCounted() {
		LockHistory parsed = new LockHistory().addLines(List.of("READY", LockHistory.lost("p1/0/0", 40),
				LockHistory.acquired("p1/0/0", "k", LockType.WRITE, 0, 10, 30), LockHistory.token("p1/0/0", NONE, 12),
				LockHistory.released("p1/0/0", 50, Outcome.LOST), "ACQ p2/0/0 k WRI"));
		assertThat(parsed.unparsed()).isEqualTo(1);
		assertThat(parsed.holds()).singleElement().satisfies((hold) -> {
			assertThat(hold.lostAt).isEqualTo(40);
			assertThat(hold.leaseDeadline).isEqualTo(30);
			assertThat(hold.token).isEqualTo(NONE);
			assertThat(hold.outcome).isEqualTo(Outcome.LOST);
		});
	}

	private void hold(String id, String key, LockType type, int maxPermits, long acquiredAt, long leaseDeadline,
			long token, long releasedAt, Outcome outcome) {
		this.history.add(LockHistory.acquired(id, key, type, maxPermits, acquiredAt, leaseDeadline))
			.add(LockHistory.token(id, token, acquiredAt + 1))
			.add(LockHistory.released(id, releasedAt, outcome));
	}

	private void lost(String id, long at) {
		this.history.add(LockHistory.lost(id, at));
	}

}
