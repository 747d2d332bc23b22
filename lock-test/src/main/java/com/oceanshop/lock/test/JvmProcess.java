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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A child JVM that runs a main class with the test's classpath, for tests that need a
 * second process, for example one that holds a lock and is then killed or frozen.
 * <pre class="code">
 * try (JvmProcess holder = JvmProcess.start(LockHolder.class, redis.uri(), "orders:42")) {
 *     holder.awaitOutputLine("ACQUIRED", Duration.ofSeconds(20));
 *     holder.kill();
 *     ...
 * }
 * </pre>
 * <p>
 * The child runs {@code java} from {@code java.home} with {@code -cp ${java.class.path}},
 * {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} for a fast start on small machines
 * (later {@linkplain Builder#jvmOptions(String...) JVM options} override them), standard
 * input from {@code /dev/null}, and standard output and error merged into a file that
 * {@link #output()} and {@link #awaitOutputLine} read.
 * <p>
 * The child never outlives the test JVM. Since the child runs arbitrary code, the
 * guarantee cannot rely on the child's cooperation: the child is started by a small
 * {@code sh} watchdog that kills it with {@code SIGKILL} as soon as the test JVM is gone,
 * which the watchdog notices through end-of-file on a pipe whose only writer is the test
 * JVM (the kernel closes it even when the JVM dies by {@code SIGKILL}), and, as a
 * fallback, by polling the test JVM's PID with {@code kill -0} every second. A shutdown
 * hook also kills children still running at a normal exit, and {@link RedisExtension}
 * kills those started during its test class. {@link #pid()} is the PID of the child JVM
 * itself, not of the watchdog.
 *
 * @since 0.1.0
 */
public final class JvmProcess implements AutoCloseable {

	/**
	 * Home of the Temurin 25 JDK that tests of newer JDK features (virtual threads) run
	 * their child JVMs on when the machine has it.
	 */
	public static final Path TEMURIN_25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");

	private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	private static final AtomicLong serials = new AtomicLong();

	private static final Queue<JvmProcess> started = new ConcurrentLinkedQueue<>();

	private final long serial;

	private final String mainClass;

	private final Path directory;

	private final Path outputFile;

	private final WatchedProcess process;

	private volatile @Nullable String finalOutput;

	private JvmProcess(String mainClass, Path directory, Path outputFile, WatchedProcess process) {
		this.serial = serials.incrementAndGet();
		this.mainClass = mainClass;
		this.directory = directory;
		this.outputFile = outputFile;
		this.process = process;
	}

	/**
	 * Start a child JVM running the given main class.
	 * @param mainClass the class with the {@code main} method; it must be on the current
	 * classpath
	 * @param args the program arguments
	 * @return the running process
	 */
	public static JvmProcess start(Class<?> mainClass, String... args) {
		return builder(mainClass).args(args).start();
	}

	/**
	 * Return the home of a JDK whose virtual threads do not pin their carrier while they
	 * wait inside {@code synchronized} (JDK 24 or later): {@link #TEMURIN_25} when the
	 * machine has it, else the JDK running this code when it is recent enough.
	 * @return the JDK's home, or empty when there is none
	 */
	public static Optional<Path> virtualThreadJavaHome() {
		if (hasJava(TEMURIN_25)) {
			return Optional.of(TEMURIN_25);
		}
		if (Runtime.version().feature() >= 24) {
			return Optional.of(Paths.get(System.getProperty("java.home")));
		}
		return Optional.empty();
	}

	/**
	 * Return whether a JDK is installed at the given home.
	 * @param javaHome the JDK's home
	 * @return whether it has an executable {@code bin/java}
	 */
	public static boolean hasJava(Path javaHome) {
		return Files.isExecutable(javaHome.resolve("bin").resolve("java"));
	}

	/**
	 * Return a builder for a child JVM running the given main class.
	 * @param mainClass the class with the {@code main} method
	 * @return a new builder
	 */
	public static Builder builder(Class<?> mainClass) {
		Objects.requireNonNull(mainClass, "'mainClass' must not be null");
		return new Builder(mainClass.getName());
	}

	/**
	 * Return a builder for a child JVM running the named main class.
	 * @param mainClassName the fully qualified name of the class with the {@code main}
	 * method
	 * @return a new builder
	 */
	public static Builder builder(String mainClassName) {
		Objects.requireNonNull(mainClassName, "'mainClassName' must not be null");
		return new Builder(mainClassName);
	}

	/**
	 * Return the PID of the child JVM.
	 * @return the PID
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return whether the child JVM is running. A paused child is running.
	 * @return whether the child is running
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Kill the child JVM with {@code SIGKILL}, so that no shutdown hook or
	 * {@code finally} block runs, and wait until it is gone. Does nothing if it is not
	 * running.
	 */
	public void kill() {
		if (this.process.isAlive()) {
			this.process.kill();
		}
	}

	/**
	 * Suspend the child JVM with {@code SIGSTOP}, as a long GC pause would.
	 */
	public void pause() {
		this.process.signal("STOP");
	}

	/**
	 * Continue a child JVM suspended by {@link #pause()}.
	 */
	public void resume() {
		this.process.signal("CONT");
	}

	/**
	 * Wait for the child JVM to exit.
	 * @param timeout how long to wait
	 * @return the exit code, {@code 128 + n} if signal {@code n} ended it (137 after
	 * {@link #kill()})
	 * @throws IllegalStateException if the child is still running after the timeout
	 */
	public int waitFor(Duration timeout) {
		try {
			return this.process.awaitExit(timeout);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(ex.getMessage() + "; output of " + this.mainClass + ":\n" + output(), ex);
		}
	}

	/**
	 * Wait until the child has printed a line that starts with the given prefix.
	 * @param prefix the prefix, such as {@code "ACQUIRED"}
	 * @param timeout how long to wait
	 * @return the first matching line
	 * @throws IllegalStateException if the child exits or the timeout passes without such
	 * a line
	 */
	public String awaitOutputLine(String prefix, Duration timeout) {
		Objects.requireNonNull(prefix, "'prefix' must not be null");
		return awaitOutputLine((line) -> line.startsWith(prefix), timeout);
	}

	/**
	 * Wait until the child has printed a line that matches the given predicate. Lines are
	 * searched from the start of the output each time, so the same line can match several
	 * calls.
	 * @param predicate the condition on a complete line, without its line break
	 * @param timeout how long to wait
	 * @return the first matching line
	 * @throws IllegalStateException if the child exits or the timeout passes without such
	 * a line
	 */
	public String awaitOutputLine(Predicate<String> predicate, Duration timeout) {
		Objects.requireNonNull(predicate, "'predicate' must not be null");
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			boolean exited = !this.process.isAlive();
			for (String line : lines(output(), exited)) {
				if (predicate.test(line)) {
					return line;
				}
			}
			if (exited) {
				throw new IllegalStateException(this.mainClass + " (pid " + pid()
						+ ") exited without printing the expected line; output:\n" + output());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(this.mainClass + " (pid " + pid()
						+ ") did not print the expected line within " + timeout + "; output:\n" + output());
			}
			WatchedProcess.sleep(20);
		}
	}

	/**
	 * Return everything the child has printed to standard output and error so far.
	 * @return the output
	 */
	public String output() {
		String closed = this.finalOutput;
		if (closed != null) {
			return closed;
		}
		try {
			return Files.exists(this.outputFile) ? Files.readString(this.outputFile, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the complete lines the child has printed so far.
	 * @return the lines, without line breaks
	 */
	public List<String> outputLines() {
		return lines(output(), !this.process.isAlive());
	}

	private static List<String> lines(String output, boolean includePartial) {
		List<String> lines = new ArrayList<>(Arrays.asList(output.split("\r?\n", -1)));
		String last = lines.remove(lines.size() - 1);
		if (includePartial && !last.isEmpty()) {
			lines.add(last);
		}
		return lines;
	}

	/**
	 * Kill the child JVM if it is still running and delete its output file;
	 * {@link #output()} still returns the output afterwards.
	 */
	@Override
	public void close() {
		if (this.finalOutput != null) {
			return;
		}
		kill();
		this.finalOutput = output();
		WatchedProcess.deleteRecursively(this.directory);
		started.remove(this);
	}

	static long lastSerial() {
		return serials.get();
	}

	/**
	 * Close every process started after the given serial.
	 * @param serial a value returned by {@link #lastSerial()}
	 */
	static void closeStartedAfter(long serial) {
		for (JvmProcess process : started) {
			if (process.serial > serial) {
				process.close();
			}
		}
	}

	@Override
	public String toString() {
		return "JvmProcess[" + this.mainClass + ", pid " + pid() + "]";
	}

	/**
	 * Builder for a {@link JvmProcess}.
	 */
	public static final class Builder {

		private final String mainClass;

		private final List<String> args = new ArrayList<>();

		private final List<String> jvmOptions = new ArrayList<>();

		private @Nullable Path javaHome;

		private Builder(String mainClass) {
			this.mainClass = mainClass;
		}

		/**
		 * Add program arguments.
		 * @param args the arguments
		 * @return this builder
		 */
		public Builder args(String... args) {
			this.args.addAll(Arrays.asList(args));
			return this;
		}

		/**
		 * Add JVM options, such as {@code -Xmx64m} or {@code -Dkey=value}.
		 * @param options the options
		 * @return this builder
		 */
		public Builder jvmOptions(String... options) {
			this.jvmOptions.addAll(Arrays.asList(options));
			return this;
		}

		/**
		 * Run the child on another JDK than the test's, for example a newer one whose
		 * features the test checks (virtual threads); the classes must be compiled for a
		 * release that JDK runs.
		 * @param javaHome the JDK's home directory, with {@code bin/java}
		 * @return this builder
		 */
		public Builder javaHome(Path javaHome) {
			this.javaHome = Objects.requireNonNull(javaHome, "'javaHome' must not be null");
			return this;
		}

		/**
		 * Start the child JVM. Returns as soon as the process runs; use
		 * {@link JvmProcess#awaitOutputLine} to wait until it is ready.
		 * @return the running process
		 */
		public JvmProcess start() {
			List<String> command = new ArrayList<>();
			Path home = (this.javaHome != null) ? this.javaHome : Paths.get(System.getProperty("java.home"));
			command.add(home.resolve("bin").resolve("java").toString());
			command.addAll(DEFAULT_JVM_OPTIONS);
			command.addAll(this.jvmOptions);
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(this.mainClass);
			command.addAll(this.args);
			Path directory;
			try {
				directory = Files.createTempDirectory("ocean-lock-jvm-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Path outputFile = directory.resolve("output.log");
			JvmProcess process = new JvmProcess(this.mainClass, directory, outputFile,
					WatchedProcess.start(command, outputFile, directory));
			started.add(process);
			return process;
		}

	}

}
