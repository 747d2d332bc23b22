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

package com.oceanshop.lock.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import reactor.core.publisher.Mono;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockListener;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.LockType;
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration;
import com.oceanshop.lock.metrics.MicrometerLockListener;
import com.oceanshop.lock.reactive.ReactiveLockTemplate;
import com.oceanshop.lock.redisson.RedissonLockProvider;
import com.oceanshop.lock.redisson.WireProbe;

/**
 * Builds every {@link Contender} over one Redis and closes what they opened.
 *
 * @since 0.1.0
 */
public final class Contenders implements AutoCloseable {

	/**
	 * Fixed lease of every lock that is not auto-renewed.
	 */
	public static final Duration LEASE = Duration.ofSeconds(10);

	private static final String COMPARE_AND_DELETE = """
			if redis.call('get', KEYS[1]) == ARGV[1] then
				return redis.call('del', KEYS[1])
			end
			return 0
			""";

	/**
	 * Instances (Redisson clients, each with its own provider) of the multi-instance
	 * contenders ({@code *-4i}).
	 */
	static final int INSTANCES = 4;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<Contender> all = new ArrayList<>();

	/**
	 * Build every contender.
	 * @param redisson the Redisson client with Redisson's default configuration, shared
	 * by raw Redisson and Ocean Lock
	 * @param host the Redis host
	 * @param port the Redis port
	 * @param registry the meter registry for Ocean Lock's metrics
	 * @param waitTime the wait time of the annotated method
	 */
	public Contenders(RedissonClient redisson, RedissonClient tuned, String host, int port, MeterRegistry registry,
			Duration waitTime) {
		addRedisson(redisson);
		addRegistry(host, port);
		addFloor(host, port);
		addWire(host, port);
		addOcean(redisson, registry);
		addAnnotated(redisson, registry, waitTime);
		addTuned(tuned, registry);
		addInstances(host, port, registry);
	}

	// Several instances on one key: each caller uses one of INSTANCES clients (by
	// thread),
	// so waiters of different instances meet in Redis, as in a service with replicas.
	// The clients are created on first use, so runs that do not select them pay nothing.
	private void addInstances(String host, int port, MeterRegistry registry) {
		List<RedissonClient> clients = new ArrayList<>();
		List<LockTemplate> templates = new ArrayList<>();
		Runnable start = () -> {
			synchronized (clients) {
				while (clients.size() < INSTANCES) {
					Config config = new Config();
					config.useSingleServer().setAddress("redis://" + host + ":" + port);
					RedissonClient client = Redisson.create(config);
					this.resources.add(client::shutdown);
					RedissonLockProvider provider = new RedissonLockProvider(client);
					this.resources.add(provider);
					clients.add(client);
					templates
						.add(LockTemplate.builder(provider).listener(new MicrometerLockListener(registry)).build());
				}
			}
		};
		long lease = LEASE.toMillis();
		add("redisson-lock-4i", "redisson", null, true, (key, wait, action) -> {
			start.run();
			return runLocked(clients.get(instance()).getLock(key), wait, lease, action);
		});
		add("redisson-fair-4i", "redisson", null, true, (key, wait, action) -> {
			start.run();
			return runLocked(clients.get(instance()).getFairLock(key), wait, lease, action);
		});
		for (LockType type : List.of(LockType.EXCLUSIVE, LockType.FAIR)) {
			String name = (type == LockType.FAIR) ? "ocean-fair-4i" : "ocean-exclusive-4i";
			String baseline = (type == LockType.FAIR) ? "redisson-fair-4i" : "redisson-lock-4i";
			add(name, "ocean", baseline, true, (key, wait, action) -> {
				start.run();
				return runTemplate(templates.get(instance()), key, wait, type, action);
			});
		}
	}

	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	private static int instance() {
		return (int) (Thread.currentThread().getId() % INSTANCES);
	}

