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

package com.oceanshop.lock.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A Redis Sentinel setup on {@code 127.0.0.1}: one master, its replicas and the Sentinels
 * that monitor it, with timeouts short enough that killing the master leads to a failover
 * within a few seconds.
 * <p>
 * By default there is one replica and three Sentinels with a quorum of two,
 * {@code down-after-milliseconds 1000} and {@code failover-timeout 5000}; the
 * {@link #builder() builder} changes them. {@link #start()} returns once every replica is
 * in sync and every Sentinel sees the master, the replicas and the other Sentinels.
 * <pre class="code">
 * try (RedisSentinelTopology redis = RedisSentinelTopology.start()) {
 *     String before = redis.currentMasterAddress();
 *     redis.master().kill();
 *     String after = redis.awaitMasterChange(before, Duration.ofSeconds(30));
 * }
 * </pre>
 *
 * @since 0.1.0
 * @see RedisExtension#sentinel()
 */
public final class RedisSentinelTopology implements RedisTopology {

	/**
	 * Master name used when none is set.
	 */
	public static final String DEFAULT_MASTER_NAME = "mymaster";

	private static final Duration SENTINEL_QUERY_TIMEOUT = Duration.ofSeconds(1);

	private final String masterName;

	private final RedisNode master;

	private final List<RedisNode> replicas;

	private final List<RedisNode> sentinels;

	private RedisSentinelTopology(String masterName, RedisNode master, List<RedisNode> replicas,
			List<RedisNode> sentinels) {
		this.masterName = masterName;
		this.master = master;
		this.replicas = Collections.unmodifiableList(replicas);
		this.sentinels = Collections.unmodifiableList(sentinels);
	}

	/**
	 * Start a master, one replica and three Sentinels with the default settings.
	 * @return the running topology
	 */
	public static RedisSentinelTopology start() {
		return builder().start();
	}

	/**
	 * Return a builder to change the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the name under which the Sentinels monitor the master.
	 * @return the master name
	 */
	public String masterName() {
		return this.masterName;
	}

	/**
	 * Return the node that was the master at start. After a failover it may be dead or a
	 * replica; use {@link #currentMasterAddress()} for the current master.
	 * @return the original master
	 */
	public RedisNode master() {
		return this.master;
	}

	/**
	 * Return the nodes that were replicas at start.
	 * @return the original replicas
	 */
	public List<RedisNode> replicas() {
		return this.replicas;
	}

	/**
	 * Return the Sentinel processes.
	 * @return the Sentinels
	 */
	public List<RedisNode> sentinels() {
		return this.sentinels;
	}

	/**
	 * Return the addresses of the Sentinels.
	 * @return the addresses as {@code 127.0.0.1:port}
	 */
	public List<String> sentinelAddresses() {
		return this.sentinels.stream().map(RedisNode::address).toList();
	}

	/**
	 * Return the URIs of the Sentinels, as Redisson expects them in
	 * {@code useSentinelServers().addSentinelAddress(...)}.
	 * @return the URIs as {@code redis://127.0.0.1:port}
	 */
	public List<String> sentinelUris() {
		return this.sentinels.stream().map(RedisNode::uri).toList();
	}

	/**
	 * Ask the first Sentinel that answers for the address of the current master.
	 * @return the address as {@code 127.0.0.1:port}
	 * @throws IllegalStateException if no Sentinel answers
	 */
	public String currentMasterAddress() {
		IllegalStateException failure = new IllegalStateException(
				"No Sentinel knows the address of '" + this.masterName + "'");
		for (RedisNode sentinel : this.sentinels) {
			if (!sentinel.isAvailable()) {
				continue;
			}
			try (RedisConnection connection = sentinel.connect(SENTINEL_QUERY_TIMEOUT)) {
				if (connection.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", this.masterName) instanceof List<?> address
						&& address.size() == 2) {
					return address.get(0) + ":" + address.get(1);
				}
			}
			catch (RuntimeException ex) {
				failure.addSuppressed(ex);
			}
		}
		throw failure;
	}

	/**
	 * Return the node that is the current master according to the Sentinels.
	 * @return the current master
	 * @throws IllegalStateException if no Sentinel answers
	 */
	public RedisNode currentMaster() {
		String address = currentMasterAddress();
		return nodeAt(address);
	}

	/**
	 * Wait until the Sentinels report a master other than the given one, typically after
	 * killing or pausing the master.
	 * @param previousAddress the address of the master before the fault
	 * @param timeout how long to wait
	 * @return the address of the new master as {@code 127.0.0.1:port}
	 * @throws IllegalStateException if no failover happens in time
	 */
	public String awaitMasterChange(String previousAddress, Duration timeout) {
		Objects.requireNonNull(previousAddress, "'previousAddress' must not be null");
		return Topologies.await("a new master instead of " + previousAddress, timeout, () -> {
			String address = currentMasterAddress();
			return previousAddress.equals(address) ? null : address;
		}, () -> Topologies.describe(nodes()));
	}

	@Override
	public List<RedisNode> nodes() {
		List<RedisNode> nodes = new ArrayList<>();
		nodes.add(this.master);
		nodes.addAll(this.replicas);
		nodes.addAll(this.sentinels);
		return Collections.unmodifiableList(nodes);
	}

	@Override
	public void flushAll() {
		currentMaster().call("FLUSHALL");
	}

	/**
	 * Stop the Sentinels first, so that they start no failover while the servers go down,
	 * then the servers.
	 */
	@Override
	public void close() {
		List<RedisNode> order = new ArrayList<>(this.sentinels);
		order.addAll(this.replicas);
		order.add(this.master);
		Topologies.stopAll(order);
	}

	private RedisNode nodeAt(String address) {
		for (RedisNode node : nodes()) {
			if (node.address().equals(address)) {
				return node;
			}
		}
		throw new IllegalStateException("No node of this topology at " + address);
	}

	@Override
	public String toString() {
		return "RedisSentinelTopology[" + this.masterName + ", master " + this.master + ", replicas " + this.replicas
				+ ", sentinels " + this.sentinels + "]";
	}

	/**
	 * Builder for a {@link RedisSentinelTopology}.
	 */
	public static final class Builder {

		private String masterName = DEFAULT_MASTER_NAME;

		private int replicas = 1;

		private int sentinels = 3;

		private int quorum = 2;

		private Duration downAfter = Duration.ofMillis(1000);

		private Duration failoverTimeout = Duration.ofMillis(5000);

		private Duration startTimeout = Duration.ofSeconds(30);

		private Builder() {
		}

		/**
		 * Set the name under which the Sentinels monitor the master. The default is
		 * {@value RedisSentinelTopology#DEFAULT_MASTER_NAME}.
		 * @param masterName the master name
		 * @return this builder
		 */
		public Builder masterName(String masterName) {
			if (masterName == null || masterName.isBlank() || masterName.contains(" ")) {
				throw new IllegalArgumentException("'masterName' must be a non-empty word");
			}
			this.masterName = masterName;
			return this;
		}

		/**
		 * Set the number of replicas. The default is 1.
		 * @param replicas the number of replicas, at least 1 so that a failover can
		 * happen
		 * @return this builder
		 */
		public Builder replicas(int replicas) {
			if (replicas < 1) {
				throw new IllegalArgumentException("'replicas' must be at least 1");
			}
			this.replicas = replicas;
			return this;
		}

		/**
		 * Set the number of Sentinels. The default is 3.
		 * @param sentinels the number of Sentinels
		 * @return this builder
		 */
		public Builder sentinels(int sentinels) {
			if (sentinels < 1) {
				throw new IllegalArgumentException("'sentinels' must be at least 1");
			}
			this.sentinels = sentinels;
			return this;
		}

		/**
		 * Set how many Sentinels must agree that the master is down. The default is 2.
		 * @param quorum the quorum
		 * @return this builder
		 */
		public Builder quorum(int quorum) {
			if (quorum < 1) {
				throw new IllegalArgumentException("'quorum' must be at least 1");
			}
			this.quorum = quorum;
			return this;
		}

		/**
		 * Set how long the master must not answer before a Sentinel considers it down
		 * ({@code down-after-milliseconds}). The default is one second.
		 * @param downAfter the duration
		 * @return this builder
		 */
		public Builder downAfter(Duration downAfter) {
			this.downAfter = positive(downAfter, "downAfter");
			return this;
		}

		/**
		 * Set the Sentinel {@code failover-timeout}. The default is five seconds.
		 * @param failoverTimeout the duration
		 * @return this builder
		 */
		public Builder failoverTimeout(Duration failoverTimeout) {
			this.failoverTimeout = positive(failoverTimeout, "failoverTimeout");
			return this;
		}

		/**
		 * Set how long {@link #start()} waits for replication and Sentinel discovery. The
		 * default is 30 seconds.
		 * @param startTimeout the duration
		 * @return this builder
		 */
		public Builder startTimeout(Duration startTimeout) {
			this.startTimeout = positive(startTimeout, "startTimeout");
			return this;
		}

		private static Duration positive(@Nullable Duration duration, String name) {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("'" + name + "' must be positive");
			}
			return duration;
		}

		/**
		 * Start the topology and wait until it is ready.
		 * @return the running topology
		 */
		public RedisSentinelTopology start() {
			if (this.quorum > this.sentinels) {
				throw new IllegalArgumentException(
						"'quorum' (" + this.quorum + ") must not exceed 'sentinels' (" + this.sentinels + ")");
			}
			List<RedisNode> started = new ArrayList<>();
			try {
				RedisNode master = RedisNode.start("master", List.of(), false, false);
				started.add(master);
				List<RedisNode> replicas = new ArrayList<>();
				for (int i = 1; i <= this.replicas; i++) {
					RedisNode replica = RedisNode.start("replica-" + i,
							List.of("replicaof " + RedisNode.HOST + " " + master.port()), false, false);
					started.add(replica);
					replicas.add(replica);
				}
				for (RedisNode replica : replicas) {
					Topologies.await(replica + " in sync with " + master, this.startTimeout,
							() -> "up"
								.equals(Topologies.infoField(replica.call("INFO", "replication"), "master_link_status"))
										? Boolean.TRUE : null,
							() -> Topologies.describe(started));
				}
				List<RedisNode> sentinels = new ArrayList<>();
				for (int i = 1; i <= this.sentinels; i++) {
					RedisNode sentinel = RedisNode.start("sentinel-" + i, sentinelConfig(master), true, false);
					started.add(sentinel);
					sentinels.add(sentinel);
				}
				for (RedisNode sentinel : sentinels) {
					Topologies.await(sentinel + " discovering the topology", this.startTimeout,
							() -> hasDiscovered(sentinel) ? Boolean.TRUE : null, () -> Topologies.describe(started));
				}
				return new RedisSentinelTopology(this.masterName, master, replicas, sentinels);
			}
			catch (RuntimeException ex) {
				try {
					Topologies.stopAll(started);
				}
				catch (RuntimeException cleanupFailure) {
					ex.addSuppressed(cleanupFailure);
				}
				throw ex;
			}
		}

		private List<String> sentinelConfig(RedisNode master) {
			String name = this.masterName;
			return List.of("sentinel monitor " + name + " " + RedisNode.HOST + " " + master.port() + " " + this.quorum,
					"sentinel down-after-milliseconds " + name + " " + this.downAfter.toMillis(),
					"sentinel failover-timeout " + name + " " + this.failoverTimeout.toMillis(),
					"sentinel parallel-syncs " + name + " 1");
		}

		private boolean hasDiscovered(RedisNode sentinel) {
			Map<String, String> master = Topologies.toMap(sentinel.call("SENTINEL", "MASTER", this.masterName));
			if (!"master".equals(master.get("flags"))) {
				return false;
			}
			List<?> replicas = (List<?>) sentinel.call("SENTINEL", "REPLICAS", this.masterName);
			List<?> others = (List<?>) sentinel.call("SENTINEL", "SENTINELS", this.masterName);
			if (replicas == null || others == null || replicas.size() != this.replicas
					|| others.size() != this.sentinels - 1) {
				return false;
			}
			return replicas.stream().allMatch((replica) -> "slave".equals(Topologies.toMap(replica).get("flags")));
		}

	}

}
