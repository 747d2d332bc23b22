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

import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that runs a {@link RedisTopology} for a test class.
 * <pre class="code">
 * class LockTemplateIntegrationTests {
 *
 *     &#064;RegisterExtension
 *     static final RedisExtension redis = RedisExtension.standalone();
 *
 *     &#064;Test
 *     void lock(RedisStandalone standalone) {
 *         config.useSingleServer().setAddress(redis.standaloneTopology().uri());
 *         ...
 *     }
 *
 * }
 * </pre>
 * <p>
 * Registered on a {@code static} field, the topology starts before the first test of the
 * class (and before {@code @BeforeAll} methods) and stops after the last one, including
 * the tests of {@code @Nested} classes. Registered on an instance field, it starts and
 * stops around each test. Test and lifecycle methods and constructors can declare a
 * parameter of type {@link RedisTopology} or of the topology's own type. When the
 * topology stops, {@link JvmProcess child JVMs} started while it ran and still alive are
 * killed too.
 * <p>
 * The extension does not clear data between tests; call {@link #flushAll()} from a
 * {@code @BeforeEach} method if the tests need that.
 *
 * @since 0.1.0
 */
public final class RedisExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private final Class<? extends RedisTopology> type;

	private final Supplier<? extends RedisTopology> factory;

	private volatile @Nullable RedisTopology topology;

	private volatile @Nullable String owner;

	private volatile long jvmSerial;

	private <T extends RedisTopology> RedisExtension(Class<T> type, Supplier<T> factory) {
		this.type = type;
		this.factory = factory;
	}

	/**
	 * Create an extension that runs a {@link RedisStandalone standalone server}.
	 * @return the extension
	 */
	public static RedisExtension standalone() {
		return new RedisExtension(RedisStandalone.class, RedisStandalone::start);
	}

	/**
	 * Create an extension that runs a {@link RedisSentinelTopology Sentinel topology}
	 * with the default settings.
	 * @return the extension
	 */
	public static RedisExtension sentinel() {
		return sentinel(RedisSentinelTopology.builder());
	}

	/**
	 * Create an extension that runs a {@link RedisSentinelTopology Sentinel topology}
	 * from the given builder.
	 * @param builder the configured builder
	 * @return the extension
	 */
	public static RedisExtension sentinel(RedisSentinelTopology.Builder builder) {
		Objects.requireNonNull(builder, "'builder' must not be null");
		return new RedisExtension(RedisSentinelTopology.class, builder::start);
	}

	/**
	 * Create an extension that runs a {@link RedisClusterTopology cluster} with the
	 * default settings.
	 * @return the extension
	 */
	public static RedisExtension cluster() {
		return cluster(RedisClusterTopology.builder());
	}

	/**
	 * Create an extension that runs a {@link RedisClusterTopology cluster} from the given
	 * builder.
	 * @param builder the configured builder
	 * @return the extension
	 */
	public static RedisExtension cluster(RedisClusterTopology.Builder builder) {
		Objects.requireNonNull(builder, "'builder' must not be null");
		return new RedisExtension(RedisClusterTopology.class, builder::start);
	}

	/**
	 * Return the running topology.
	 * @return the topology
	 * @throws IllegalStateException if called outside the tests of the class
	 */
	public RedisTopology topology() {
		RedisTopology current = this.topology;
		if (current == null) {
			throw new IllegalStateException("No Redis topology is running; is the RedisExtension registered with "
					+ "@RegisterExtension and used from a test?");
		}
		return current;
	}

	/**
	 * Return the running standalone server.
	 * @return the server
	 * @throws IllegalStateException if this extension runs another kind of topology
	 */
	public RedisStandalone standaloneTopology() {
		return topology(RedisStandalone.class);
	}

	/**
	 * Return the running Sentinel topology.
	 * @return the topology
	 * @throws IllegalStateException if this extension runs another kind of topology
	 */
	public RedisSentinelTopology sentinelTopology() {
		return topology(RedisSentinelTopology.class);
	}

	/**
	 * Return the running cluster.
	 * @return the cluster
	 * @throws IllegalStateException if this extension runs another kind of topology
	 */
	public RedisClusterTopology clusterTopology() {
		return topology(RedisClusterTopology.class);
	}

	private <T extends RedisTopology> T topology(Class<T> requested) {
		if (!requested.equals(this.type)) {
			throw new IllegalStateException(
					"This extension runs a " + this.type.getSimpleName() + ", not a " + requested.getSimpleName());
		}
		return requested.cast(topology());
	}

	/**
	 * Remove all keys from every current master.
	 */
	public void flushAll() {
		topology().flushAll();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		startIfNecessary(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		startIfNecessary(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		stopIfOwner(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stopIfOwner(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> parameterType = parameterContext.getParameter().getType();
		return parameterType.equals(this.type) || parameterType.equals(RedisTopology.class);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		// A constructor of a PER_CLASS test instance is resolved before beforeAll.
		startIfNecessary(classContext(extensionContext));
		return topology();
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

	private synchronized void startIfNecessary(ExtensionContext context) {
		if (this.topology == null) {
			this.jvmSerial = JvmProcess.lastSerial();
			this.topology = this.factory.get();
			this.owner = context.getUniqueId();
		}
	}

	private synchronized void stopIfOwner(ExtensionContext context) {
		RedisTopology current = this.topology;
		if (current != null && context.getUniqueId().equals(this.owner)) {
			this.topology = null;
			this.owner = null;
			try {
				JvmProcess.closeStartedAfter(this.jvmSerial);
			}
			finally {
				current.close();
			}
		}
	}

	@Override
	public String toString() {
		return "RedisExtension[" + this.type.getSimpleName() + "]";
	}

}
