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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.oceanshop.lock.LockType;
import com.oceanshop.lock.history.HistoryReport.Finding;
import com.oceanshop.lock.history.LockHistory.Fault;
import com.oceanshop.lock.test.JvmProcess;
import com.oceanshop.lock.test.RedisClusterTopology;
import com.oceanshop.lock.test.RedisNode;
import com.oceanshop.lock.test.RedisSentinelTopology;
import com.oceanshop.lock.test.RedisStandalone;
import com.oceanshop.lock.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: several JVMs ({@link LockHistoryMain}) take and release locks of every type on
 * shared keys while holders are paused (SIGSTOP) and killed (SIGKILL), one holder's
 * network is slowed and partitioned (loopback {@link TcpProxy}), Redis restarts, and
 * Sentinel and Cluster fail over. Every acquisition, token, release and loss report is
 * logged, and {@link HistoryChecker} checks the whole history. Figures: operations,
 * faults, violations and the known cases with their rates. Pass: no violation.
 * <p>
 * Each test runs for {@code -Dhistory.duration} (20 s by default; faults repeat in cycles
 * in a longer run), see docs/reliability.md.
 */
class LockHistoryFaultIntegrationTests {

	@Test
	void standaloneWithPausedKilledAndPartitionedHoldersAndARedisRestart() throws Exception {
		try (RedisStandalone redis = RedisStandalone.start();
				TcpProxy proxy = TcpProxy.start(redis.node());
				HistoryRun run = new HistoryRun(HistoryRun.DURATION)) {
			String direct = "standalone=" + redis.uri();
			JvmProcess behindProxy = run.start("standalone=" + proxy.uri());
			JvmProcess paused = run.start(direct);
			JvmProcess victim = run.start(direct);
			run.awaitReady();
			do {
				HistoryRun.sleep(Duration.ofMillis(1500));
				// Longer than the 1 s lease and the 1.5 s renewal timeout.
				run.pause(paused, Duration.ofMillis(2500));
				HistoryRun.sleep(Duration.ofMillis(500));
				run.fault(Fault.Kind.LATENCY, "p1 +30 ms each way", () -> {
					proxy.setLatency(Duration.ofMillis(30));
					HistoryRun.sleep(Duration.ofMillis(1500));
					proxy.setLatency(Duration.ZERO);
				});
				HistoryRun.sleep(Duration.ofMillis(500));
				run.fault(Fault.Kind.PARTITION, run.label(behindProxy), () -> {
					proxy.setBlackhole(true);
					proxy.dropConnections();
					HistoryRun.sleep(Duration.ofMillis(2500));
					proxy.setBlackhole(false);
				});
				HistoryRun.sleep(Duration.ofMillis(1000));
				run.kill(victim);
				victim = run.start(direct);
				HistoryRun.sleep(Duration.ofMillis(1000));
				run.dataLoss(Fault.Kind.REDIS_RESTART, redis.address(), () -> redis.node().kill(), () -> {
					HistoryRun.sleep(Duration.ofMillis(500));
					redis.node().restart();
				});
			}
			while (run.remaining().compareTo(Duration.ofSeconds(14)) > 0);
			check("standalone", run.finish(), redis.nodes());
		}
	}

	@Test
	void sentinelFailover() throws Exception {
		try (RedisSentinelTopology sentinel = RedisSentinelTopology.builder().start();
				HistoryRun run = new HistoryRun(HistoryRun.DURATION.multipliedBy(3).dividedBy(4))) {
			String topology = "sentinel=" + sentinel.masterName() + "," + String.join(",", sentinel.sentinelUris());
			run.start(topology);
			run.start(topology);
			run.awaitReady();
			LockHistory history;
			try (MasterWatch watch = new MasterWatch(sentinel, run)) {
				do {
					HistoryRun.sleep(Duration.ofSeconds(2));
					RedisNode master = sentinel.currentMaster();
					String address = sentinel.currentMasterAddress();
					watch.injecting();
					run.dataLoss(Fault.Kind.FAILOVER, master.address(), master::kill, () -> {
						String promoted = sentinel.awaitMasterChange(address, Duration.ofSeconds(30));
						// The old master comes back empty, in its old role, until it is
						// made
						// a replica of the new master (as Sentinel would do, later):
						// Redis's
						// warning about persistence off and automatic restarts. The fault
						// lasts until it replicates from the new master.
						master.restart();
						String[] hostAndPort = promoted.split(":");
						master.call("REPLICAOF", hostAndPort[0], hostAndPort[1]);
						awaitReplica(master);
						watch.injected(promoted);
					});
				}
				while (run.remaining().compareTo(Duration.ofSeconds(10)) > 0);
				// Watched until the clients stop, not only while faults are injected: the
				// Sentinels may fail over by themselves in the run's last seconds too (CI
				// saw one 2 s after the last injected failover, unrecorded, as 90 token
				// regressions).
				history = run.finish();
			}
			check("sentinel", history, sentinel.nodes());
		}
	}

