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

/**
 * Contract tests that every {@link com.oceanshop.lock.LockProvider} must pass, one
 * abstract class per {@link com.oceanshop.lock.LockType}: extend one, return a
 * {@link com.oceanshop.lock.LockTemplate} over the provider under test from
 * {@link com.oceanshop.lock.contract.LockContract#createTemplate()}, and run it against a
 * real server. The Redisson implementation runs them in
 * {@code Redisson*LockContractIntegrationTests}.
 * <p>
 * {@code lock-core} publishes these classes in its {@code test-jar}, so another provider
 * can depend on them: <pre class="code">
 * &lt;dependency&gt;
 *     &lt;groupId&gt;com.oceanshop.lock&lt;/groupId&gt;
 *     &lt;artifactId&gt;lock-core&lt;/artifactId&gt;
 *     &lt;type&gt;test-jar&lt;/type&gt;
 *     &lt;scope&gt;test&lt;/scope&gt;
 * &lt;/dependency&gt;
 * </pre> The contracts need JUnit Jupiter and AssertJ on the test class path, and nothing
 * else from Ocean Lock's tests.
 */
@NullMarked
package com.oceanshop.lock.contract;

import org.jspecify.annotations.NullMarked;
