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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.common.CompositeStringExpression;
import org.springframework.expression.common.LiteralExpression;
import org.springframework.expression.common.TemplateParserContext;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpDec;
import org.springframework.expression.spel.ast.OpInc;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

import com.oceanshop.lock.InvalidLockKeyException;
import com.oceanshop.lock.LockKey;

/**
 * The standard {@link LockKeyResolver}: {@code #{...}} parts of a key template are SpEL
 * expressions over the method's arguments, parsed once and evaluated with
 * {@link SimpleEvaluationContext#forReadOnlyDataBinding() a read-only data-binding
 * context}. Type references, constructors, method calls, bean references and assignments
 * are rejected when the template is prepared, and the evaluation context could not run
 * them anyway: argument values are data.
 */
final class LockKeyExpressionEvaluator implements LockKeyResolver {

	/**
	 * Longest key template accepted.
	 */
	static final int MAX_TEMPLATE_LENGTH = 500;

	private static final Pattern NAME_PREFIX = Pattern.compile("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*:.*", Pattern.DOTALL);

	private static final Pattern INDEXED_ARGUMENT = Pattern.compile("[pa](\\d+)");

	private static final List<Class<? extends SpelNode>> FORBIDDEN_NODES = List.of(TypeReference.class,
			ConstructorReference.class, MethodReference.class, FunctionReference.class, BeanReference.class,
			Assign.class, OpInc.class, OpDec.class);

	private static final Pattern BARE_VARIABLE = Pattern.compile("#(?:root\\.[A-Za-z_$][\\w$]*|[A-Za-z_$][\\w$]*)");

	// The same, where not already inside '#{': for the corrected template in messages.
	private static final Pattern BARE_VARIABLE_TO_WRAP = Pattern.compile("(?<!\\{)" + BARE_VARIABLE.pattern());

	private static final Log logger = LogFactory.getLog(LockKeyExpressionEvaluator.class);

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final TemplateParserContext templateContext = new TemplateParserContext("#{", "}");

	private final ParameterNameDiscoverer parameterNames;

	LockKeyExpressionEvaluator() {
		this(new DefaultParameterNameDiscoverer());
	}

	LockKeyExpressionEvaluator(ParameterNameDiscoverer parameterNames) {
		this.parameterNames = parameterNames;
	}

	@Override
	public Keys prepare(Method method, Class<?> targetClass, List<String> templates) {
		@Nullable String[] names = this.parameterNames.getParameterNames(method);
		List<Template> prepared = new ArrayList<>(templates.size());
		for (String template : templates) {
			prepared.add(prepare(method, template, names));
		}
		String methodName = method.getName();
		String description = InvalidLockAnnotationException.describe(method);
		List<Template> all = List.copyOf(prepared);
		return (arguments) -> {
			SimpleEvaluationContext context = createContext(methodName, names, arguments);
			List<String> keys = new ArrayList<>(all.size());
			for (Template template : all) {
				keys.add(template.resolve(context, description));
			}
			return keys;
		};
	}

	private Template prepare(Method method, String template, @Nullable String[] names) {
		if (template == null || template.isBlank()) {
			throw new IllegalArgumentException("key template must not be blank");
		}
		if (template.length() > MAX_TEMPLATE_LENGTH) {
			throw new IllegalArgumentException("key template '" + template.substring(0, 60) + "...' has "
					+ template.length() + " characters; at most " + MAX_TEMPLATE_LENGTH + " are allowed");
		}
		if (!NAME_PREFIX.matcher(template).matches()) {
			throw new IllegalArgumentException("key template '" + template
					+ "' must start with a literal '<context>:<operation>:' prefix matching [a-z][a-z0-9-]*, "
					+ "e.g. 'inventory:reserve:#{#productId}'; the prefix is the lock's name in metrics and configuration");
		}
		Expression expression;
		try {
			expression = this.parser.parseExpression(template, this.templateContext);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("key template '" + template + "' does not parse: " + ex.getMessage(),
					ex);
		}
		Expression[] parts = (expression instanceof CompositeStringExpression composite) ? composite.getExpressions()
				: new Expression[] { expression };
		for (Expression part : parts) {
			if (part instanceof SpelExpression spel) {
				check(method, template, spel.getExpressionString(), spel.getAST(), names);
			}
		}
		for (Expression part : parts) {
			if (part instanceof LiteralExpression literal) {
				checkNoBareVariable(template, literal.getExpressionString());
			}
		}
		if (parts.length == 1 && parts[0] instanceof LiteralExpression) {
			// A constant key is checked now rather than on the first call.
			LockKey.parse(template);
			if (method.getParameterCount() > 0) {
				logger.warn("@DistributedLock on " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
						+ "(..) has the constant key '" + template
						+ "': every call locks the same key whatever its arguments; if the lock is per item, "
						+ "add the id with a #{...} expression, e.g. '" + template + ":#{#" + firstName(method, names)
						+ "}'");
			}
		}
		return new Template(template, List.of(parts));
	}

