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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for lock cohorting: an exclusive release hands the lock to the next
 * caller of its own instance at most {@link RedissonLockProvider#setLocalHandOffs} times
 * in a row while another instance's caller is first in line, and only to a local caller
 * that ranks within one aging interval of that one; then the other instance is served.
 */
class CohortHandOffIntegrationTests {

	private static final int LOCAL_CALLERS = 5;

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	static RedissonClient redisson;

	static RedissonClient other;

	static LockTemplate otherTemplate;

	@BeforeAll
	static void createClients() {
		redisson = NamedClients.create(redis.standaloneTopology().uri(), "cohort");
		other = NamedClients.create(redis.standaloneTopology().uri(), "remote");
		otherTemplate = RedissonLockTemplates.create(other);
	}

	@AfterAll
	static void shutdown() {
		redisson.shutdown();
		other.shutdown();
	}

	@Test
	void localCallersGoFirstAtMostTheLimitOfHandOffsInARow() throws Exception {
		// A long aging interval, so that every local caller ranks within it of the
		// remote one however slowly this machine starts them.
		List<String> grants = grantsAfterRelease("cohort:limit:K1", 3, Duration.ofSeconds(10), 0);
		assertThat(grants).containsExactly("local-0", "local-1", "local-2", "remote", "local-3", "local-4");
	}

	@Test
	void withoutLocalHandOffsTheOtherInstanceGoesFirst() throws Exception {
		List<String> grants = grantsAfterRelease("cohort:none:K1", 0, Duration.ofSeconds(10), 0);
		assertThat(grants).first().isEqualTo("remote");
		assertThat(grants).hasSize(LOCAL_CALLERS + 1);
	}

	@Test
	void localCallersDoNotGoAheadOfAHigherPriorityInAnotherInstance() throws Exception {
		// The remote caller's priority puts it one aging interval (100 ms, its
		// instance's default) ahead: more than the releasing instance's tolerance.
		List<String> grants = grantsAfterRelease("cohort:priority:K1", 16, Duration.ofMillis(100), 1);
		assertThat(grants).first().isEqualTo("remote");
	}

	/**
	 * A holder in this instance, a caller of the other instance in line behind it, then
	 * {@link #LOCAL_CALLERS} callers of this instance queued locally in order; the holder
	 * releases, and every caller records its grant and releases at once.
	 */
	private static List<String> grantsAfterRelease(String key, int localHandOffs, Duration agingInterval,
			int remotePriority) throws Exception {
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		provider.setLocalHandOffs(localHandOffs);
		provider.setPriorityAgingInterval(agingInterval);
		LockTemplate template = LockTemplate.builder(provider).build();
		LockRequest request = LockRequest.builder(key)
			.leaseTime(Duration.ofSeconds(30))
			.waitTime(Duration.ofSeconds(20))
			.build();
		List<String> grants = new CopyOnWriteArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(LOCAL_CALLERS + 1);
		try {
			LockHandle holder = template.acquire(request);
			LockRequest remoteRequest = LockRequest.builder(key)
				.leaseTime(Duration.ofSeconds(30))
				.waitTime(Duration.ofSeconds(20))
				.priority(remotePriority)
				.build();
			CompletableFuture<Void> remote = CompletableFuture
				.runAsync(() -> otherTemplate.execute(remoteRequest, (handle) -> grants.add("remote")), threads);
			HandOffProbes.awaitUntil(() -> redisson
				.getScoredSortedSet(RedissonLockLayout.waitersKey("lock:" + key), StringCodec.INSTANCE)
				.size() == 1, "the other instance waits in line");
			List<CompletableFuture<Void>> locals = new ArrayList<>();
			for (int i = 0; i < LOCAL_CALLERS; i++) {
				String name = "local-" + i;
				locals.add(CompletableFuture.runAsync(() -> template.execute(request, (handle) -> grants.add(name)),
						threads));
				int queued = i + 1;
				HandOffProbes.awaitUntil(() -> provider.localWaiters("lock:" + key) == queued,
						"local caller " + queued + " waits in the local queue");
			}
			holder.close();
			remote.get(20, TimeUnit.SECONDS);
			for (CompletableFuture<Void> local : locals) {
				local.get(20, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(redisson.getKeys().countExists("lock:" + key)).isZero();
		return grants;
	}

}
