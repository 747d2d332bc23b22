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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code docs/configuration.md} documents every property in the generated
 * configuration metadata.
 */
class ConfigurationReferenceTests {

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"((?:app\\.lock|management)[^\"]*)\"");

	@Test
	void everyPropertyInTheMetadataIsDocumented() throws IOException {
		String metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated configuration metadata").isNotNull();
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		// Properties only: the "groups" section names prefixes, the "hints" section
		// values.
		int properties = metadata.indexOf("\"properties\"");
		int hints = metadata.indexOf("\"hints\"");
		String section = metadata.substring(properties, (hints > properties) ? hints : metadata.length());
		List<String> names = new ArrayList<>();
		Matcher matcher = NAME.matcher(section);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		assertThat(names).contains("app.lock.enabled", "app.lock.default-ttl-seconds", "app.lock.max-retries",
				"app.lock.cleanup.enabled", "app.lock.cleanup.orphaned-threshold-minutes");
		String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
		assertThat(names).allSatisfy((name) -> assertThat(reference).contains("`" + name + "`"));
	}

}
