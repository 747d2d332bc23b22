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

package com.oceanshop.lock.redisson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisClusterMaster;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

import com.oceanshop.lock.admin.RedisTopologySummary;

/**
 * The Redis deployment behind a {@link RedissonClient}: standalone, Sentinel, Cluster,
 * replicated or master-slave, as its configuration says. Summarises it for the admin and
 * pings the servers a lock may live on.
 *
 * @since 0.1.0
 */
public final class RedissonTopology {

	private final RedissonClient redisson;

	/**
	 * Create a topology over the given client.
	 * @param redisson the Redisson client
	 */
	public RedissonTopology(RedissonClient redisson) {
		this.redisson = Objects.requireNonNull(redisson, "'redisson' must not be null");
	}

	/**
	 * Return the topology from the client's configuration; for a Cluster, the current
	 * masters when the client knows them. Makes no Redis call.
	 * @return the summary
	 */
	public RedisTopologySummary summary() {
		Config config = this.redisson.getConfig();
		String clientId = this.redisson.getId();
		return switch (Mode.of(config)) {
			case CLUSTER -> new RedisTopologySummary("cluster", clusterNodes(config), null, clientId);
			case SENTINEL -> new RedisTopologySummary("sentinel", config.useSentinelServers().getSentinelAddresses(),
					config.useSentinelServers().getMasterName(), clientId);
			case SINGLE ->
				new RedisTopologySummary("standalone", List.of(config.useSingleServer().getAddress()), null, clientId);
			case MASTER_SLAVE -> masterSlaveSummary(config, clientId);
		};
	}

	private static RedisTopologySummary masterSlaveSummary(Config config, String clientId) {
		try {
			// Redisson has no public test for a replicated configuration; asking for one
			// fails when the configuration is master-slave.
			return new RedisTopologySummary("replicated", config.useReplicatedServers().getNodeAddresses(), null,
					clientId);
		}
		catch (IllegalStateException ex) {
			return new RedisTopologySummary("master-slave", List.of(config.useMasterSlaveServers().getMasterAddress()),
					null, clientId);
		}
	}

	private List<String> clusterNodes(Config config) {
		List<String> nodes = new ArrayList<>();
		try {
			this.redisson.getRedisNodes(RedisNodes.CLUSTER)
				.getMasters()
				.forEach((master) -> nodes.add(master.getAddr().getHostString() + ":" + master.getAddr().getPort()));
		}
		catch (RuntimeException ex) {
			// Not connected yet: fall back to the configured seed nodes.
		}
		if (nodes.isEmpty()) {
			nodes.addAll(config.useClusterServers().getNodeAddresses());
		}
		nodes.sort(null);
		return nodes;
	}

	/**
	 * Send {@code PING} to the servers a lock may live on: the single server, the
	 * Sentinel-monitored master, every Cluster master (all must answer, since any of them
	 * may own a lock's slot), or the master of a replicated or master-slave setup.
	 * @param timeout how long to wait for the replies
	 * @return whether every server answered within the timeout
	 */
	public boolean ping(Duration timeout) {
		long timeoutMillis = timeout.toMillis();
		return switch (Mode.of(this.redisson.getConfig())) {
			case CLUSTER -> pingMasters(timeoutMillis);
			case SENTINEL -> this.redisson.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE)
				.getMaster()
				.ping(timeoutMillis, TimeUnit.MILLISECONDS);
			case SINGLE ->
				this.redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().ping(timeoutMillis, TimeUnit.MILLISECONDS);
			case MASTER_SLAVE -> this.redisson.getRedisNodes(RedisNodes.MASTER_SLAVE)
				.getMaster()
				.ping(timeoutMillis, TimeUnit.MILLISECONDS);
		};
	}

	private boolean pingMasters(long timeoutMillis) {
		Collection<RedisClusterMaster> masters = this.redisson.getRedisNodes(RedisNodes.CLUSTER).getMasters();
		if (masters.isEmpty()) {
			return false;
		}
		List<CompletableFuture<Boolean>> replies = new ArrayList<>(masters.size());
		for (RedisClusterMaster master : masters) {
			replies.add(master.pingAsync(timeoutMillis, TimeUnit.MILLISECONDS).toCompletableFuture());
		}
		for (CompletableFuture<Boolean> reply : replies) {
			if (!Boolean.TRUE.equals(reply.exceptionally((ex) -> false).join())) {
				return false;
			}
		}
		return true;
	}

	private enum Mode {

		CLUSTER, SENTINEL, SINGLE,

		// Replicated or master-slave: both have one master.
		MASTER_SLAVE;

		static Mode of(Config config) {
			if (config.isClusterConfig()) {
				return CLUSTER;
			}
			if (config.isSentinelConfig()) {
				return SENTINEL;
			}
			if (config.isSingleConfig()) {
				return SINGLE;
			}
			return MASTER_SLAVE;
		}

	}

}