	private static void checkNoBareVariable(String template, String literal) {
		// 'inventory:reserve:#productId' (Spring Cache and lock4j style) would lock the
		// literal text: every call would share one key.
		Matcher bare = BARE_VARIABLE.matcher(literal);
		if (bare.find()) {
			String fixed = BARE_VARIABLE_TO_WRAP.matcher(template).replaceAll((match) -> "#{" + match.group() + "}");
			throw new IllegalArgumentException("key template '" + template + "' has '" + bare.group()
					+ "' outside #{...}, so it would lock the literal text and every call would share one key; "
					+ "write expressions as #{...}, e.g. '" + fixed + "'");
		}
	}

	private static String firstName(Method method, @Nullable String[] names) {
		return (names != null && names.length > 0 && names[0] != null) ? names[0] : "p0";
	}

	private void check(Method method, String template, String expression, SpelNode node, @Nullable String[] names) {
		for (Class<? extends SpelNode> forbidden : FORBIDDEN_NODES) {
			if (forbidden.isInstance(node)) {
				throw new IllegalArgumentException("key template '" + template + "' uses '" + node.toStringAST()
						+ "' in #{" + expression + "}: key expressions may only read arguments and their properties "
						+ "(no method calls, type references, constructors, bean references or assignments)");
			}
		}
		if (node instanceof VariableReference) {
			String name = node.toStringAST().substring(1);
			if (!isKnownVariable(name, method, names)) {
				throw new IllegalArgumentException("key template '" + template + "' refers to unknown variable '#"
						+ name + "' in #{" + expression + "}; known are " + describeVariables(method, names)
						+ ((names != null) ? "" : " (compile with -parameters to refer to arguments by name)"));
			}
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			check(method, template, expression, node.getChild(i), names);
		}
	}

	private static boolean isKnownVariable(String name, Method method, @Nullable String[] names) {
		if (name.equals("root") || name.equals("this")) {
			return true;
		}
		var indexed = INDEXED_ARGUMENT.matcher(name);
		if (indexed.matches()) {
			return Integer.parseInt(indexed.group(1)) < method.getParameterCount();
		}
		if (names != null) {
			for (String parameter : names) {
				if (name.equals(parameter)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String describeVariables(Method method, @Nullable String[] names) {
		Set<String> known = new HashSet<>();
		List<String> ordered = new ArrayList<>();
		if (names != null) {
			for (String name : names) {
				if (known.add(name)) {
					ordered.add("#" + name);
				}
			}
		}
		if (method.getParameterCount() > 0) {
			ordered.add("#p0..#p" + (method.getParameterCount() - 1));
			ordered.add("#a0..#a" + (method.getParameterCount() - 1));
		}
		ordered.add("#root.methodName");
		return String.join(", ", ordered);
	}

	private static SimpleEvaluationContext createContext(String methodName, @Nullable String[] names,
			@Nullable Object[] arguments) {
		SimpleEvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding()
			.withRootObject(new LockExpressionRootObject(methodName))
			.build();
		for (int i = 0; i < arguments.length; i++) {
			context.setVariable("p" + i, arguments[i]);
			context.setVariable("a" + i, arguments[i]);
			if (names != null && i < names.length && names[i] != null) {
				context.setVariable(names[i], arguments[i]);
			}
		}
		return context;
	}

	private record Template(String template, List<Expression> parts) {

		String resolve(SimpleEvaluationContext context, String method) {
			StringBuilder key = new StringBuilder();
			for (Expression part : this.parts) {
				if (part instanceof LiteralExpression literal) {
					key.append(literal.getExpressionString());
					continue;
				}
				String expression = "#{" + part.getExpressionString() + "}";
				Object value;
				try {
					value = part.getValue(context);
				}
				catch (EvaluationException ex) {
					throw new InvalidLockKeyException(null, "Lock key template '" + this.template + "' of " + method
							+ ": expression " + expression + " failed: " + ex.getMessage());
				}
				key.append(toKeyPart(value, expression, method));
			}
			return key.toString();
		}

		private String toKeyPart(@Nullable Object value, String expression, String method) {
			if (value == null) {
				throw new InvalidLockKeyException(null, "Lock key template '" + this.template + "' of " + method
						+ ": expression " + expression + " evaluated to null");
			}
			String text;
			if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
					|| value instanceof Character || value instanceof UUID) {
				text = value.toString();
			}
			else if (value instanceof Enum<?> constant) {
				text = constant.name();
			}
			else {
				throw new InvalidLockKeyException(null,
						"Lock key template '" + this.template + "' of " + method + ": expression " + expression
								+ " evaluated to a " + value.getClass().getName()
								+ "; a key part must be a string, number, boolean, character, enum or UUID");
			}
			if (text.isBlank()) {
				throw new InvalidLockKeyException(null, "Lock key template '" + this.template + "' of " + method
						+ ": expression " + expression + " evaluated to a blank value");
			}
			return text;
		}

	}

}
