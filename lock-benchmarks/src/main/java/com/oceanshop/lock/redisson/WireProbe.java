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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import com.oceanshop.lock.LockType;

/**
 * Lock commands straight over Ocean Lock's own connection ({@link RespConnection}, the
 * lock command pipeline's), without the layers above it: for the benchmark only, to tell
 * what the connection costs, what Ocean Lock's two scripts cost and what the layers above
 * them cost, in the same run. It lives in {@code lock-core}'s package to reach the
 * package-private connection and scripts; nothing in {@code lock-core} uses it.
 */
public final class WireProbe implements AutoCloseable {

	private static final long TIMEOUT_SECONDS = 5;

	private final EventLoopGroup group;

	private final RespConnection connection;

	private final String compareAndDelete;

	private final String acquire;

	private final String release;

	private WireProbe(EventLoopGroup group, RespConnection connection, String compareAndDelete) throws Exception {
		this.group = group;
		this.connection = connection;
		this.compareAndDelete = load(compareAndDelete);
		this.acquire = load(PriorityScripts.PRIORITY_LOCK);
		this.release = load(ReleaseScripts.EXCLUSIVE_RELEASE);
	}

	/**
	 * Connect to Redis with one event loop, as the tuned Redisson client has.
	 * @param host the Redis host
	 * @param port the Redis port
	 * @param compareAndDelete the floor's release script
	 * @return the probe
	 * @throws Exception if Redis cannot be reached
	 */
	public static WireProbe open(String host, int port, String compareAndDelete) throws Exception {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		RespConnection connection = RespConnection
			.open(group, NioSocketChannel.class, new InetSocketAddress(host, port),
					new RespConnection.Settings(5000, 5000, null, null, 0, "ocean-lock-wire-probe"))
			.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		return new WireProbe(group, connection, compareAndDelete);
	}

	/**
	 * The floor's acquire: {@code SET key token NX PX lease}.
	 * @param key the key
	 * @param token the caller's token
	 * @param leaseMillis the lease
	 * @return whether it was taken
	 * @throws Exception if Redis does not answer
	 */
	public boolean floorAcquire(String key, String token, long leaseMillis) throws Exception {
		return send("SET", key, token, "NX", "PX", leaseMillis) != null;
	}

	/**
	 * The floor's release: compare and delete.
	 * @param key the key
	 * @param token the caller's token
	 * @throws Exception if Redis does not answer
	 */
	public void floorRelease(String key, String token) throws Exception {
		send("EVALSHA", this.compareAndDelete, 1, key, token);
	}

	/**
	 * Ocean Lock's first attempt on an exclusive lock
	 * ({@code PriorityScripts.PRIORITY_LOCK}, never joining the line), with the keys and
	 * arguments the provider sends ({@link PriorityGate#lockKeys},
	 * {@link PriorityGate#lockArguments}).
	 * @param key the lock's Redis key
	 * @param holder the holder id
	 * @param leaseMillis the lease
	 * @return whether it was taken
	 * @throws Exception if Redis does not answer
	 */
	public boolean acquire(String key, String holder, long leaseMillis) throws Exception {
		PriorityGate.Target target = new PriorityGate.Target(key, LockType.EXCLUSIVE, holder, leaseMillis);
		List<Object> keys = PriorityGate.lockKeys(key);
		Object[] args = PriorityGate.lockArguments(target, 0, 0,
				TimeUnit.NANOSECONDS.toMicros(PriorityGate.DEFAULT_AGING_INTERVAL.toNanos()));
		List<Object> command = new ArrayList<>(List.of("EVALSHA", this.acquire, keys.size()));
		command.addAll(keys);
		command.addAll(Arrays.asList(args));
		Object reply = send(command.toArray());
		return Long.valueOf(-1).equals(reply);
	}

	/**
	 * Ocean Lock's release of an exclusive lock nobody waits for
	 * ({@code ReleaseScripts.EXCLUSIVE_RELEASE}: the holder field, the unlock message and
	 * the release record).
	 * @param key the lock's Redis key
	 * @param holder the holder id
	 * @throws Exception if Redis does not answer or the holder did not hold it
	 */
	public void release(String key, String holder) throws Exception {
		Object reply = send("EVALSHA", this.release, 3, key, RedissonLockLayout.lockChannel(key),
				RedissonLockLayout.releasedKey(key), 0, holder, "publish", 100);
		if (!Long.valueOf(1).equals(reply)) {
			throw new IllegalStateException("Release of " + key + " by " + holder + " answered " + reply);
		}
	}

	private String load(String script) throws Exception {
		Object sha = send("SCRIPT", "LOAD", script);
		return new String((byte[]) sha, StandardCharsets.US_ASCII);
	}

	private Object send(Object... arguments) throws InterruptedException, ExecutionException, TimeoutException {
		Object reply = this.connection.send(arguments).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		if (reply instanceof RuntimeException error) {
			throw error;
		}
		return reply;
	}

	@Override
	public void close() {
		this.connection.close();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

}
