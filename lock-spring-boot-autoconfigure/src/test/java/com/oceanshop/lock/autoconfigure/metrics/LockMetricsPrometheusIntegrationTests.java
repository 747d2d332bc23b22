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

package com.oceanshop.lock.autoconfigure.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.oceanshop.lock.LockAcquisitionException;
import com.oceanshop.lock.LockDeadlockException;
import com.oceanshop.lock.LockHandle;
import com.oceanshop.lock.LockLostException;
import com.oceanshop.lock.LockRequest;
import com.oceanshop.lock.LockTemplate;
import com.oceanshop.lock.test.RedisExtension;
import com.oceanshop.lock.test.RedisNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Integration tests for lock metrics as operators see them: a Spring Boot application
 * with a web server, the actuator's {@code /actuator/prometheus} endpoint and a real
 * Redis, scraped over HTTP after real lock operations. Every metric name that the
 * runbook's queries, our alert rules and our dashboard use must be in the scrape or be
 * recorded by a rule in {@code docs/prometheus/lock-alerts.yml}.
 */
class LockMetricsPrometheusIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = RedisExtension.standalone();

	/**
	 * The PromQL of the operators' runbook ("Monitoring &amp; Alerting", the daily,
	 * weekly and monthly scripts), copied as written.
	 */
	static final List<String> RUNBOOK_QUERIES = List.of("lock_failures_total / lock_acquisitions_total > 0.05",
			"avg(lock_acquisition_time_seconds) > 0.01", "rate(lock_acquisitions_total[5m])",
			"rate(lock_acquisitions_total[5m]) / (rate(lock_acquisitions_total[5m]) + rate(lock_failures_total[5m])) * 100",
			"lock_active_count",
			"rate(lock_hold_duration_seconds_sum[5m]) / rate(lock_hold_duration_seconds_count[5m])",
			"avg_over_time(lock_acquisition_time_seconds[24h])",
			"topk(10,sum by (lock_key) (increase(lock_failures_total[7d])))",
			"histogram_quantile(0.95, sum(rate(lock_hold_duration_seconds_bucket[7d])) by (le))",
			"increase(lock_acquisitions_total[7d])", "avg_over_time(lock_success_rate[7d])",
			"histogram_quantile(0.95, sum(rate(lock_acquisition_time_seconds_bucket[7d])) by (le))",
			"increase(lock_acquisitions_total[60d])-increase(lock_acquisitions_total[30d])");

	/**
	 * Metric names that ADR-022's monitoring plan asks for, as Prometheus series.
	 */
	static final List<String> ADR_SERIES = List.of("lock_acquisition_time_seconds_bucket", "lock_acquisitions_total",
			"lock_failures_total", "lock_timeouts_total", "lock_active_count", "lock_contended_total");

	static final Set<String> LABELS = Set.of("lock_key", "lock_type");

	private static final Pattern LOCK_NAME = Pattern.compile("\\block_[a-z_]+");

	private static final Pattern RECORD = Pattern.compile("^\\s*-\\s*record:\\s*(\\S+)\\s*$", Pattern.MULTILINE);

	private static final Pattern RULE_EXPR = Pattern.compile("^\\s*expr:\\s*(\\|\\s*\\n(?:\\s{10,}.*\\n)+|.*)$",
			Pattern.MULTILINE);

	private static final Pattern DASHBOARD_EXPR = Pattern.compile("\"expr\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Path DOCS = Path.of("..", "docs");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void scrapeHasEverySeriesThatRunbookAlertsAndDashboardQuery() throws Exception {
		try (ConfigurableApplicationContext context = startApplication()) {
			URI prometheus = prometheusUri(context);
			LockTemplate locks = context.getBean(LockTemplate.class);
			performLockOperations(locks, prometheus);
			String scrape = awaitScrape(prometheus, (body) -> body.contains("\nlock_redis_up 1.0")
					&& body.contains("lock_adaptive_lease_seconds{lock_key=\"inventory:reserve\"}"));

			assertThat(scrape).contains("# TYPE lock_acquisition_time_seconds histogram",
					"# TYPE lock_hold_duration_seconds histogram", "# TYPE lock_adaptive_lease_seconds gauge",
					"# TYPE lock_adaptive_wait_seconds gauge",
					"lock_adaptive_wait_seconds{lock_key=\"inventory:reserve\"}", "lock_key=\"inventory:reserve\"",
					"lock_type=\"exclusive\"");
			assertThat(scrape).doesNotContain("PROD-");
			String tags = "{lock_key=\"inventory:reserve\",lock_type=\"exclusive\"}";
			assertThat(scrape).contains("lock_acquisitions_total" + tags + " 3.0",
					"lock_timeouts_total" + tags + " 1.0", "lock_contended_total" + tags + " 1.0",
					"lock_lost_total" + tags + " 1.0", "lock_active_count" + tags + " 0.0",
					"lock_failures_total{lock_key=\"inventory:reserve\",lock_type=\"exclusive\",reason=\"timeout\"} 1.0",
					"lock_hold_duration_seconds_count" + tags + " 3");
			assertThat(scrape).contains("lock_deadlocks_total{lock_key=\"order:process\",lock_type=\"exclusive\"} 1.0",
					"lock_failures_total{lock_key=\"order:process\",lock_type=\"exclusive\",reason=\"deadlock\"} 1.0");
			assertThat(scrape).contains("lock_circuit_breaker_state{state=\"closed\"} 1.0",
					"lock_circuit_breaker_state{state=\"open\"} 0.0",
					"lock_circuit_breaker_state{state=\"half_open\"} 0.0");

			Set<String> recorded = recordedNames();
			assertThat(recorded).contains("lock_success_rate", "lock_acquisition_time_seconds");
			Set<String> queried = new TreeSet<>(ADR_SERIES);
			RUNBOOK_QUERIES.forEach((query) -> queried.addAll(lockNames(query)));
			ruleExpressions().forEach((query) -> queried.addAll(lockNames(query)));
			dashboardExpressions().forEach((query) -> queried.addAll(lockNames(query)));
			assertThat(queried).contains("lock_acquisitions_total", "lock_failures_total", "lock_active_count",
					"lock_hold_duration_seconds_sum", "lock_hold_duration_seconds_count",
					"lock_hold_duration_seconds_bucket", "lock_acquisition_time_seconds_bucket",
					"lock_acquisition_time_seconds", "lock_success_rate", "lock_redis_up", "lock_contended_total",
					"lock_lost_total", "lock_key");
			for (String name : queried) {
				if (LABELS.contains(name)) {
					assertThat(scrape).as("label %s", name).containsPattern("[{,]" + name + "=\"");
				}
				else if (!recorded.contains(name)) {
					assertThat(scrape).as("series %s", name).containsPattern("(?m)^" + name + "[{ ]");
				}
			}
		}
	}

	@Test
	void redisUpFollowsWhetherTheApplicationReachesRedis() throws Exception {
		try (ConfigurableApplicationContext context = startApplication()) {
			URI prometheus = prometheusUri(context);
			awaitScrape(prometheus, (body) -> body.contains("\nlock_redis_up 1.0"));
			RedisNode node = redis.standaloneTopology().node();
			node.pause();
			try {
				awaitScrape(prometheus, (body) -> body.contains("\nlock_redis_up 0.0"));
			}
			finally {
				node.resume();
			}
			awaitScrape(prometheus, (body) -> body.contains("\nlock_redis_up 1.0"));
		}
	}

	private ConfigurableApplicationContext startApplication() {
		RedisNode node = redis.standaloneTopology().node();
		return new SpringApplicationBuilder(MetricsApplication.class)
			.properties("spring.main.banner-mode=off", "server.address=127.0.0.1", "server.port=0",
					"management.endpoints.web.exposure.include=prometheus", "spring.data.redis.host=" + node.host(),
					"spring.data.redis.port=" + node.port(), "spring.data.redis.timeout=1s", "app.lock.max-retries=0",
					"app.lock.adaptive.enabled=true", "app.lock.adaptive.warm-up-count=1",
					"app.lock.adaptive.update-interval=200ms")
			.run();
	}

	private static URI prometheusUri(ConfigurableApplicationContext context) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
				+ "/actuator/prometheus");
	}

	/**
	 * Acquire and release; hold a lock with a short fixed lease while another thread
	 * times out on it and a third waits for it (contention); the lease then runs out, so
	 * the first holder finds its lock lost when it releases.
	 */
	private void performLockOperations(LockTemplate locks, URI prometheus) throws Exception {
		locks.execute(LockRequest.of("inventory:reserve:PROD-123"), (lock) -> null);
		// The first scrape is cold (servlet and scrape start-up): not inside the short
		// lease below, which must outlast the scrape and the timed-out attempt.
		scrape(prometheus);
		LockHandle held = locks
			.acquire(LockRequest.builder("inventory:reserve:PROD-1").leaseTime(Duration.ofSeconds(2)).build());
		assertThat(scrape(prometheus))
			.contains("lock_active_count{lock_key=\"inventory:reserve\",lock_type=\"exclusive\"} 1.0");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<LockHandle> timedOut = executor.submit(() -> locks
				.acquire(LockRequest.builder("inventory:reserve:PROD-1").waitTime(Duration.ofMillis(100)).build()));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> timedOut.get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(LockAcquisitionException.class);
			Future<Object> waited = executor.submit(() -> locks.execute(
					LockRequest.builder("inventory:reserve:PROD-1").waitTime(Duration.ofSeconds(20)).build(),
					(lock) -> null));
			waited.get(30, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		assertThatExceptionOfType(LockLostException.class).isThrownBy(held::close);
		deadlock(locks);
	}

	// Two flows nesting order:process locks in opposite orders: one victim.
	private static void deadlock(LockTemplate locks) throws Exception {
		CyclicBarrier bothHoldOne = new CyclicBarrier(2);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			List<Future<Object>> flows = List.of(executor.submit(() -> nest(locks, "A", "B", bothHoldOne)),
					executor.submit(() -> nest(locks, "B", "A", bothHoldOne)));
			int victims = 0;
			for (Future<Object> flow : flows) {
				try {
					flow.get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					assertThat(ex).hasCauseInstanceOf(LockDeadlockException.class);
					victims++;
				}
			}
			assertThat(victims).isOne();
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static @Nullable Object nest(LockTemplate locks, String first, String second, CyclicBarrier barrier) {
		LockRequest.Builder request = LockRequest.builder("order:process:" + first).waitTime(Duration.ofSeconds(30));
		return locks.execute(request.build(), (outer) -> {
			try {
				barrier.await(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return locks.execute(
					LockRequest.builder("order:process:" + second).waitTime(Duration.ofSeconds(30)).build(),
					(inner) -> null);
		});
	}

	private String scrape(URI uri) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private String awaitScrape(URI uri, Predicate<String> condition) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		String body = scrape(uri);
		while (!condition.test(body)) {
			if (System.nanoTime() - deadline > 0) {
				fail("Scrape did not reach the expected state within 30s:%n%s", body);
			}
			Thread.sleep(200);
			body = scrape(uri);
		}
		return body;
	}

	private static Set<String> lockNames(String query) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = LOCK_NAME.matcher(query);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	private static Set<String> recordedNames() throws IOException {
		Set<String> names = new TreeSet<>();
		Matcher matcher = RECORD.matcher(Files.readString(DOCS.resolve("prometheus/lock-alerts.yml")));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static List<String> ruleExpressions() throws IOException {
		List<String> expressions = RULE_EXPR.matcher(Files.readString(DOCS.resolve("prometheus/lock-alerts.yml")))
			.results()
			.map((result) -> result.group(1))
			.toList();
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
		return expressions;
	}

	private static List<String> dashboardExpressions() throws IOException {
		List<String> expressions = DASHBOARD_EXPR
			.matcher(Files.readString(DOCS.resolve("grafana/ocean-lock-dashboard.json")))
			.results()
			.map((result) -> result.group(1))
			.toList();
		assertThat(expressions).isNotEmpty();
		return expressions;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MetricsApplication {

	}

}