	private static boolean runTemplate(LockTemplate template, String key, long wait, LockType type, Runnable action) {
		try {
			return template.execute(
					LockRequest.builder(key).type(type).waitTime(Duration.ofMillis(wait)).leaseTime(LEASE).build(),
					(handle) -> {
						action.run();
						return true;
					});
		}
		catch (LockAcquisitionException ex) {
			return false;
		}
	}

	private void addTuned(RedissonClient tuned, MeterRegistry registry) {
		long lease = LEASE.toMillis();
		add("redisson-tuned", "redisson", null, true,
				(key, wait, action) -> runLocked(tuned.getLock(key), wait, lease, action));
		RedissonLockProvider provider = new RedissonLockProvider(tuned);
		provider.setCommandPipelining(Boolean.parseBoolean(System.getProperty("bench.pipelining", "true")));
		this.resources.add(provider);
		LockTemplate template = LockTemplate.builder(provider).listener(new MicrometerLockListener(registry)).build();
		addTemplate("ocean-tuned", "redisson-tuned", template, LockType.EXCLUSIVE, false, false);
		// The same, with every lock command through Redisson's connection pool: what the
		// lock command pipeline (RedissonLockProvider.setCommandPipelining) saves.
		RedissonLockProvider unpipelined = new RedissonLockProvider(tuned);
		unpipelined.setCommandPipelining(false);
		this.resources.add(unpipelined);
		addTemplate("ocean-unpipelined", "redisson-tuned",
				LockTemplate.builder(unpipelined).listener(new MicrometerLockListener(registry)).build(),
				LockType.EXCLUSIVE, false, false);
	}

	/**
	 * Return every contender, in report order.
	 * @return the contenders
	 */
	public List<Contender> all() {
		return this.all;
	}

	private void addRedisson(RedissonClient redisson) {
		long lease = LEASE.toMillis();
		add("redisson-lock", "redisson", null, true,
				(key, wait, action) -> runLocked(redisson.getLock(key), wait, lease, action));
		add("redisson-watchdog", "redisson", null, true,
				(key, wait, action) -> runLocked(redisson.getLock(key), wait, -1, action));
		add("redisson-fair", "redisson", null, true,
				(key, wait, action) -> runLocked(redisson.getFairLock(key), wait, lease, action));
		add("redisson-read", "redisson", null, false,
				(key, wait, action) -> runLocked(redisson.getReadWriteLock(key).readLock(), wait, lease, action));
		add("redisson-write", "redisson", null, true,
				(key, wait, action) -> runLocked(redisson.getReadWriteLock(key).writeLock(), wait, lease, action));
		Set<String> initialized = ConcurrentHashMap.newKeySet();
		add("redisson-semaphore", "redisson", null, false, (key, wait, action) -> {
			RPermitExpirableSemaphore semaphore = redisson.getPermitExpirableSemaphore(key);
			if (initialized.add(key)) {
				semaphore.trySetPermits(4);
			}
			String permit = semaphore.tryAcquire(wait, lease, TimeUnit.MILLISECONDS);
			if (permit == null) {
				return false;
			}
			try {
				action.run();
			}
			finally {
				semaphore.release(permit);
			}
			return true;
		});
	}

	private static boolean runLocked(RLock lock, long wait, long lease, Runnable action) throws InterruptedException {
		if (!lock.tryLock(wait, lease, TimeUnit.MILLISECONDS)) {
			return false;
		}
		try {
			action.run();
		}
		finally {
			lock.unlock();
		}
		return true;
	}

	private void addRegistry(String host, int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		this.resources.add(factory::destroy);
		for (RedisLockRegistry.RedisLockType type : RedisLockRegistry.RedisLockType.values()) {
			String name = (type == RedisLockRegistry.RedisLockType.SPIN_LOCK) ? "sir-spin" : "sir-pubsub";
			RedisLockRegistry registry = new RedisLockRegistry(factory, name, LEASE.toMillis());
			registry.setRedisLockType(type);
			this.resources.add(registry::destroy);
			add(name, "peer", null, true, (key, wait, action) -> {
				Lock lock = registry.obtain(key);
				if (!lock.tryLock(wait, TimeUnit.MILLISECONDS)) {
					return false;
				}
				try {
					action.run();
				}
				finally {
					lock.unlock();
				}
				return true;
			});
		}
	}

