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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;
import com.oceanshop.lock.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link ScriptPipeline}: lock commands of concurrent callers share
 * writes on one connection of the provider's own, and whatever the pipeline cannot
 * complete (a flushed script cache, a late reply, a restarted Redis) still locks
 * correctly, through Redisson.
 */
class ScriptPipelineIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	@Test
	void concurrentCallersShareWritesOnOneConnection() throws Exception {
		withProvider((config) -> {
		}, (provider, template) -> {
			ScriptPipeline pipeline = pipeline(provider);
			awaitConnected(pipeline);
			int threads = 16;
			int locksEach = 200;
			AtomicInteger inside = new AtomicInteger();
			AtomicInteger overlaps = new AtomicInteger();
			ExecutorService callers = Executors.newFixedThreadPool(threads);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					String key = "pipeline:own:" + t;
					done.add(callers.submit(() -> {
						for (int i = 0; i < locksEach; i++) {
							template.execute(LockRequest.of(key), (handle) -> {
								if (inside.incrementAndGet() > threads) {
									overlaps.incrementAndGet();
								}
								inside.decrementAndGet();
								return null;
							});
						}
						return null;
					}));
				}
				for (Future<?> future : done) {
					future.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				callers.shutdownNow();
			}
			long[] writes = pipeline.writesAndFlushes();
			assertThat(writes[0]).as("commands written on the pipeline")
				.isGreaterThanOrEqualTo(2L * threads * locksEach);
			assertThat(writes[1]).as("flushes for %d commands", writes[0]).isLessThan(writes[0]);
			assertThat(overlaps).hasValue(0);
			assertThat(keysButReleaseRecords()).as("keys left but release records").isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource(value = LockType.class, names = { "EXCLUSIVE", "FAIR", "READ", "WRITE", "SEMAPHORE" })
	void aFlushedScriptCacheIsRefilled(LockType type) throws Exception {
		withProvider((config) -> {
		}, (provider, template) -> {
			ScriptPipeline pipeline = pipeline(provider);
			awaitConnected(pipeline);
			LockRequest request = LockRequest.builder("pipeline:noscript:" + type.tagValue()).type(type).build();
			template.acquire(request).close();
			long before = pipeline.writesAndFlushes()[0];
			redis.standaloneTopology().node().call("SCRIPT", "FLUSH");
			LockHandle handle = template.acquire(request);
			assertThat(template.isLocked(request.key())).isTrue();
			handle.close();
			assertThat(template.isLocked(request.key())).isFalse();
			// EVALSHA answered NOSCRIPT and EVAL followed, for the release and (but for
			// a read lock, which Redisson acquires) the acquisition, on the pipeline.
			assertThat(pipeline.writesAndFlushes()[0] - before).isGreaterThanOrEqualTo((type == LockType.READ) ? 2 : 4);
		});
	}

	@Test
	void aLateReplyIsHandedToRedissonAndTheLockStaysExclusive() throws Exception {
		withProvider((config) -> config.useSingleServer()
			.setTimeout(300)
			.setRetryAttempts(20)
			.setRetryDelay((attempt) -> Duration.ofMillis(100)), (provider, template) -> {
				ScriptPipeline pipeline = pipeline(provider);
				awaitConnected(pipeline);
				RedisNode node = redis.standaloneTopology().node();
				LockRequest request = LockRequest.builder("pipeline:late:1").waitTime(Duration.ofSeconds(10)).build();
				template.acquire(request).close();
				// Paused longer than the pipeline's timeout: its command fails, the
				// connection closes, and Redisson sends it again until Redis answers.
				node.call("CLIENT", "PAUSE", "900", "WRITE");
				LockHandle handle = template.acquire(request);
				assertThat(handle.isHeld()).isTrue();
				assertThat(template.tryAcquire(LockRequest.of(request.key()))).as("a second holder").isEmpty();
				handle.close();
				assertThat(template.isLocked(request.key())).isFalse();
				awaitConnected(pipeline);
				template.acquire(request).close();
			});
	}

	@Test
	void aRequestSwallowedOnTheWayNeverTakesTheReplyOfALaterOne() throws Exception {
		try (TcpProxy proxy = TcpProxy.start(redis.standaloneTopology().node())) {
			withProvider((config) -> config.useSingleServer().setAddress(proxy.uri()), (provider, template) -> {
				ScriptPipeline pipeline = pipeline(provider);
				awaitConnected(pipeline);
				assertThat(pipeline.evalLong("pipeline:step", "return 2", List.of("pipeline:step")).join())
					.isEqualTo(2);
				// Bytes lost inside a connection that stays open, for less than the
				// timeout: Redis never sees the first command and answers only the
				// second.
				proxy.setBlackhole(true);
				long swallowed = proxy.swallowedBytes();
				CompletableFuture<@Nullable Long> first = pipeline.evalLong("pipeline:step", "return 1",
						List.of("pipeline:step"));
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
				while (proxy.swallowedBytes() == swallowed && System.nanoTime() - deadline < 0) {
					Thread.onSpinWait();
				}
				assertThat(proxy.swallowedBytes()).as("request swallowed").isGreaterThan(swallowed);
				proxy.setBlackhole(false);
				CompletableFuture<@Nullable Long> second = pipeline.evalLong("pipeline:step", "return 2",
						List.of("pipeline:step"));
				assertThat(first.get(10, TimeUnit.SECONDS)).as("the first command's own reply").isEqualTo(1);
				assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
				awaitConnected(pipeline);
			});
		}
	}

	@Test
	void aRestartedRedisIsReachedThroughRedissonUntilThePipelineReconnects() throws Exception {
		withProvider((config) -> {
		}, (provider, template) -> {
			ScriptPipeline pipeline = pipeline(provider);
			awaitConnected(pipeline);
			LockRequest request = LockRequest.builder("pipeline:restart:1").waitTime(Duration.ofSeconds(10)).build();
			template.acquire(request).close();
			redis.standaloneTopology().node().restart();
			LockHandle handle = template.acquire(request);
			assertThat(template.isLocked(request.key())).isTrue();
			handle.close();
			awaitConnected(pipeline);
			long before = pipeline.writesAndFlushes()[0];
			template.acquire(request).close();
			assertThat(pipeline.writesAndFlushes()[0]).as("commands on the new connection").isGreaterThan(before);
		});
	}

	@Test
	void connectsAsTheConfiguredUserToTheConfiguredDatabaseUnderTheClientsName() throws Exception {
		RedisNode node = redis.standaloneTopology().node();
		node.call("ACL", "SETUSER", "locker", "on", ">s3cret", "~*", "&*", "+@all");
		try {
			withProvider((config) -> config.useSingleServer()
				.setUsername("locker")
				.setPassword("s3cret")
				.setDatabase(3)
				.setClientName("pipeline-test"), (provider, template) -> {
					ScriptPipeline pipeline = pipeline(provider);
					awaitConnected(pipeline);
					LockHandle handle = template.acquire(LockRequest.of("pipeline:db:1"));
					assertThat(pipeline.writesAndFlushes()[0]).isPositive();
					assertThat(node.call("EXISTS", "lock:pipeline:db:1")).as("in database 0").isEqualTo(0L);
					assertThat(String.valueOf(node.call("CLIENT", "LIST"))).contains("name=pipeline-test")
						.contains("user=locker")
						.contains("db=3");
					handle.close();
				});
		}
		finally {
			node.call("ACL", "DELUSER", "locker");
		}
	}

	@Test
	void notUsedWhereRedissonWouldSendDifferently() throws Exception {
		// A command mapper (here one that renames nothing) may rename EVALSHA.
		withProvider((config) -> config.useSingleServer().setCommandMapper((command) -> command),
				(provider, template) -> {
					ScriptPipeline pipeline = pipeline(provider);
					assertThat(pipeline.applies()).isFalse();
					template.acquire(LockRequest.of("pipeline:mapped:1")).close();
					assertThat(pipeline.writesAndFlushes()[0]).isZero();
				});
	}

	@Test
	void onByDefault() throws Exception {
		Config config = new Config();
		config.useSingleServer().setAddress(redis.standaloneTopology().uri());
		RedissonClient redisson = Redisson.create(config);
		try (RedissonLockProvider provider = new RedissonLockProvider(redisson)) {
			assertThat(provider.isCommandPipelining()).isTrue();
			awaitConnected(pipeline(provider));
			LockTemplate template = LockTemplate.builder(provider).build();
			// The first cycle may load the scripts (NOSCRIPT, then EVAL).
			template.acquire(LockRequest.of("pipeline:default:1")).close();
			long before = pipeline(provider).writesAndFlushes()[0];
			template.acquire(LockRequest.of("pipeline:default:1")).close();
			assertThat(pipeline(provider).writesAndFlushes()[0]).as("lock and release on the pipeline")
				.isEqualTo(before + 2);
		}
		finally {
			redisson.shutdown();
		}
	}

	@Test
	void turnedOffSendsEverythingThroughRedisson() throws Exception {
		withProvider((config) -> {
		}, (provider, template) -> {
			provider.setCommandPipelining(false);
			assertThat(provider.isCommandPipelining()).isFalse();
			template.acquire(LockRequest.of("pipeline:off:1")).close();
			assertThat(pipeline(provider).writesAndFlushes()[0]).isZero();
		});
	}

	private static ScriptPipeline pipeline(RedissonLockProvider provider) {
		return provider.rlocks().scripts();
	}

	private static void awaitConnected(ScriptPipeline pipeline) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!pipeline.isConnected() && System.nanoTime() - deadline < 0) {
			// Any command opens the connection again when it is down.
			pipeline.evalLong("pipeline:probe", "return 1", List.of("pipeline:probe")).join();
			Thread.sleep(20);
		}
		assertThat(pipeline.isConnected()).as("pipeline connected").isTrue();
	}

	private static List<String> keysButReleaseRecords() {
		Object keys = redis.standaloneTopology().node().call("KEYS", "*pipeline:own:*");
		return (keys instanceof List<?> list)
				? list.stream().map(String::valueOf).filter((key) -> !key.endsWith(":released")).toList() : List.of();
	}

	private static void withProvider(Consumer<Config> customizer, ProviderTest test) throws Exception {
		Config config = new Config();
		config.useSingleServer().setAddress(redis.standaloneTopology().uri());
		customizer.accept(config);
		RedissonClient redisson = Redisson.create(config);
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		provider.setCommandPipelining(true);
		try {
			test.run(provider, LockTemplate.builder(provider).build());
		}
		finally {
			provider.close();
			redisson.shutdown();
		}
	}

	@FunctionalInterface
	interface ProviderTest {

		void run(RedissonLockProvider provider, LockTemplate template) throws Exception;

	}

}
