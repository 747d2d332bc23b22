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

package com.oceanshop.lock.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;

import com.oceanshop.lock.DistributedLock;

/**
 * Child-JVM Spring Boot application with {@code spring.threads.virtual.enabled=true}: it
 * runs many calls of a {@link DistributedLock @DistributedLock} method on Boot's
 * {@code applicationTaskExecutor} (virtual threads on Java 21+) and prints
 * {@code RESULT virtual=<bool> calls=<n> counter=<n> maxInside=<n>}. Arguments: Redis
 * host, port, number of calls.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ RedissonAutoConfigurationV4.class, DataRedisAutoConfiguration.class,
		TaskExecutionAutoConfiguration.class, LockAutoConfiguration.class })
public class VirtualThreadsApplicationMain {

	@Bean
	StockService stockService() {
		return new StockService();
	}

	public static void main(String[] args) throws Exception {
		SpringApplication application = new SpringApplication(VirtualThreadsApplicationMain.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		int calls = Integer.parseInt(args[2]);
		try (ConfigurableApplicationContext context = application.run("--spring.threads.virtual.enabled=true",
				"--spring.data.redis.host=" + args[0], "--spring.data.redis.port=" + args[1])) {
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			StockService service = context.getBean(StockService.class);
			boolean[] virtual = { true };
			List<CompletableFuture<?>> results = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				results.add(executor.submitCompletable(() -> {
					synchronized (virtual) {
						virtual[0] &= isVirtual(Thread.currentThread());
					}
					service.reserve("P-1");
				}));
			}
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
			System.out.println("RESULT virtual=" + virtual[0] + " calls=" + calls + " counter=" + service.counter()
					+ " maxInside=" + service.maxInside());
			System.out.flush();
		}
		System.exit(0);
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	public static class StockService {

		private final AtomicInteger inside = new AtomicInteger();

		private final AtomicInteger maxInside = new AtomicInteger();

		private volatile int counter;

		@DistributedLock(key = "stock:virtual:#{#id}", waitTime = "60s")
		public void reserve(String id) {
			this.maxInside.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
			int read = this.counter;
			Thread.yield();
			this.counter = read + 1;
			this.inside.decrementAndGet();
		}

		public int counter() {
			return this.counter;
		}

		public int maxInside() {
			return this.maxInside.get();
		}

	}

}