	private void addFloor(String host, int port) {
		RedisClient client = RedisClient.create("redis://" + host + ":" + port);
		StatefulRedisConnection<String, String> connection = client.connect();
		this.resources.add(client::shutdown);
		this.resources.add(connection::close);
		RedisCommands<String, String> commands = connection.sync();
		String sha = commands.scriptLoad(COMPARE_AND_DELETE);
		SetArgs nxPx = SetArgs.Builder.nx().px(LEASE.toMillis());
		AtomicLong tokens = new AtomicLong();
		// Plain client-side spinning: the floor has no queue and no notification.
		add("floor", "floor", null, true, (key, wait, action) -> {
			String token = Long.toString(tokens.incrementAndGet());
			return spinLocked(wait, () -> commands.set(key, token, nxPx) != null, action,
					() -> commands.evalsha(sha, ScriptOutputType.INTEGER, new String[] { key }, token));
		});
	}

	// What the connection, the scripts and the layers above them each cost: the floor's
	// commands and Ocean Lock's two scripts straight over the lock command pipeline's
	// connection (WireProbe), against the floor (Lettuce) and ocean-tuned in the same
	// run.
	private void addWire(String host, int port) {
		WireProbe probe;
		try {
			probe = WireProbe.open(host, port, COMPARE_AND_DELETE);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Unable to open the wire probe's connection to Redis", ex);
		}
		this.resources.add(probe);
		AtomicLong tokens = new AtomicLong();
		long lease = LEASE.toMillis();
		add("wire-floor", "floor", null, true, (key, wait, action) -> {
			String token = Long.toString(tokens.incrementAndGet());
			return spinLocked(wait, () -> probe.floorAcquire(key, token, lease), action,
					() -> probe.floorRelease(key, token));
		});
		add("wire-ocean", "floor", null, true, (key, wait, action) -> {
			String holder = "wire-probe:" + tokens.incrementAndGet();
			return spinLocked(wait, () -> probe.acquire(key, holder, lease), action, () -> probe.release(key, holder));
		});
	}

	// Acquire by spinning on the client (every 0.5 ms), run the action, release.
	private static boolean spinLocked(long wait, SpinAcquire acquire, Runnable action, SpinRelease release) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
		try {
			while (!acquire.call()) {
				if (System.nanoTime() - deadline >= 0) {
					return false;
				}
				LockSupport.parkNanos(500_000);
			}
			try {
				action.run();
			}
			finally {
				release.run();
			}
			return true;
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Lock command failed: " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface SpinAcquire {

		boolean call() throws Exception;

	}

	@FunctionalInterface
	private interface SpinRelease {

		void run() throws Exception;

	}

	private void addOcean(RedissonClient redisson, MeterRegistry registry) {
		RedissonLockProvider provider = new RedissonLockProvider(redisson);
		// -Dbench.deadlockDetection=false measures the cost of deadlock detection.
		provider.setDeadlockDetection(Boolean.parseBoolean(System.getProperty("bench.deadlockDetection", "true")));
		// -Dbench.pipelining=false sends every lock command through Redisson's pool.
		provider.setCommandPipelining(Boolean.parseBoolean(System.getProperty("bench.pipelining", "true")));
		this.resources.add(provider);
		LockTemplate metered = LockTemplate.builder(provider).listener(new MicrometerLockListener(registry)).build();
		LockTemplate bare = LockTemplate.builder(provider).listener(LockListener.NO_OP).build();
		addTemplate("ocean-exclusive", "redisson-lock", metered, LockType.EXCLUSIVE, false, false);
		addTemplate("ocean-bare", "redisson-lock", bare, LockType.EXCLUSIVE, false, false);
		addTemplate("ocean-fenced", "redisson-lock", metered, LockType.EXCLUSIVE, false, true);
		addTemplate("ocean-auto", "redisson-watchdog", metered, LockType.EXCLUSIVE, true, false);
		addTemplate("ocean-fair", "redisson-fair", metered, LockType.FAIR, false, false);
		addTemplate("ocean-read", "redisson-read", metered, LockType.READ, false, false);
		addTemplate("ocean-write", "redisson-write", metered, LockType.WRITE, false, false);
		addTemplate("ocean-semaphore", "redisson-semaphore", metered, LockType.SEMAPHORE, false, false);
		addAsync(metered);
	}

