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

package com.oceanshop.lock.aop

import com.oceanshop.lock.DistributedLock
import com.oceanshop.lock.LockTemplate
import com.oceanshop.lock.autoconfigure.LockAutoConfiguration
import com.oceanshop.lock.test.RedisExtension
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatExceptionOfType
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.redisson.spring.starter.RedissonAutoConfigurationV4
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/**
 * Integration tests for [DistributedLock] on Kotlin suspend functions, against a real
 * Redis: exclusion, release on error and on cancellation of the coroutine.
 */
class DistributedLockCoroutinesIntegrationTests {

	companion object {

		@JvmField
		@RegisterExtension
		val redis: RedisExtension = RedisExtension.standalone()

	}

	private val contextRunner = ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4::class.java,
				DataRedisAutoConfiguration::class.java, LockAutoConfiguration::class.java))
		.withPropertyValues("spring.data.redis.host=" + redis.standaloneTopology().node().host(),
				"spring.data.redis.port=" + redis.standaloneTopology().node().port())
		.withBean(SuspendingStockService::class.java)

	@Test
	fun suspendFunctionsExcludeEachOther() {
		contextRunner.run { context ->
			val service = context.getBean(SuspendingStockService::class.java)
			val template = context.getBean(LockTemplate::class.java)
			val results = runBlocking {
				(1..20).map { async(Dispatchers.Default) { service.reserve("P-1") } }.awaitAll()
			}
			assertThat(results).hasSize(20).doesNotHaveDuplicates()
			assertThat(service.maxInside()).isEqualTo(1)
			assertThat(template.isLocked("stock:suspend:P-1")).isFalse()
			assertThat(runBlocking { service.heldInside("P-2", template) }).isTrue()
			assertThat(template.isLocked("stock:suspend:P-2")).isFalse()
		}
	}

	@Test
	fun errorReleasesTheLock() {
		contextRunner.run { context ->
			val service = context.getBean(SuspendingStockService::class.java)
			val template = context.getBean(LockTemplate::class.java)
			assertThatExceptionOfType(IllegalStateException::class.java)
				.isThrownBy { runBlocking { service.failing("E-1") } }
				.withMessage("out of stock")
			assertThat(template.isLocked("stock:suspend:E-1")).isFalse()
		}
	}

	@Test
	fun cancellationReleasesTheLock() {
		contextRunner.run { context ->
			val service = context.getBean(SuspendingStockService::class.java)
			val template = context.getBean(LockTemplate::class.java)
			runBlocking {
				val job = launch(Dispatchers.Default) { service.hang("C-1") }
				withTimeout(10_000) {
					while (!template.isLocked("stock:suspend:C-1")) {
						delay(20)
					}
				}
				job.cancelAndJoin()
				withTimeout(10_000) {
					while (template.isLocked("stock:suspend:C-1")) {
						delay(20)
					}
				}
			}
			assertThat(template.isLocked("stock:suspend:C-1")).isFalse()
		}
	}

	@Test
	fun cancellationResumesTheCallerOnce() {
		contextRunner.run { context ->
			val service = context.getBean(SuspendingStockService::class.java)
			val template = context.getBean(LockTemplate::class.java)
			// A continuation resumed twice fails inside the coroutine machinery, which
			// reports it to the context's exception handler.
			val failures = CopyOnWriteArrayList<Throwable>()
			val handler = CoroutineExceptionHandler { _, failure -> failures.add(failure) }
			runBlocking {
				for (i in 1..200) {
					val key = "stock:suspend:R-$i"
					val job = launch(Dispatchers.Default + handler) { service.hang("R-$i") }
					withTimeout(10_000) {
						while (!template.isLocked(key)) {
							// Cancel at once, after a millisecond, or a little later.
							delay((i % 3).toLong() * (i % 3).toLong())
						}
					}
					job.cancelAndJoin()
					withTimeout(10_000) {
						while (template.isLocked(key)) {
							delay(5)
						}
					}
				}
			}
			assertThat(failures).isEmpty()
		}
	}

	open class SuspendingStockService {

		private val inside = AtomicInteger()

		private val maxInside = AtomicInteger()

		@Volatile
		private var counter = 0

		open fun maxInside(): Int = maxInside.get()

		@DistributedLock(key = ["stock:suspend:#{#id}"], waitTime = "30s")
		open suspend fun reserve(id: String): Int {
			maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max)
			val read = counter
			// Suspends: another thread may resume this coroutine.
			delay(2)
			counter = read + 1
			inside.decrementAndGet()
			return read
		}

		@DistributedLock(key = ["stock:suspend:#{#id}"])
		open suspend fun heldInside(id: String, template: LockTemplate): Boolean {
			delay(1)
			return template.isLocked("stock:suspend:$id")
		}

		@DistributedLock(key = ["stock:suspend:#{#id}"])
		open suspend fun failing(id: String): String {
			delay(1)
			throw IllegalStateException("out of stock")
		}

		@DistributedLock(key = ["stock:suspend:#{#id}"])
		open suspend fun hang(id: String): String {
			awaitCancellation()
		}

	}

}
