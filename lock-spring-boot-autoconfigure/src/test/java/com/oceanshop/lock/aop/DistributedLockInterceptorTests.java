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

package com.oceanshop.lock.aop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Publisher;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.InvalidLockKeyException;
import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockContext;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link DistributedLockInterceptor} applied by
 * {@link DistributedLockAnnotationBeanPostProcessor}.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistributedLockInterceptorTests {

	private final InMemoryLockOperations locks = new InMemoryLockOperations();

	private final List<GenericApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void closeContexts() {
		this.contexts.forEach(GenericApplicationContext::close);
	}

	@Test
	void keyByParameterNameLocksResolvedKey() {
		InventoryService service = bean(InventoryService.class);
		assertThat(service.reserve("PROD-123", 2)).isEqualTo("reserved PROD-123");
		assertThat(this.locks.requestedKeys()).containsExactly("inventory:reserve:PROD-123");
		assertThat(this.locks.released).containsExactly("inventory:reserve:PROD-123");
	}

	@Test
	void keyByIndexWithP0AndA0() {
		InventoryService service = bean(InventoryService.class);
		service.byIndex("A", "B");
		assertThat(this.locks.requestedKeys()).containsExactly("inventory:index:A-B");
	}

	@Test
	void keyWithRootMethodNameAndArgumentProperty() {
		InventoryService service = bean(InventoryService.class);
		service.update(new Item("SKU-9"));
		assertThat(this.locks.requestedKeys()).containsExactly("cache:update:update-SKU-9");
	}

	@Test
	void annotationAttributesBuildTheRequest() {
		InventoryService service = bean(InventoryService.class, Map.of("test.wait", "750ms"));
		service.semaphore("X");
		service.autoRenewed("Y");
		LockRequest semaphore = this.locks.requests.get(0);
		assertThat(semaphore.type()).isEqualTo(LockType.SEMAPHORE);
		assertThat(semaphore.permits()).isEqualTo(2);
		assertThat(semaphore.maxPermits()).isEqualTo(5);
		assertThat(semaphore.waitTime()).isEqualTo(Duration.ofMillis(750));
		assertThat(semaphore.leaseTime()).isEqualTo(Duration.ofMinutes(1));
		LockRequest autoRenewed = this.locks.requests.get(1);
		assertThat(autoRenewed.autoRenew()).isTrue();
		assertThat(autoRenewed.leaseTime()).isNull();
		assertThat(autoRenewed.waitTime()).isNull();
	}

	@Test
	void nullKeyPartFailsNamingMethodAndExpressionWithoutLocking() {
		InventoryService service = bean(InventoryService.class);
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> service.reserve(null, 1))
			.withMessageContaining("InventoryService.reserve()")
			.withMessageContaining("#{#productId}")
			.withMessageContaining("null");
		assertThat(this.locks.requests).isEmpty();
	}

	@Test
	void blankKeyPartFailsNamingMethodAndExpressionWithoutLocking() {
		InventoryService service = bean(InventoryService.class);
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> service.reserve("  ", 1))
			.withMessageContaining("InventoryService.reserve()")
			.withMessageContaining("#{#productId}")
			.withMessageContaining("blank");
		assertThat(this.locks.requests).isEmpty();
	}

	@Test
	void malformedAndOverlongResolvedKeysAreRejectedBeforeLocking() {
		InventoryService service = bean(InventoryService.class);
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> service.reserve("a b", 1));
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> service.reserve("*", 1));
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> service.reserve("x".repeat(201), 1));
		assertThat(this.locks.requests).isEmpty();
	}

	@Test
	void expressionThatThrowsFailsNamingTheExpression() {
		InventoryService service = bean(InventoryService.class);
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> service.firstOf(List.of()))
			.withMessageContaining("#{#ids[0]}");
		assertThat(this.locks.requests).isEmpty();
	}

	@Test
	void argumentValueThatLooksLikeAnExpressionIsData() {
		InventoryService service = bean(InventoryService.class);
		String attack = "#T(java.lang.Runtime).getRuntime().exit(1)";
		service.reserve(attack, 1);
		assertThat(this.locks.requestedKeys()).containsExactly("inventory:reserve:" + attack);
	}

	@Test
	void argumentValueThatLooksLikeATemplateIsDataAndRejectedForItsBraces() {
		InventoryService service = bean(InventoryService.class);
		String attack = "#{T(java.lang.Runtime).getRuntime().exit(1)}";
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> service.reserve(attack, 1))
			.withMessageContaining("inventory:reserve:" + attack);
		assertThat(this.locks.requestedKeys()).isEmpty();
	}

	@Test
	void keyPartOfUnsupportedTypeIsRejected() {
		InventoryService service = bean(InventoryService.class);
		assertThatExceptionOfType(InvalidLockKeyException.class).isThrownBy(() -> service.whole(new Item("A")))
			.withMessageContaining(Item.class.getName());
	}

	@Test
	void lockContextExposesHandleInsideTheMethod() {
		InventoryService service = bean(InventoryService.class);
		LockHandle handle = service.current("P-1");
		assertThat(handle.key()).isEqualTo("inventory:current:P-1");
		assertThat(LockContext.find()).isEmpty();
	}

	@Test
	void specIsPreparedOncePerMethod() {
		AtomicInteger prepared = new AtomicInteger();
		LockKeyResolver counting = (method, targetClass, templates) -> {
			prepared.incrementAndGet();
			return LockKeyResolver.standard().prepare(method, targetClass, templates);
		};
		GenericApplicationContext context = context(
				new DistributedLockAnnotationBeanPostProcessor(() -> this.locks, () -> counting), Map.of(),
				SimpleService.class);
		SimpleService service = context.getBean(SimpleService.class);
		service.run("1");
		service.run("2");
		service.run("3");
		assertThat(prepared).hasValue(1);
		assertThat(this.locks.requestedKeys()).containsExactly("simple:run:1", "simple:run:2", "simple:run:3");
	}

	@Test
	void badExpressionFailsAtStartup() {
		assertStartupFailure(BadExpressionService.class, "BadExpressionService.run()", "does not parse");
	}

	@Test
	void typeReferenceInExpressionFailsAtStartup() {
		assertStartupFailure(TypeReferenceService.class, "TypeReferenceService.run()", "T(java.lang.Runtime)");
	}

	@Test
	void methodCallOnArgumentFailsAtStartup() {
		assertStartupFailure(MethodCallService.class, "MethodCallService.run()", "no method calls");
	}

	@Test
	void unknownParameterNameFailsAtStartup() {
		assertStartupFailure(UnknownParameterService.class, "unknown variable '#productid'", "#productId");
	}

	@Test
	void keyWithoutLiteralNamePrefixFailsAtStartup() {
		assertStartupFailure(NoPrefixService.class, "NoPrefixService.run()", "<context>:<operation>:");
	}

	@Test
	void badDurationFailsAtStartup() {
		assertStartupFailure(BadDurationService.class, "BadDurationService.run()", "waitTime 'ten seconds'");
	}

	@Test
	void negativeDurationFailsAtStartup() {
		assertStartupFailure(NegativeDurationService.class, "NegativeDurationService.run()", "leaseTime '-5s'");
	}

	@Test
	void bareVariableOutsideTemplateFailsAtStartupShowingTheTemplateForm() {
		assertStartupFailure(BareVariableService.class, "BareVariableService.run()", "'#productId' outside #{...}",
				"every call would share one key", "e.g. 'inventory:reserve:#{#productId}:#{#p0}'");
	}

	@Test
	void constantKeyOnMethodWithParametersIsWarnedAboutNamingTheMethod(CapturedOutput output) {
		bean(ConstantKeyService.class).run("P-1");
		assertThat(output).contains(
				"@DistributedLock on ConstantKeyService.run(..) has the constant key " + "'report:generate:daily'",
				"every call locks the same key");
		assertThat(this.locks.requestedKeys()).containsExactly("report:generate:daily");
	}

	@Test
	void subMillisecondLeaseFailsAtStartup() {
		assertStartupFailure(SubMillisecondLeaseService.class, "SubMillisecondLeaseService.run()",
				"leaseTime '500us' must be at least 1 ms");
	}

	@Test
	void priorityIsPassedToTheRequest() {
		bean(PriorityService.class).express("Q1");
		assertThat(this.locks.requests.get(0).priority()).isEqualTo(10);
	}

	@Test
	void priorityOutsideTheRangeFailsAtStartup() {
		assertStartupFailure(OutOfRangePriorityService.class, "OutOfRangePriorityService.run()",
				"priority (1001) must be between -1000 and 1000");
	}

	@Test
	void maxPermitsBelowPermitsFailsAtStartup() {
		assertStartupFailure(PermitsService.class, "PermitsService.run()",
				"maxPermits (2) must not be below permits (3)");
	}

	@Test
	void completableFutureReturnTypeIsAccepted() {
		assertThat(AopUtils.isAopProxy(bean(CompletionStageService.class))).isTrue();
	}

	@Test
	void completableFutureSubclassReturnTypeFailsAtStartup() {
		assertStartupFailure(FutureSubclassService.class, "FutureSubclassService.run()", "declare CompletionStage");
	}

	@Test
	void futureReturnTypeFailsAtStartup() {
		assertStartupFailure(FutureService.class, "FutureService.run()", "java.util.concurrent.Future");
	}

	@Test
	void publisherReturnTypeFailsAtStartup() {
		assertStartupFailure(PublisherService.class, "PublisherService.run()", "org.reactivestreams.Publisher");
	}

	@Test
	void privateMethodFailsAtStartup() {
		assertStartupFailure(PrivateMethodService.class, "PrivateMethodService.run()", "is private");
	}

	@Test
	void finalMethodFailsAtStartup() {
		assertStartupFailure(FinalMethodService.class, "FinalMethodService.run()", "is final");
	}

	@Test
	void missingFallbackFailsAtStartup() {
		assertStartupFailure(MissingFallbackService.class, "fallback method 'nope' not found",
				"LockAcquisitionException");
	}

	@Test
	void notAcquiredThrowsLockAcquisitionExceptionByDefault() throws Exception {
		InventoryService service = bean(InventoryService.class);
		Runnable release = this.locks.holdElsewhere("inventory:reserve:BUSY");
		try {
			assertThatExceptionOfType(LockAcquisitionException.class).isThrownBy(() -> service.quick("BUSY"));
		}
		finally {
			release.run();
		}
	}

	@Test
	void notAcquiredCallsFallbackWithSameArguments() throws Exception {
		FallbackService service = bean(FallbackService.class);
		Runnable release = this.locks.holdElsewhere("order:process:ORD-1");
		try {
			assertThat(service.process("ORD-1", 3)).isEqualTo("queued ORD-1 x3");
			assertThat(service.charge("ORD-1")).startsWith("later ORD-1: Could not acquire");
		}
		finally {
			release.run();
		}
		assertThat(service.process("ORD-1", 3)).isEqualTo("processed ORD-1 x3");
	}

	@Test
	void exceptionInMethodReleasesTheLock() {
		InventoryService service = bean(InventoryService.class);
		assertThatThrownBy(() -> service.failing("F")).isInstanceOf(IllegalStateException.class).hasMessage("boom");
		assertThat(this.locks.released).containsExactly("inventory:failing:F");
		assertThat(this.locks.isLocked("inventory:failing:F")).isFalse();
	}

	@Test
	void severalKeysAreAcquiredInNaturalOrderAndReleasedInReverse() {
		TransferService service = bean(TransferService.class);
		service.transfer("B", "A");
		assertThat(this.locks.requestedKeys()).containsExactly("account:balance:A", "account:balance:B");
		assertThat(this.locks.released).containsExactly("account:balance:B", "account:balance:A");
	}

	@Test
	void severalKeysInOppositeDeclaredOrderDoNotDeadlock() throws Exception {
		TransferService service = bean(TransferService.class);
		int rounds = 200;
		CyclicBarrier barrier = new CyclicBarrier(2);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<?> forward = executor.submit(() -> {
				for (int i = 0; i < rounds; i++) {
					barrier.await(10, TimeUnit.SECONDS);
					service.transfer("A", "B");
				}
				return null;
			});
			Future<?> backward = executor.submit(() -> {
				for (int i = 0; i < rounds; i++) {
					barrier.await(10, TimeUnit.SECONDS);
					service.reverseTransfer("A", "B");
				}
				return null;
			});
			forward.get(60, TimeUnit.SECONDS);
			backward.get(60, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(service.transfers()).isEqualTo(2 * rounds);
		assertThat(service.maxConcurrent()).isEqualTo(1);
	}

	@Test
	void classBasedProxyIsLocked() {
		DistributedLockAnnotationBeanPostProcessor postProcessor = new DistributedLockAnnotationBeanPostProcessor(
				() -> this.locks);
		postProcessor.setProxyTargetClass(true);
		GenericApplicationContext context = context(postProcessor, Map.of(), GreetingServiceImpl.class);
		GreetingService service = context.getBean(GreetingService.class);
		assertThat(AopUtils.isCglibProxy(service)).isTrue();
		assertThat(service.greet("bob")).isEqualTo("hello bob");
		assertThat(service.greetInterface("ann")).isEqualTo("hi ann");
		assertThat(this.locks.requestedKeys()).containsExactly("greeting:greet:bob", "greeting:interface:ann");
	}

	@Test
	void interfaceBasedProxyIsLocked() {
		DistributedLockAnnotationBeanPostProcessor postProcessor = new DistributedLockAnnotationBeanPostProcessor(
				() -> this.locks);
		postProcessor.setProxyTargetClass(false);
		GenericApplicationContext context = context(postProcessor, Map.of(), GreetingServiceImpl.class);
		GreetingService service = context.getBean(GreetingService.class);
		assertThat(AopUtils.isJdkDynamicProxy(service)).isTrue();
		assertThat(service.greet("bob")).isEqualTo("hello bob");
		assertThat(service.greetInterface("ann")).isEqualTo("hi ann");
		assertThat(this.locks.requestedKeys()).containsExactly("greeting:greet:bob", "greeting:interface:ann");
	}

	private void assertStartupFailure(Class<?> beanClass, String... messageParts) {
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> bean(beanClass))
			.havingCause()
			.isInstanceOf(InvalidLockAnnotationException.class)
			.withMessageContaining("Invalid @DistributedLock on " + beanClass.getName())
			.satisfies((ex) -> assertThat(ex.getMessage()).contains(messageParts));
		assertThat(this.locks.requests).isEmpty();
	}

	private <T> T bean(Class<T> beanClass) {
		return bean(beanClass, Map.of());
	}

	private <T> T bean(Class<T> beanClass, Map<String, Object> properties) {
		return context(new DistributedLockAnnotationBeanPostProcessor(() -> this.locks), properties, beanClass)
			.getBean(beanClass);
	}

	private GenericApplicationContext context(DistributedLockAnnotationBeanPostProcessor postProcessor,
			Map<String, Object> properties, Class<?> beanClass) {
		GenericApplicationContext context = new GenericApplicationContext();
		this.contexts.add(context);
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		context.registerBean("lockPostProcessor", DistributedLockAnnotationBeanPostProcessor.class,
				() -> postProcessor);
		context.registerBean(beanClass);
		context.refresh();
		return context;
	}

	public record Item(String sku) {

		public String getSku() {
			return this.sku;
		}

	}

	public static class InventoryService {

		@DistributedLock(key = "inventory:reserve:#{#productId}")
		public String reserve(String productId, int quantity) {
			return "reserved " + productId;
		}

		@DistributedLock(key = "inventory:index:#{#p0}-#{#a1}")
		public void byIndex(String first, String second) {
		}

		@DistributedLock(key = "cache:update:#{#root.methodName}-#{#item.sku}")
		public void update(Item item) {
		}

		@DistributedLock(key = "inventory:first:#{#ids[0]}")
		public void firstOf(List<String> ids) {
		}

		@DistributedLock(key = "inventory:whole:#{#item}")
		public void whole(Item item) {
		}

		@DistributedLock(key = "rate:limit:#{#id}", type = LockType.SEMAPHORE, permits = 2, maxPermits = 5,
				waitTime = "${test.wait:1s}", leaseTime = "PT1M")
		public void semaphore(String id) {
		}

		@DistributedLock(key = "batch:process:#{#id}", leaseTime = "auto")
		public void autoRenewed(String id) {
		}

		@DistributedLock(key = "inventory:current:#{#id}")
		public LockHandle current(String id) {
			return LockContext.current();
		}

		@DistributedLock(key = "inventory:reserve:#{#id}", waitTime = "50ms")
		public void quick(String id) {
		}

		@DistributedLock(key = "inventory:failing:#{#id}")
		public void failing(String id) {
			throw new IllegalStateException("boom");
		}

	}

	public static class SimpleService {

		@DistributedLock(key = "simple:run:#{#id}")
		public void run(String id) {
		}

	}

	public static class FallbackService {

		@DistributedLock(key = "order:process:#{#orderId}", waitTime = "50ms", fallback = "queue")
		public String process(String orderId, int quantity) {
			return "processed " + orderId + " x" + quantity;
		}

		String queue(String orderId, int quantity) {
			return "queued " + orderId + " x" + quantity;
		}

		@DistributedLock(key = "order:process:#{#orderId}", waitTime = "0s", fallback = "later")
		public String charge(String orderId) {
			return "charged " + orderId;
		}

		public String later(String orderId, LockAcquisitionException ex) {
			return "later " + orderId + ": " + ex.getMessage();
		}

	}

	public static class TransferService {

		final AtomicInteger transfers = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		private final AtomicInteger concurrent = new AtomicInteger();

		@DistributedLock(key = { "account:balance:#{#from}", "account:balance:#{#to}" })
		public void transfer(String from, String to) {
			record();
		}

		@DistributedLock(key = { "account:balance:#{#to}", "account:balance:#{#from}" })
		public void reverseTransfer(String from, String to) {
			record();
		}

		public int transfers() {
			return this.transfers.get();
		}

		public int maxConcurrent() {
			return this.maxConcurrent.get();
		}

		private void record() {
			this.maxConcurrent.accumulateAndGet(this.concurrent.incrementAndGet(), Math::max);
			this.transfers.incrementAndGet();
			this.concurrent.decrementAndGet();
		}

	}

	public interface GreetingService {

		String greet(String name);

		@DistributedLock(key = "greeting:interface:#{#p0}")
		String greetInterface(String name);

	}

	public static class GreetingServiceImpl implements GreetingService {

		@Override
		@DistributedLock(key = "greeting:greet:#{#name}")
		public String greet(String name) {
			return "hello " + name;
		}

		@Override
		public String greetInterface(String name) {
			return "hi " + name;
		}

	}

	public static class BadExpressionService {

		@DistributedLock(key = "inventory:reserve:#{#id +}")
		public void run(String id) {
		}

	}

	public static class TypeReferenceService {

		@DistributedLock(key = "inventory:reserve:#{T(java.lang.Runtime).getRuntime()}")
		public void run(String id) {
		}

	}

	public static class MethodCallService {

		@DistributedLock(key = "inventory:reserve:#{#id.toUpperCase()}")
		public void run(String id) {
		}

	}

	public static class UnknownParameterService {

		@DistributedLock(key = "inventory:reserve:#{#productid}")
		public void run(String productId) {
		}

	}

	public static class NoPrefixService {

		@DistributedLock(key = "#{#id}")
		public void run(String id) {
		}

	}

	public static class BadDurationService {

		@DistributedLock(key = "inventory:reserve:#{#id}", waitTime = "ten seconds")
		public void run(String id) {
		}

	}

	public static class BareVariableService {

		@DistributedLock(key = "inventory:reserve:#productId:#{#p0}")
		public void run(String productId) {
		}

	}

	public static class ConstantKeyService {

		@DistributedLock(key = "report:generate:daily")
		public void run(String day) {
		}

	}

	public static class SubMillisecondLeaseService {

		@DistributedLock(key = "inventory:reserve:#{#id}", leaseTime = "500us")
		public void run(String id) {
		}

	}

	public static class NegativeDurationService {

		@DistributedLock(key = "inventory:reserve:#{#id}", leaseTime = "-5s")
		public void run(String id) {
		}

	}

	public static class PriorityService {

		@DistributedLock(key = "order:process:#{#queue}", type = LockType.FAIR, priority = 10)
		public void express(String queue) {
		}

	}

	public static class OutOfRangePriorityService {

		@DistributedLock(key = "order:process:#{#queue}", priority = 1001)
		public void run(String queue) {
		}

	}

	public static class PermitsService {

		@DistributedLock(key = "rate:limit:#{#id}", type = LockType.SEMAPHORE, permits = 3, maxPermits = 2)
		public void run(String id) {
		}

	}

	public static class CompletionStageService {

		@DistributedLock(key = "inventory:reserve:#{#id}")
		public CompletableFuture<String> run(String id) {
			return CompletableFuture.completedFuture(id);
		}

	}

	public static class FutureSubclassService {

		@DistributedLock(key = "inventory:reserve:#{#id}")
		public Subclass run(String id) {
			return new Subclass();
		}

		public static class Subclass extends CompletableFuture<String> {

		}

	}

	public static class FutureService {

		@DistributedLock(key = "inventory:reserve:#{#id}")
		public Future<String> run(String id) {
			return CompletableFuture.completedFuture(id);
		}

	}

	public static class PublisherService {

		@DistributedLock(key = "inventory:reserve:#{#id}")
		public Publisher<String> run(String id) {
			return (subscriber) -> {
			};
		}

	}

	public static class PrivateMethodService {

		public void call(String id) {
			run(id);
		}

		@DistributedLock(key = "inventory:reserve:#{#id}")
		private void run(String id) {
		}

	}

	public static class FinalMethodService {

		@DistributedLock(key = "inventory:reserve:#{#id}")
		public final void run(String id) {
		}

	}

	public static class MissingFallbackService {

		@DistributedLock(key = "inventory:reserve:#{#id}", fallback = "nope")
		public void run(String id) {
		}

	}

}
