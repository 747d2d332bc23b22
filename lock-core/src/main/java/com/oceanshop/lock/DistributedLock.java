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

package com.oceanshop.lock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method while holding a distributed lock. <pre class="code">
 * &#64;DistributedLock(key = "inventory:reserve:#{#productId}", waitTime = "10s", leaseTime = "30s")
 * public Reservation reserve(String productId, int quantity) { ... }
 * </pre>
 * <p>
 * <b>Keys.</b> Each {@link #key() key} is a template: literal text with {@code #{...}}
 * parts that are Spring Expression Language (SpEL) expressions. An expression can use:
 * <ul>
 * <li>{@code #paramName}: a method argument by name (the code must be compiled with
 * {@code -parameters});</li>
 * <li>{@code #p0}, {@code #a0}: a method argument by index;</li>
 * <li>{@code #root.methodName}: the name of the method;</li>
 * <li>properties of those values, such as {@code #order.customer.id}, and indexing into
 * lists, arrays and maps.</li>
 * </ul>
 * Argument values are data: expressions are evaluated read-only, so they cannot call
 * methods, construct objects, reference types ({@code T(...)}) or beans, and a value that
 * looks like an expression is never evaluated. Every part must evaluate to a non-blank
 * value; a {@code null} or blank part fails with {@link InvalidLockKeyException} naming
 * the method and the expression, and nothing is locked. The resolved key must follow the
 * {@link LockKey key rules} ({@code <context>:<operation>:<id>}); its literal
 * {@code context:operation} prefix is the lock's name in metrics, logs and per-name
 * configuration. Templates are parsed once per method at startup; a template that does
 * not parse fails the application's startup.
 * <p>
 * <b>Several keys.</b> All of them are locked, always in one global order (the natural
 * order of the resolved keys), so two methods that lock the same keys in a different
 * declared order cannot deadlock each other. Each key is a lock of its own, with its own
 * metrics name, and may live in its own Redis Cluster hash slot.
 * <p>
 * <b>Transactions.</b> The lock is the outermost advice: on a method that is also
 * {@code @Transactional}, the lock is acquired before the transaction starts and released
 * after it commits or rolls back.
 * <p>
 * <b>Proxies.</b> The annotation is applied by a Spring AOP proxy (class-based or
 * interface-based), so it works on public methods called from outside the bean. An
 * annotated {@code private}, {@code static} or {@code final} method fails the
 * application's startup. Calls from the bean to itself bypass the proxy and are not
 * locked.
 * <p>
 * <b>Asynchronous methods.</b> On a method returning {@code CompletionStage} or
 * {@code CompletableFuture}, Reactor's {@code Mono} or {@code Flux}, or on a Kotlin
 * {@code suspend} function, the lock is taken without blocking a thread when the work
 * starts (on subscription for a publisher; the body of a {@code CompletionStage} method
 * then runs on the lock template's asynchronous executor) and released when the work
 * ends, normally, with an error, or by cancellation, whichever thread ends it; a lost
 * lock ends a publisher with a {@link LockLostException} error. Such a method is a scope
 * of its own: it neither re-enters nor is re-entered. A {@link #fallback() fallback}
 * returns the same type (not supported on suspend functions). Other {@code Future}s and
 * {@code Publisher}s and Kotlin {@code Flow} fail the application's startup.
 * <p>
 * Inside the method, the held lock is available from {@link LockContext#current()}, for
 * example to read its {@link LockHandle#fencingToken() fencing token}.
 * <p>
 * <b>Nesting.</b> The method is the lock's scope: an annotated method of another bean (or
 * a {@code LockTemplate} call) that locks the same key on the same thread re-enters the
 * lock instead of waiting for it, and the lock stays held until the outer method ends. A
 * nested lease never shortens the outer one.
 *
 * @since 0.1.0
 * @see LockTemplate
 * @see LockContext
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DistributedLock {

	/**
	 * Key templates of the locks to hold, each {@code <context>:<operation>:<id>} with
	 * {@code #{...}} SpEL parts, for example {@code "order:process:#{#order.id}"} or
	 * {@code "payment:charge:#{#p0}"}. Several templates lock every key, acquired in
	 * natural key order. There is no default: at least one key is required.
	 * @return the key templates
	 */
	String[] key();

	/**
	 * Kind of lock to hold. The default is {@link LockType#EXCLUSIVE}.
	 * @return the lock type
	 */
	LockType type() default LockType.EXCLUSIVE;

	/**
	 * Maximum time to wait for the lock, as a duration string such as {@code 500ms},
	 * {@code 10s} or {@code PT1M}, or a {@code ${...}} placeholder that resolves to one.
	 * {@code 0} makes a single attempt. With several keys the wait time applies to each
	 * key in turn. The default is {@code ""}: the configured wait time for the lock's
	 * name, type, or {@code app.lock.wait-time}, most specific first.
	 * @return the wait time
	 */
	String waitTime() default "";

	/**
	 * Time after which the lock expires even if the method is still running, as a
	 * duration string such as {@code 500ms}, {@code 30s} or {@code PT1M}, or a
	 * {@code ${...}} placeholder that resolves to one. {@code "auto"} keeps the lock
	 * alive while the method runs instead (auto-renewal: if the process dies, the lock
	 * expires within the configured renewal timeout). The default is {@code ""}: the
	 * configured lease for the lock's name, type, or
	 * {@code app.lock.default-ttl-seconds}, most specific first, or auto-renewal where
	 * that is configured.
	 * @return the lease time, or {@code "auto"}
	 */
	String leaseTime() default "";

	/**
	 * Number of permits to take from a {@link LockType#SEMAPHORE semaphore}; must not
	 * exceed {@link #maxPermits()}. Applies to semaphores only. The default is {@code 1}.
	 * @return the permits
	 */
	int permits() default 1;

	/**
	 * Total number of permits of a {@link LockType#SEMAPHORE semaphore}, that is, how
	 * many holders may run at once. Applies to semaphores only. The default is {@code 1}.
	 * @return the total permits
	 */
	int maxPermits() default 1;

	/**
	 * Priority among the callers waiting for the same {@link LockType#EXCLUSIVE},
	 * {@link LockType#FAIR} or {@link LockType#WRITE} lock, from
	 * {@link LockRequest#MIN_PRIORITY -1000} to {@link LockRequest#MAX_PRIORITY 1000}:
	 * when the lock is freed, a waiter of a higher priority gets it before one of a lower
	 * priority, and waiters of equal priority get it in arrival order, across instances.
	 * Waiting ages a caller, so a low priority is still served within a bound (see
	 * {@link LockRequest.Builder#priority(int)}). Read locks and semaphores ignore it.
	 * The default is {@code 0}.
	 * @return the priority, higher first
	 */
	int priority() default LockRequest.DEFAULT_PRIORITY;

	/**
	 * Name of a method on the same bean to call instead when the lock is not acquired
	 * within the wait time. It must take the same parameters as the annotated method,
	 * optionally followed by one more parameter that accepts the
	 * {@link LockAcquisitionException}, and return a compatible type. It is called on the
	 * target object, without a lock. The default is {@code ""}: no fallback, the call
	 * fails with {@link LockAcquisitionException}.
	 * @return the fallback method name
	 */
	String fallback() default "";

	/**
	 * Whether the method may run without the lock when Redis cannot be reached (after
	 * {@code app.lock.max-retries} retries, or while the circuit breaker is open),
	 * instead of failing with {@link LockUnavailableException}. Inside the method,
	 * {@link LockContext#current()} then reports {@link LockHandle#isHeld()}
	 * {@code false} and has no fencing token. Opt in only where a second line of defence
	 * (optimistic locking, a conditional update) keeps the data safe, as the fallback to
	 * optimistic locking of ADR-022. The default is {@code false}: never run unlocked.
	 * @return whether to run unlocked when Redis is unavailable
	 */
	boolean runUnlockedIfUnavailable() default false;

}
