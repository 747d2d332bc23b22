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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the hand-off inside the release of a {@link LockType#WRITE} lock:
 * the release hands the lock to the next local writer in the same command
 * ({@link ReleaseScripts#WRITE_RELEASE} with a successor) only when nobody waits for the
 * lock in Redis, so that writers handing the lock on never starve a waiting reader.
 */
class WriteHandOffIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static LockTemplate template;

	@BeforeAll
	static void createClient() {
		redisson = NamedClients.create(redis.standaloneTopology().uri(), "write-holder");
		template = RedissonLockTemplates.create(redisson);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
	}

	@Test
	void releaseHandsTheWriteLockToTheWaitingLocalWriterInOneCommand() throws Exception {
		LockRequest request = request("write-hand-off:one-command:K1", LockType.WRITE);
		String name = "lock:" + request.key();
		// Once first, so that the scripts are cached (EVALSHA, no NOSCRIPT).
		LockHandle first = template.acquire(request);
		CompletableFuture<LockHandle> warm = waitFor(request);
		first.close();
		warm.get(10, TimeUnit.SECONDS).close();

		LockHandle holder = template.acquire(request);
		CompletableFuture<LockHandle> next = waitFor(request);
		AtomicReference<LockHandle> handed = new AtomicReference<>();
		List<String> sent = SlowLog.sentDuring(redis.standaloneTopology().node(), () -> {
			holder.close();
			handed.set(next.get(10, TimeUnit.SECONDS));
		});
		assertThat(sent).as("commands sent to move the write lock to the next writer").containsExactly("evalsha");
		assertThat(handed.get().isHeld()).isTrue();
		assertThat(HandOffProbes.holders(redisson, name)).hasSize(1)
			.allMatch((field) -> field.startsWith(redisson.getId() + ":") && field.endsWith(":write"));
		assertThat(redisson.<String, String>getMap(name, StringCodec.INSTANCE).get(RedissonLockLayout.MODE_FIELD))
			.isEqualTo("write");
		assertThat(redisson.getKeys().remainTimeToLive(name)).isPositive().isLessThanOrEqualTo(30_000);
		handed.get().close();
		assertThat(redisson.getKeys().countExists(name)).isZero();
	}

	@Test
	void writersHandingTheLockOnDoNotStarveAWaitingReader() throws Exception {
		LockRequest write = request("write-hand-off:reader:K1", LockType.WRITE);
		LockRequest read = LockRequest.builder(write.key())
			.type(LockType.READ)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(3))
			.build();
		AtomicBoolean readerDone = new AtomicBoolean();
		AtomicInteger writes = new AtomicInteger();
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> loops = new ArrayList<>();
			// Four writers, so that a writer always waits behind the holder.
			for (int i = 0; i < 4; i++) {
				loops.add(writers.submit(() -> {
					// Bounded: until the reader is through, at most 20 s.
					long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
					while (!readerDone.get() && System.nanoTime() - end < 0) {
						template.execute(write, (handle) -> {
							writes.incrementAndGet();
							return null;
						});
					}
					return null;
				}));
			}
			HandOffProbes.awaitUntil(() -> writes.get() > 50, "the writers take turns");
			boolean readerGotIt;
			try {
				readerGotIt = template.execute(read, (handle) -> true);
			}
			catch (LockAcquisitionException ex) {
				readerGotIt = false;
			}
			finally {
				readerDone.set(true);
			}
			assertThat(readerGotIt).as("the reader got the lock within its wait time").isTrue();
			for (Future<?> loop : loops) {
				loop.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			writers.shutdownNow();
		}
		assertThat(redisson.getKeys().countExists("lock:" + write.key())).isZero();
	}

	private static LockRequest request(String key, LockType type) {
		return LockRequest.builder(key)
			.type(type)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(10))
			.build();
	}

	// A writer on another thread that waits in the local queue behind the holder.
	private static CompletableFuture<LockHandle> waitFor(LockRequest request) throws InterruptedException {
		int before = HandOffProbes.waiting(template, request.key());
		CompletableFuture<LockHandle> next = CompletableFuture.supplyAsync(() -> template.acquire(request));
		HandOffProbes.awaitUntil(() -> HandOffProbes.waiting(template, request.key()) == before + 1,
				"the writer waits in the local queue");
		return next;
	}

}
