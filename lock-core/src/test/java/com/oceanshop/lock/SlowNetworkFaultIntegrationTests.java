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

package com.oceanshop.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import com.oceanshop.lock.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fault: a holder reaches Redis through a loopback proxy that first adds 20 ms of latency
 * each way, then drops its connections mid-renewal and swallows all traffic. Figures: how
 * long the lock stayed held under latency, and the gap between the holder's loss report
 * and another holder's acquisition. Pass: the lock is either held by the first holder or
 * reported lost by it; never held by both.
 */
class SlowNetworkFaultIntegrationTests {

	@RegisterExtension
	static final TestRedisson redis = TestRedisson.standalone();

	private static final Duration LATENCY = Duration.ofMillis(50);

	@Test
	void partitionedHolderStopsBelievingBeforeRedisCanLetItsLockGo() throws Exception {
		String key = "test:slow-network:allowance";
		try (TcpProxy proxy = TcpProxy.start(redis.standaloneTopology().node())) {
			RedissonClient slowClient = TestRedisson.create(proxy.uri());
			try {
				LockTemplate template = TestRedisson.template(slowClient);
				LockRequest request = LockRequest.builder(key).autoRenew().build();
				// Warm (connections, scripts), so that the measured call starts right
				// before its command reaches Redis.
				template.acquire(request).close();
				LockHandle handle = template.acquire(request);
				// Partitioned before the first renewal (a third of the timeout later).
				proxy.dropConnections();
				proxy.setBlackhole(true);
				long asked = System.nanoTime();
				long pttl = redis.client().getKeys().remainTimeToLive("lock:" + key);
				assertThat(pttl).isPositive();
				// Redis lets the lock go no earlier than this: it counted the PTTL when
				// it
				// ran the command, after it was sent.
				long redisLetsGoAt = asked + TimeUnit.MILLISECONDS.toNanos(pttl);
				long checkAt = redisLetsGoAt - TimeUnit.MILLISECONDS.toNanos(5);
				while (System.nanoTime() - checkAt < 0) {
					LockSupport.parkNanos(checkAt - System.nanoTime());
				}
				// 5 ms before Redis may free it (or later, if this thread woke late), the
				// holder no longer believes it holds the lock: its deadline counts from
				// the sending, less the allowance for drift and delays.
				assertThat(handle.isHeld()).isFalse();
				proxy.setBlackhole(false);
			}
			finally {
				slowClient.shutdown();
			}
		}
	}

	@Test
	void holderBehindAFailingNetworkReportsLossBeforeAnotherHolderGetsTheLock() throws Exception {
		String key = "test:slow-network:1";
		try (TcpProxy proxy = TcpProxy.start(redis.standaloneTopology().node())) {
			RedissonClient slowClient = TestRedisson.create(proxy.uri());
			try {
				AtomicLong lossReportedAt = new AtomicLong();
				LockTemplate slow = TestRedisson.templateBuilder(slowClient).listener(new LockListener() {
					@Override
					public void onLost(LockRequest request, Duration held) {
						lossReportedAt.compareAndSet(0, System.nanoTime());
					}
				}).build();
				LockTemplate direct = redis.template();
				// The loss report leads the other acquisition by about this one-way
				// latency (Redis counts the lease from the renewal's arrival, the holder
				// from its sending): 50 ms leaves room for a slow machine's scheduler.
				proxy.setLatency(LATENCY);
				LockHandle slowHandle = slow.acquire(LockRequest.builder(key).autoRenew().build());
				Duration renewal = TestRedisson.RENEWAL_TIMEOUT;
				long heldUntil = System.nanoTime() + renewal.multipliedBy(3).toNanos();
				while (System.nanoTime() < heldUntil) {
					Optional<LockHandle> other = direct.tryAcquire(LockRequest.of(key));
					assertThat(other).isEmpty();
					assertThat(slowHandle.isHeld()).isTrue();
					Thread.sleep(100);
				}
				proxy.dropConnections();
				proxy.setBlackhole(true);
				long partitioned = System.nanoTime();
				LockHandle directHandle = direct
					.acquire(LockRequest.builder(key).waitTime(renewal.multipliedBy(4)).build());
				long acquiredByOther = System.nanoTime();
				boolean slowStillBelievesHeld = slowHandle.isHeld();
				FaultFigures.await("the slow holder's listener heard of the loss", renewal.multipliedBy(2),
						() -> lossReportedAt.get() != 0);
				long reportLead = Duration.ofNanos(acquiredByOther - lossReportedAt.get()).toMillis();
				FaultFigures.print("6 slow network", "held " + renewal.multipliedBy(3).toMillis() + " ms with "
						+ LATENCY.toMillis() + " ms added latency each way; partitioned; other holder acquired "
						+ Duration.ofNanos(acquiredByOther - partitioned).toMillis()
						+ " ms later; slow holder still believed it held the lock then: " + slowStillBelievesHeld
						+ "; its loss listener fired " + reportLead + " ms before the other acquisition");
				assertThat(slowStillBelievesHeld).isFalse();
				assertThat(lossReportedAt.get() - acquiredByOther).isNegative();
				directHandle.close();
				proxy.setBlackhole(false);
				assertThatExceptionOfType(LockLostException.class).isThrownBy(slowHandle::close);
			}
			finally {
				slowClient.shutdown();
			}
		}
	}

}