	@Test
	void clusterFailover() throws Exception {
		try (RedisClusterTopology cluster = RedisClusterTopology.builder().nodeTimeout(Duration.ofSeconds(2)).start();
				HistoryRun run = new HistoryRun(HistoryRun.DURATION.multipliedBy(3).dividedBy(4))) {
			String topology = "cluster=" + String.join(",", cluster.nodeUris());
			run.start(topology);
			run.start(topology);
			run.awaitReady();
			do {
				HistoryRun.sleep(Duration.ofSeconds(2));
				RedisNode master = cluster.masterForSlot(RedisClusterTopology.slot("lock:history:exclusive:k"));
				run.dataLoss(Fault.Kind.FAILOVER, master.address(), master::kill, () -> {
					cluster.awaitHealthy(Duration.ofSeconds(30));
					master.restart();
					awaitReplica(master);
				});
			}
			while (run.remaining().compareTo(Duration.ofSeconds(10)) > 0);
			check("cluster", run.finish(), cluster.nodes());
		}
	}

	/**
	 * Watches which node the Sentinels call master. A change the test did not make (a
	 * failover the Sentinels start by themselves, for example when this busy machine
	 * answers their pings too late) loses the writes the new master had not replicated,
	 * like an injected failover, and is recorded as one: from the last moment the old
	 * master was seen as master until it replicates from the new one.
	 */
	private static final class MasterWatch implements AutoCloseable {

		private final RedisSentinelTopology sentinel;

		private final HistoryRun run;

		private final Thread thread;

		private volatile String expected;

		private volatile boolean injecting;

		MasterWatch(RedisSentinelTopology sentinel, HistoryRun run) {
			this.sentinel = sentinel;
			this.run = run;
			this.expected = sentinel.currentMasterAddress();
			this.thread = new Thread(this::watch, "master-watch");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void injecting() {
			this.injecting = true;
		}

		void injected(String master) {
			this.expected = master;
			this.injecting = false;
		}

		private void watch() {
			long lastSeen = System.nanoTime();
			while (!Thread.currentThread().isInterrupted()) {
				try {
					String current = this.sentinel.currentMasterAddress();
					if (this.injecting || current.equals(this.expected)) {
						lastSeen = System.nanoTime();
					}
					else {
						String old = this.expected;
						this.expected = current;
						System.out.println("Sentinel failover not made by the test: " + old + " to " + current);
						try {
							awaitFormerMaster(old);
						}
						catch (AssertionError ex) {
							// Two masters for that long: the window lasts until now.
							System.out.println("Sentinel failover not made by the test: " + ex.getMessage());
						}
						finally {
							this.run.record(Fault.Kind.FAILOVER, "by the Sentinels: " + old + " to " + current,
									lastSeen, System.nanoTime());
						}
						lastSeen = System.nanoTime();
					}
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (RuntimeException ex) {
					// No Sentinel answered this time.
				}
			}
		}

		private void awaitFormerMaster(String address) throws InterruptedException {
			for (RedisNode node : this.sentinel.nodes()) {
				if (node.address().equals(address) && node.isAlive()) {
					awaitReplica(node);
				}
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.thread.interrupt();
			this.thread.join(Duration.ofSeconds(35).toMillis());
		}

	}

	private static void awaitReplica(RedisNode node) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!replicating(node)) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError(node + " did not become a replica within 30 s");
			}
			HistoryRun.sleep(Duration.ofMillis(100));
		}
	}

	private static boolean replicating(RedisNode node) {
		try {
			return String.valueOf(node.call("INFO", "replication")).contains("master_link_status:up");
		}
		catch (RuntimeException ex) {
			// A node that turns into a replica closes its client connections.
			return false;
		}
	}

	private static void check(String name, LockHistory history, List<RedisNode> nodes) throws IOException {
		HistoryReport report = HistoryChecker.check(history);
		System.out.println("FIGURE [8 history " + name + "] " + HistoryRun.DURATION + ": " + report.summary());
		report.violations().stream().limit(20).forEach((finding) -> System.out.println("VIOLATION " + finding));
		if (!report.violations().isEmpty()) {
			Path file = Path.of("target", "history", name + "-" + System.currentTimeMillis() + ".log");
			List<String> logs = new ArrayList<>();
			nodes.forEach((node) -> logs.add("LOG " + node + "\n" + node.logTail(300)));
			history.write(file, logs);
			System.out.println("History written to " + file.toAbsolutePath());
		}
		report.known().stream().limit(10).forEach((finding) -> System.out.println("KNOWN " + finding));
		for (LockType type : LockType.values()) {
			assertThat(report.holds(type)).as("holds of type " + type).isGreaterThan(10);
		}
		assertThat(report.tokensChecked()).isGreaterThan(50);
		assertThat(report.violations(Finding.Kind.OVERLAP)).isEmpty();
		assertThat(report.violations(Finding.Kind.TOO_MANY_PERMITS)).isEmpty();
		assertThat(report.violations(Finding.Kind.UNREPORTED_LOSS)).isEmpty();
		assertThat(report.violations(Finding.Kind.RELEASED_WHILE_TAKEN)).isEmpty();
		assertThat(report.violations(Finding.Kind.TOKEN_REGRESSION)).isEmpty();
	}

}