	// The asynchronous and reactive paths: the calling thread only waits for the result;
	// the lock wait itself holds no thread.
	private void addAsync(LockTemplate template) {
		ReactiveLockTemplate reactive = new ReactiveLockTemplate(template);
		add("ocean-async", "ocean", "redisson-lock", true, (key, wait, action) -> {
			try {
				return template.executeAsync(request(key, wait), (handle) -> {
					action.run();
					return CompletableFuture.completedFuture(true);
				}).join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof LockAcquisitionException) {
					return false;
				}
				throw ex;
			}
		});
		add("ocean-reactive", "ocean", "redisson-lock", true, (key, wait, action) -> {
			try {
				return Boolean.TRUE
					.equals(reactive.locked(request(key, wait), Mono.fromRunnable(action).thenReturn(true)).block());
			}
			catch (LockAcquisitionException ex) {
				return false;
			}
		});
	}

	private static LockRequest request(String key, long waitMillis) {
		return LockRequest.builder(key).waitTime(Duration.ofMillis(waitMillis)).leaseTime(LEASE).build();
	}

	private void addTemplate(String name, String baseline, LockTemplate template, LockType type, boolean autoRenew,
			boolean fenced) {
		boolean mutex = type == LockType.EXCLUSIVE || type == LockType.FAIR || type == LockType.WRITE;
		add(name, "ocean", baseline, mutex, (key, wait, action) -> {
			LockRequest.Builder builder = LockRequest.builder(key).type(type).waitTime(Duration.ofMillis(wait));
			if (autoRenew) {
				builder.autoRenew();
			}
			else {
				builder.leaseTime(LEASE);
			}
			if (type == LockType.SEMAPHORE) {
				builder.maxPermits(4);
			}
			try {
				return template.execute(builder.build(), (handle) -> {
					if (fenced) {
						handle.fencingToken();
					}
					action.run();
					return true;
				});
			}
			catch (LockAcquisitionException ex) {
				return false;
			}
		});
	}

	private void addAnnotated(RedissonClient redisson, MeterRegistry registry, Duration waitTime) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AnnotatedConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(Map.of("bench.wait-time", waitTime.toMillis() + "ms"))
			.initializers((applicationContext) -> {
				applicationContext.getBeanFactory().registerSingleton("redissonClient", redisson);
				applicationContext.getBeanFactory()
					.registerSingleton("micrometerLockListener", new MicrometerLockListener(registry));
			})
			.run();
		this.resources.add(context::close);
		AnnotatedLockService service = context.getBean(AnnotatedLockService.class);
		String prefix = "bench:ocean-annotated:";
		add("ocean-annotated", "ocean", "redisson-lock", true, (key, wait, action) -> {
			try {
				return service.run(key.substring(prefix.length()), action);
			}
			catch (LockAcquisitionException ex) {
				return false;
			}
		});
	}

	private void add(String name, String group, @Nullable String baseline, boolean mutex, Contender.Runner runner) {
		this.all.add(new Contender(name, group, (baseline != null) ? baseline : name, mutex, runner));
	}

	@Override
	public void close() {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Exception ex) {
				// Best effort: the benchmark is ending.
			}
		}
	}

	/**
	 * Spring configuration of the annotated contender: Ocean Lock's auto-configuration
	 * over the shared Redisson client.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(LockAutoConfiguration.class)
	static class AnnotatedConfiguration {

		@Bean
		AnnotatedLockService annotatedLockService() {
			return new AnnotatedLockService();
		}

	}

}
