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

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.function.SingletonSupplier;

import com.oceanshop.lock.DistributedLock;
import com.oceanshop.lock.LockOperations;
import com.oceanshop.lock.LockReleaseDeferral;

/**
 * Bean post-processor that applies {@link DistributedLock @DistributedLock} to annotated
 * methods of beans, through a proxy whose lock advice runs before every other advisor (so
 * the lock wraps {@code @Transactional}).
 * <p>
 * Every annotated method of a bean is checked when the bean is initialized: a key
 * template that does not parse, a bad duration, an unsupported return type, a missing
 * fallback, or a {@code private}, {@code static} or {@code final} method (which a proxy
 * cannot intercept) fails with {@link InvalidLockAnnotationException}, so a lock is never
 * silently skipped. The lock operations and key resolver are looked up on first use.
 *
 * @since 0.1.0
 */
public class DistributedLockAnnotationBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private final Supplier<? extends LockOperations> lockOperations;

	private final Supplier<LockKeyResolver> keyResolver;

	private volatile Supplier<? extends LockReleaseDeferral> releaseDeferral = () -> LockReleaseDeferral.NONE;

	private final Set<Class<?>> checkedClasses = ConcurrentHashMap.newKeySet();

	private volatile DistributedLockInterceptor interceptor;

	/**
	 * Create a post-processor with the {@link LockKeyResolver#standard() standard} key
	 * resolver.
	 * @param lockOperations supplier of the lock operations, called on first use
	 */
	public DistributedLockAnnotationBeanPostProcessor(Supplier<? extends LockOperations> lockOperations) {
		this(lockOperations, LockKeyResolver::standard);
	}

	/**
	 * Create a post-processor.
	 * @param lockOperations supplier of the lock operations, called on first use
	 * @param keyResolver supplier of the key resolver, called when the first annotated
	 * method is checked
	 */
	public DistributedLockAnnotationBeanPostProcessor(Supplier<? extends LockOperations> lockOperations,
			Supplier<? extends LockKeyResolver> keyResolver) {
		this.lockOperations = Objects.requireNonNull(lockOperations, "'lockOperations' must not be null");
		Objects.requireNonNull(keyResolver, "'keyResolver' must not be null");
		this.keyResolver = SingletonSupplier.of(keyResolver::get);
		// The lock must be the outermost advice: acquired before a transaction starts,
		// released after it commits or rolls back.
		setBeforeExistingAdvisors(true);
		this.interceptor = new DistributedLockInterceptor(this.lockOperations, this.keyResolver, null,
				this::releaseDeferral);
		this.advisor = createAdvisor(this.interceptor);
	}

	/**
	 * Set what decides when the locks of a finished method are released, looked up on
	 * each call; by default they are released when the method returns.
	 * @param releaseDeferral supplier of the release deferral
	 */
	public void setReleaseDeferral(Supplier<? extends LockReleaseDeferral> releaseDeferral) {
		this.releaseDeferral = Objects.requireNonNull(releaseDeferral, "'releaseDeferral' must not be null");
	}

	private LockReleaseDeferral releaseDeferral() {
		return this.releaseDeferral.get();
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.interceptor = new DistributedLockInterceptor(this.lockOperations, this.keyResolver,
					configurable::resolveEmbeddedValue, this::releaseDeferral);
			this.advisor = createAdvisor(this.interceptor);
		}
	}

	private static DefaultPointcutAdvisor createAdvisor(DistributedLockInterceptor interceptor) {
		return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, DistributedLock.class, true),
				interceptor);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof AopInfrastructureBean)) {
			check(AopProxyUtils.ultimateTargetClass(bean));
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	private void check(Class<?> targetClass) {
		if (!this.checkedClasses.add(targetClass)) {
			return;
		}
		ReflectionUtils.doWithMethods(targetClass, (method) -> checkMethod(method, targetClass),
				// Synthetic: Kotlin's static $suspendImpl copy of an open suspend
				// function
				// carries its annotations but is never called through the proxy.
				(method) -> !method.isBridge() && !method.isSynthetic() && method.getDeclaringClass() != Object.class);
	}

	private void checkMethod(Method method, Class<?> targetClass) {
		if (AnnotatedElementUtils.hasAnnotation(method, DistributedLock.class)) {
			try {
				this.interceptor.getSpec(method, targetClass);
			}
			catch (RuntimeException ex) {
				this.checkedClasses.remove(targetClass);
				throw ex;
			}
		}
	}

}
