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

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * Creates caller threads: virtual threads when the JDK has them (21+), platform threads
 * otherwise. The module compiles for Java 17, so virtual threads are reached through
 * reflection.
 *
 * @since 0.1.0
 */
public final class Callers {

	private static final @Nullable ThreadFactory VIRTUAL = virtualThreadFactory();

	private Callers() {
	}

	/**
	 * Return whether virtual threads are available.
	 * @return {@code true} on Java 21 and later
	 */
	public static boolean virtualThreads() {
		return VIRTUAL != null;
	}

	/**
	 * Create an unstarted caller thread.
	 * @param virtual whether a virtual thread is wanted, if available
	 * @param name the thread name
	 * @param body what the thread runs
	 * @return the thread
	 */
	public static Thread newThread(boolean virtual, String name, Runnable body) {
		ThreadFactory factory = VIRTUAL;
		Thread thread;
		if (virtual && factory != null) {
			thread = factory.newThread(body);
			thread.setName(name);
		}
		else {
			thread = new Thread(body, name);
			thread.setDaemon(true);
		}
		return thread;
	}

	private static @Nullable ThreadFactory virtualThreadFactory() {
		try {
			Method ofVirtual = Thread.class.getMethod("ofVirtual");
			Object builder = ofVirtual.invoke(null);
			Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
			return (ThreadFactory) factory.invoke(builder);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
