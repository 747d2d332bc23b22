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

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Locates the {@code redis-server} executable that the topologies of this module run.
 * <p>
 * The executable is, in order of preference:
 * <ol>
 * <li>the file named by the {@value #ENVIRONMENT_VARIABLE} environment variable;</li>
 * <li>{@code redis-server} on the {@code PATH}, if {@code redis-server --version} reports
 * a 7.x server;</li>
 * <li>the statically linked {@code redis-server} {@value #BUNDLED_VERSION} that the
 * {@code org.signal:embedded-redis} jar ships for the current OS and architecture,
 * extracted once into {@code ${java.io.tmpdir}/ocean-lock-redis/7.0.15/} and reused by
 * later runs.</li>
 * </ol>
 *
 * @since 0.1.0
 */
public final class RedisServerBinary {

	/**
	 * Environment variable that names the {@code redis-server} executable to use.
	 */
	public static final String ENVIRONMENT_VARIABLE = "REDIS_SERVER";

	/**
	 * Version of the {@code redis-server} bundled in the {@code embedded-redis} jar.
	 */
	public static final String BUNDLED_VERSION = "7.0.15";

	private static final String EXECUTABLE_NAME = "redis-server";

	private static volatile @Nullable Path resolved;

	private RedisServerBinary() {
	}

	/**
	 * Return the {@code redis-server} executable to run. The result is cached for the
	 * lifetime of the JVM.
	 * @return the path of the executable
	 * @throws IllegalStateException if no executable can be found
	 */
	public static Path resolve() {
		Path path = resolved;
		if (path == null) {
			synchronized (RedisServerBinary.class) {
				path = resolved;
				if (path == null) {
					path = resolve(System.getenv(), defaultCacheDirectory());
					resolved = path;
				}
			}
		}
		return path;
	}

	static Path resolve(Map<String, String> environment, Path cacheDirectory) {
		String configured = environment.get(ENVIRONMENT_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			Path path = Paths.get(configured);
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException(
						ENVIRONMENT_VARIABLE + " '" + configured + "' is not an executable file");
			}
			return path;
		}
		Path onPath = findOnPath(environment.get("PATH"));
		if (onPath != null) {
			return onPath;
		}
		return extract(cacheDirectory);
	}

	private static @Nullable Path findOnPath(@Nullable String pathVariable) {
		if (pathVariable == null) {
			return null;
		}
		for (String directory : pathVariable.split(File.pathSeparator)) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Paths.get(directory, EXECUTABLE_NAME);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				String version = version(candidate);
				if (version != null && version.contains("v=7.")) {
					return candidate;
				}
			}
		}
		return null;
	}

	/**
	 * Extract the bundled {@code redis-server} for the current platform into the given
	 * directory, unless an earlier extraction already put it there. Safe to call from
	 * concurrent threads and JVMs: the file is written under a temporary name and then
	 * atomically moved into place, so its final name never refers to a partial file.
	 * @param cacheDirectory the directory to extract into
	 * @return the path of the executable
	 */
	public static Path extract(Path cacheDirectory) {
		Path target = cacheDirectory.resolve(EXECUTABLE_NAME);
		if (Files.isExecutable(target)) {
			return target;
		}
		String resource = "/" + bundledResourceName(System.getProperty("os.name"), System.getProperty("os.arch"));
		try {
			Files.createDirectories(cacheDirectory);
			Path temporary = Files.createTempFile(cacheDirectory, EXECUTABLE_NAME + "-", ".tmp");
			try {
				try (InputStream input = RedisServerBinary.class.getResourceAsStream(resource)) {
					if (input == null) {
						throw new IllegalStateException("No " + resource + " on the classpath; add "
								+ "org.signal:embedded-redis or set " + ENVIRONMENT_VARIABLE);
					}
					Files.copy(input, temporary, StandardCopyOption.REPLACE_EXISTING);
				}
				if (!temporary.toFile().setExecutable(true, false)) {
					throw new IllegalStateException("Cannot make " + temporary + " executable");
				}
				move(temporary, target);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to extract " + resource + " to " + target, ex);
		}
		return target;
	}

	private static void move(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			try {
				Files.move(source, target);
			}
			catch (FileAlreadyExistsException alreadyExtracted) {
				// Another JVM won the race with an identical file.
			}
		}
	}

	/**
	 * Return the name of the {@code embedded-redis} resource for the given platform.
	 * @param osName the value of the {@code os.name} system property
	 * @param osArch the value of the {@code os.arch} system property
	 * @return the resource name, such as {@code redis-server-7.0.15-linux-amd64}
	 */
	static String bundledResourceName(String osName, String osArch) {
		String name = osName.toLowerCase(Locale.ROOT);
		String os;
		if (name.contains("linux")) {
			os = "linux";
		}
		else if (name.contains("mac") || name.contains("darwin")) {
			os = "darwin";
		}
		else {
			throw new IllegalStateException(
					"No bundled redis-server for OS '" + osName + "'; set " + ENVIRONMENT_VARIABLE);
		}
		String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			default -> throw new IllegalStateException(
					"No bundled redis-server for architecture '" + osArch + "'; set " + ENVIRONMENT_VARIABLE);
		};
		return "redis-server-" + BUNDLED_VERSION + "-" + os + "-" + arch;
	}

	/**
	 * Return the output of {@code redis-server --version} for the given executable, such
	 * as {@code Redis server v=7.0.15 sha=00000000:0 malloc=libc bits=64}.
	 * @param executable the executable to run
	 * @return the version line, or {@code null} if the executable does not answer within
	 * a few seconds or fails
	 */
	public static @Nullable String version(Path executable) {
		try {
			Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
			process.getOutputStream().close();
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return null;
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return (process.exitValue() != 0) ? null : output;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	static Path defaultCacheDirectory() {
		return Paths.get(System.getProperty("java.io.tmpdir"), "ocean-lock-redis", BUNDLED_VERSION);
	}

}
