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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A Redis Cluster on {@code 127.0.0.1}: three masters with one replica each, formed
 * without {@code redis-cli} through {@code CLUSTER ADDSLOTSRANGE}, {@code CLUSTER MEET}
 * and {@code CLUSTER REPLICATE}.
 * <p>
 * The masters serve slots {@code 0-5460}, {@code 5461-10922} and {@code 10923-16383}.
 * {@code cluster-node-timeout} is two seconds by default and replicas may always fail
 * over ({@code cluster-replica-validity-factor 0}), so a killed master is replaced within
 * a few seconds. {@link #start()} returns once every node reports
 * {@code cluster_state:ok} and every replica is linked to its master. <pre class="code">
 * try (RedisClusterTopology redis = RedisClusterTopology.start()) {
 *     RedisNode master = redis.masterForSlot(RedisClusterTopology.slot("lock:{order-42}"));
 *     master.kill();
 *     redis.awaitHealthy(Duration.ofSeconds(30));
 * }
 * </pre>
 *
 * @since 0.1.0
 * @see RedisExtension#cluster()
 */
public final class RedisClusterTopology implements RedisTopology {

	/**
	 * Number of hash slots in a Redis Cluster.
	 */
	public static final int SLOTS = 16384;

	private static final int[][] SLOT_RANGES = { { 0, 5460 }, { 5461, 10922 }, { 10923, 16383 } };

	private final List<RedisNode> masters;

	private final List<RedisNode> replicas;

	private final List<RedisNode> nodes;

	private RedisClusterTopology(List<RedisNode> masters, List<RedisNode> replicas) {
		this.masters = List.copyOf(masters);
		this.replicas = List.copyOf(replicas);
		List<RedisNode> all = new ArrayList<>(masters);
		all.addAll(replicas);
		this.nodes = List.copyOf(all);
	}

	/**
	 * Start a cluster of three masters and three replicas with the default settings.
	 * @return the running cluster
	 */
	public static RedisClusterTopology start() {
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
	 * Return the hash slot of a key, computed as Redis does: CRC16 (XMODEM) of the key,
	 * or of its hash tag, the part between the first <code>{</code> and the next
	 * <code>}</code> if that part is not empty, modulo {@value #SLOTS}.
	 * @param key the key
	 * @return the slot, from 0 to 16383
	 */
	public static int slot(String key) {
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		int start = 0;
		int end = bytes.length;
		int open = indexOf(bytes, (byte) '{', 0);
		if (open >= 0) {
			int close = indexOf(bytes, (byte) '}', open + 1);
			if (close > open + 1) {
				start = open + 1;
				end = close;
			}
		}
		return crc16(bytes, start, end) & (SLOTS - 1);
	}

	private static int indexOf(byte[] bytes, byte value, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	private static int crc16(byte[] bytes, int start, int end) {
		int crc = 0;
		for (int i = start; i < end; i++) {
			crc ^= (bytes[i] & 0xFF) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x8000) != 0) ? (crc << 1) ^ 0x1021 : crc << 1;
			}
			crc &= 0xFFFF;
		}
		return crc;
	}

	/**
	 * Return the nodes that were masters at start, in slot order.
	 * @return the original masters
	 */
	public List<RedisNode> masters() {
		return this.masters;
	}

	/**
	 * Return the nodes that were replicas at start; the replica at index {@code i}
	 * replicates the master at index {@code i}.
	 * @return the original replicas
	 */
	public List<RedisNode> replicas() {
		return this.replicas;
	}

	/**
	 * Return the masters, then the replicas.
	 * @return all nodes
	 */
	@Override
	public List<RedisNode> nodes() {
		return this.nodes;
	}

	/**
	 * Return the addresses of all nodes, as cluster clients expect seed nodes.
	 * @return the addresses as {@code 127.0.0.1:port}
	 */
	public List<String> nodeAddresses() {
		return this.nodes.stream().map(RedisNode::address).toList();
	}

	/**
	 * Return the URIs of all nodes, as Redisson expects them in
	 * {@code useClusterServers().addNodeAddress(...)}.
	 * @return the URIs as {@code redis://127.0.0.1:port}
	 */
	public List<String> nodeUris() {
		return this.nodes.stream().map(RedisNode::uri).toList();
	}

	/**
	 * Ask the cluster which node serves the given slot now. Every live node is asked and
	 * the answer with the highest configuration epoch wins, as in Redis itself, so the
	 * answer is right after a failover even when some nodes lag behind.
	 * @param slot the slot, from 0 to 16383
	 * @return the master serving the slot
	 * @throws IllegalStateException if no live node knows a master for the slot
	 */
	public RedisNode masterForSlot(int slot) {
		if (slot < 0 || slot >= SLOTS) {
			throw new IllegalArgumentException("'slot' must be between 0 and " + (SLOTS - 1));
		}
		RedisNode owner = slotOwners()[slot];
		if (owner == null) {
			throw new IllegalStateException(
					"No live node knows the master of slot " + slot + "\n" + Topologies.describe(this.nodes));
		}
		return owner;
	}

	/**
	 * Return the nodes that serve slots now, in slot order.
	 * @return the current masters
	 */
	public List<RedisNode> currentMasters() {
		Set<RedisNode> masters = new LinkedHashSet<>();
		for (RedisNode owner : slotOwners()) {
			if (owner != null) {
				masters.add(owner);
			}
		}
		return List.copyOf(masters);
	}

	/**
	 * Wait until every live node reports {@code cluster_state:ok} and sees every slot
	 * served by a live, unpaused master. Call it after a fault to wait for the failover
	 * to complete.
	 * @param timeout how long to wait
	 * @throws IllegalStateException if the cluster is not healthy in time
	 */
	public void awaitHealthy(Duration timeout) {
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		Topologies.await("a healthy cluster", timeout, () -> isHealthy() ? Boolean.TRUE : null,
				() -> Topologies.describe(this.nodes));
	}

	private boolean isHealthy() {
		boolean anyAvailable = false;
		for (RedisNode node : this.nodes) {
			if (!node.isAvailable()) {
				continue;
			}
			anyAvailable = true;
			if (!"ok".equals(Topologies.infoField(node.call("CLUSTER", "INFO"), "cluster_state"))) {
				return false;
			}
			int served = 0;
			for (ClusterNodeLine line : ClusterNodeLine.parseAll(node.call("CLUSTER", "NODES"))) {
				RedisNode lineNode = nodeAt(line.address());
				if (line.isMaster() && !line.isFailing() && lineNode != null && lineNode.isAvailable()) {
					served += line.slotCount();
				}
			}
			if (served != SLOTS) {
				return false;
			}
		}
		return anyAvailable;
	}

	private @Nullable RedisNode[] slotOwners() {
		@Nullable RedisNode[] owners = new RedisNode[SLOTS];
		long[] epochs = new long[SLOTS];
		Arrays.fill(epochs, -1);
		for (RedisNode node : this.nodes) {
			if (!node.isAvailable()) {
				continue;
			}
			List<ClusterNodeLine> lines;
			try {
				lines = ClusterNodeLine.parseAll(node.call("CLUSTER", "NODES"));
			}
			catch (RuntimeException ex) {
				continue;
			}
			for (ClusterNodeLine line : lines) {
				RedisNode owner = nodeAt(line.address());
				if (!line.isMaster() || owner == null) {
					continue;
				}
				for (int[] range : line.slotRanges()) {
					for (int slot = range[0]; slot <= range[1]; slot++) {
						if (line.configEpoch() > epochs[slot]) {
							epochs[slot] = line.configEpoch();
							owners[slot] = owner;
						}
					}
				}
			}
		}
		return owners;
	}

	private @Nullable RedisNode nodeAt(String address) {
		for (RedisNode node : this.nodes) {
			if (node.address().equals(address)) {
				return node;
			}
		}
		return null;
	}

	@Override
	public void flushAll() {
		for (RedisNode master : currentMasters()) {
			if (master.isAvailable()) {
				master.call("FLUSHALL");
			}
		}
	}

	@Override
	public void close() {
		Topologies.stopAll(this.nodes);
	}

	@Override
	public String toString() {
		return "RedisClusterTopology[masters " + this.masters + ", replicas " + this.replicas + "]";
	}

	/**
	 * Builder for a {@link RedisClusterTopology}.
	 */
	public static final class Builder {

		private Duration nodeTimeout = Duration.ofMillis(2000);

		private Duration startTimeout = Duration.ofSeconds(30);

		private Builder() {
		}

		/**
		 * Set the {@code cluster-node-timeout}: how long a master may not answer before
		 * its replica takes over. The default is two seconds.
		 * @param nodeTimeout the duration
		 * @return this builder
		 */
		public Builder nodeTimeout(Duration nodeTimeout) {
			if (nodeTimeout == null || nodeTimeout.toMillis() < 100) {
				throw new IllegalArgumentException("'nodeTimeout' must be at least 100ms");
			}
			this.nodeTimeout = nodeTimeout;
			return this;
		}

		/**
		 * Set how long {@link #start()} waits for the cluster to form. The default is 30
		 * seconds.
		 * @param startTimeout the duration
		 * @return this builder
		 */
		public Builder startTimeout(Duration startTimeout) {
			if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
				throw new IllegalArgumentException("'startTimeout' must be positive");
			}
			this.startTimeout = startTimeout;
			return this;
		}

		/**
		 * Start the cluster and wait until it is ready.
		 * @return the running cluster
		 */
		public RedisClusterTopology start() {
			List<String> config = List.of("cluster-enabled yes", "cluster-config-file nodes.conf",
					"cluster-node-timeout " + this.nodeTimeout.toMillis(), "cluster-replica-validity-factor 0",
					"cluster-allow-replica-migration no");
			List<RedisNode> started = new ArrayList<>();
			try {
				List<RedisNode> masters = new ArrayList<>();
				List<RedisNode> replicas = new ArrayList<>();
				for (int i = 1; i <= SLOT_RANGES.length; i++) {
					RedisNode master = RedisNode.start("cluster-master-" + i, config, false, true);
					started.add(master);
					masters.add(master);
				}
				for (int i = 1; i <= SLOT_RANGES.length; i++) {
					RedisNode replica = RedisNode.start("cluster-replica-" + i, config, false, true);
					started.add(replica);
					replicas.add(replica);
				}
				form(masters, replicas, started);
				return new RedisClusterTopology(masters, replicas);
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

		private void form(List<RedisNode> masters, List<RedisNode> replicas, List<RedisNode> all) {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < all.size(); i++) {
				RedisNode node = all.get(i);
				ids.add(String.valueOf(node.call("CLUSTER", "MYID")));
				// Distinct epochs up front avoid the slower epoch-collision resolution.
				node.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
			}
			for (int i = 0; i < masters.size(); i++) {
				masters.get(i)
					.call("CLUSTER", "ADDSLOTSRANGE", Integer.toString(SLOT_RANGES[i][0]),
							Integer.toString(SLOT_RANGES[i][1]));
			}
			RedisNode first = all.get(0);
			for (RedisNode node : all.subList(1, all.size())) {
				node.call("CLUSTER", "MEET", RedisNode.HOST, Integer.toString(first.port()));
			}
			for (RedisNode node : all) {
				Topologies.await(node + " knowing all nodes", this.startTimeout, () -> {
					List<ClusterNodeLine> lines = ClusterNodeLine.parseAll(node.call("CLUSTER", "NODES"));
					boolean complete = lines.size() == all.size()
							&& lines.stream().allMatch(ClusterNodeLine::isEstablished);
					return complete ? Boolean.TRUE : null;
				}, () -> Topologies.describe(all));
			}
			for (int i = 0; i < replicas.size(); i++) {
				replicas.get(i).call("CLUSTER", "REPLICATE", ids.get(i));
			}
			for (RedisNode node : all) {
				Topologies.await(node + " seeing a complete cluster", this.startTimeout, () -> {
					if (!"ok".equals(Topologies.infoField(node.call("CLUSTER", "INFO"), "cluster_state"))) {
						return null;
					}
					List<ClusterNodeLine> lines = ClusterNodeLine.parseAll(node.call("CLUSTER", "NODES"));
					for (int i = 0; i < replicas.size(); i++) {
						String replicaId = ids.get(masters.size() + i);
						String masterId = ids.get(i);
						boolean linked = lines.stream()
							.anyMatch((line) -> line.id().equals(replicaId) && !line.isMaster()
									&& masterId.equals(line.masterId()) && line.isEstablished());
						if (!linked) {
							return null;
						}
					}
					return Boolean.TRUE;
				}, () -> Topologies.describe(all));
			}
			for (RedisNode replica : replicas) {
				Topologies.await(replica + " in sync with its master", this.startTimeout,
						() -> "up"
							.equals(Topologies.infoField(replica.call("INFO", "replication"), "master_link_status"))
									? Boolean.TRUE : null,
						() -> Topologies.describe(all));
			}
		}

	}

	/**
	 * One line of a {@code CLUSTER NODES} reply.
	 */
	private record ClusterNodeLine(String id, String address, Set<String> flags, @Nullable String masterId,
			long configEpoch, boolean connected, List<int[]> slotRanges) {

		static List<ClusterNodeLine> parseAll(@Nullable Object reply) {
			List<ClusterNodeLine> lines = new ArrayList<>();
			if (reply instanceof String text) {
				for (String line : text.split("\n")) {
					if (!line.isBlank()) {
						lines.add(parse(line.trim()));
					}
				}
			}
			return lines;
		}

		private static ClusterNodeLine parse(String line) {
			// <id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv>
			// <config-epoch> <link-state> <slot> <slot> ...
			String[] fields = line.split(" ");
			String endpoint = fields[1];
			int at = endpoint.indexOf('@');
			String address = (at >= 0) ? endpoint.substring(0, at) : endpoint;
			Set<String> flags = Set.of(fields[2].split(","));
			String masterId = "-".equals(fields[3]) ? null : fields[3];
			List<int[]> ranges = new ArrayList<>();
			for (int i = 8; i < fields.length; i++) {
				String slot = fields[i];
				if (slot.startsWith("[")) {
					continue;
				}
				int dash = slot.indexOf('-');
				if (dash >= 0) {
					ranges.add(new int[] { Integer.parseInt(slot.substring(0, dash)),
							Integer.parseInt(slot.substring(dash + 1)) });
				}
				else {
					int single = Integer.parseInt(slot);
					ranges.add(new int[] { single, single });
				}
			}
			return new ClusterNodeLine(fields[0], address, flags, masterId, Long.parseLong(fields[6]),
					"connected".equals(fields[7]), Collections.unmodifiableList(ranges));
		}

		boolean isMaster() {
			return this.flags.contains("master");
		}

		boolean isFailing() {
			return this.flags.contains("fail") || this.flags.contains("fail?");
		}

		boolean isEstablished() {
			return this.connected && !this.flags.contains("handshake") && !this.flags.contains("noaddr")
					&& !isFailing();
		}

		int slotCount() {
			int count = 0;
			for (int[] range : this.slotRanges) {
				count += range[1] - range[0] + 1;
			}
			return count;
		}

	}

}
