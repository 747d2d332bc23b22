#!/usr/bin/env python3
#
# Copyright 2026-present the original author or authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""Checks of the operators' monitoring files that promtool cannot make; called by
.ci/check-prometheus-rules from the repository root.

  rules             every alert: severity, summary, description and an absolute runbook_url
                    <RUNBOOK>#<alert name in lower case>, a heading of docs/runbook.md; every
                    aggregation keeps `job`; every series is in docs/metrics.md; the links of
                    the docs to runbook.md and metrics.md anchors resolve
  prometheusrule D  the committed PrometheusRule is what render-rules.py makes of the rules
                    (re-rendered into directory D); writes its spec to D/spec.yml for promtool
  dashboard OUT     every panel query selects job="$job" and instance=~"$instance" on every
                    series, every series is in docs/metrics.md, and the series the runbook's
                    procedures read are on panels; writes the queries to OUT as recording rules for promtool
"""

import json
import re
import subprocess
import sys

import yaml

RULES = "docs/prometheus/lock-alerts.yml"
TESTS = "docs/prometheus/lock-alerts-test.yml"
PROMETHEUS_RULE = "docs/prometheus/lock-alerts-prometheusrule.yml"
RENDER = "docs/prometheus/render-rules.py"
DASHBOARD = "docs/grafana/ocean-lock-dashboard.json"
METRICS = "docs/metrics.md"
RUNBOOK = "docs/runbook.md"
# Where the committed rules link to; teams change it with render-rules.py --runbook-url.
RUNBOOK_URL = "https://github.com/oceanshop/ocean-lock/blob/main/docs/runbook.md"
# The series that the runbook's failover and contention-storm procedures read: each must be on
# a panel of the dashboard.
ON_DASHBOARD = ["lock_redis_up", "lock_circuit_breaker_state", "lock_failures_total", "lock_lost_total",
                "lock_acquisitions_total", "lock_contended_total", "lock_timeouts_total",
                "lock_acquisition_time_seconds_bucket", "lock_hold_duration_seconds_bucket", "lock_active_count"]
# Docs whose links to anchors of runbook.md and metrics.md must resolve.
LINKING_DOCS = ["README.md", "docs/metrics.md", "docs/runbook.md", "docs/operations.md"]

AGGREGATION = re.compile(r"\b(sum|avg|min|max|count|group|stddev|stdvar|quantile|count_values|topk|bottomk)\b\s*"
                         r"(?:(by|without)\s*\(([^)]*)\))?\s*\(")
# topk and bottomk select series and keep all their labels; without a clause they are fine.
SELECTING = {"topk", "bottomk"}
NAME = re.compile(r"\block_[a-z_]+\b")

errors = []


def fail(message):
    errors.append(message)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def anchors(path):
    """The anchors GitHub gives the headings of a Markdown file (outside code blocks)."""
    found, seen, fenced = set(), {}, False
    for line in read(path).splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if fenced or not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else "%s-%d" % (slug, count))
    return found


def section(text, heading):
    """The lines of a Markdown section, up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    lines, inside = [], False
    for line in text.splitlines():
        marker = re.match(r"(#+)\s", line)
        if inside and marker and len(marker.group(1)) <= level:
            break
        if inside:
            lines.append(line)
        if line.strip() == heading:
            inside = True
    if not inside:
        sys.exit("%s: no section '%s'" % (METRICS, heading))
    return lines


def documented():
    """Series families (one per row of metrics.md's Series table), recorded names and labels."""
    text = read(METRICS)
    families = []
    for line in section(text, "## Series"):
        if line.startswith("| `lock_"):
            names = re.findall(r"`([a-z_]+)`", line.split("|")[1])
            base = re.sub(r"_bucket$", "", names[0])
            families.append([base + name if name.startswith("_") else name for name in names])
    recorded = set()
    for line in section(text, "## Recording rules"):
        if line.startswith("| `lock_"):
            recorded.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    labels = set(re.findall(r"^- `(lock_[a-z_]+)`", "\n".join(section(text, "### Labels")), re.MULTILINE))
    if not families or not recorded or not labels:
        sys.exit("%s: cannot read the Series and Recording rules tables or the Labels list" % METRICS)
    return families, recorded, labels


def closing(expr, start):
    """Index of the parenthesis that closes the one opened just before start."""
    depth = 1
    for index in range(start, len(expr)):
        depth += {"(": 1, ")": -1}.get(expr[index], 0)
        if depth == 0:
            return index
    return len(expr)


def check_aggregations(where, expr):
    for match in AGGREGATION.finditer(expr):
        operator, clause, labels = match.group(1), match.group(2), match.group(3)
        if clause is None:
            trailing = re.match(r"\s*(by|without)\s*\(([^)]*)\)", expr[closing(expr, match.end()) + 1:])
            if trailing:
                clause, labels = trailing.group(1), trailing.group(2)
        names = {label.strip() for label in (labels or "").split(",")}
        if clause is None and operator not in SELECTING:
            fail("%s: '%s(...)' aggregates over every job; use '%s by (job, ...)'" % (where, operator, operator))
        elif clause == "by" and "job" not in names:
            fail("%s: '%s by (%s)' mixes jobs; keep job in the by clause" % (where, operator, labels))
        elif clause == "without" and "job" in names:
            fail("%s: '%s without (%s)' mixes jobs" % (where, operator, labels))


def check_rules():
    families, recorded, labels = documented()
    series = {name for family in families for name in family}
    runbook_anchors = anchors(RUNBOOK)
    rules = [rule for group in yaml.safe_load(read(RULES))["groups"] for rule in group["rules"]]
    records = {rule["record"] for rule in rules if "record" in rule}
    for name in sorted(records - recorded):
        fail("%s: recorded series %s is not in %s's Recording rules table" % (RULES, name, METRICS))
    alerts = 0
    for rule in rules:
        where = "%s: %s" % (RULES, rule.get("alert") or rule.get("record"))
        check_aggregations(where, rule["expr"])
        for name in sorted(set(NAME.findall(rule["expr"])) - labels - series - records):
            fail("%s: series %s is neither in %s nor recorded here" % (where, name, METRICS))
        if "alert" not in rule:
            continue
        alerts += 1
        annotations = rule.get("annotations", {})
        if rule.get("labels", {}).get("severity") not in ("critical", "warning"):
            fail("%s: label severity must be critical or warning" % where)
        for key in ("summary", "description"):
            if not annotations.get(key):
                fail("%s: no %s annotation" % (where, key))
        if "runbook" in annotations:
            fail("%s: the annotation is runbook_url (absolute), not runbook" % where)
        url = annotations.get("runbook_url", "")
        anchor = rule["alert"].lower()
        if url != RUNBOOK_URL + "#" + anchor:
            fail("%s: runbook_url must be %s#%s, is '%s'" % (where, RUNBOOK_URL, anchor, url))
        if anchor not in runbook_anchors:
            fail("%s: %s has no heading '### %s' (anchor #%s)" % (where, RUNBOOK, rule["alert"], anchor))
    if alerts == 0:
        fail("%s: no alerts" % RULES)
    targets = {"runbook.md": runbook_anchors, "metrics.md": anchors(METRICS)}
    for doc in LINKING_DOCS:
        own = doc.rsplit("/", 1)[-1]
        for target, anchor in re.findall(r"\]\((?:[\w./]*/)?((?:runbook|metrics)\.md)?#([^)\s]+)\)", read(doc)):
            target = target or own
            if target in targets and anchor not in targets[target]:
                fail("%s: link to %s#%s, which has no such heading" % (doc, target, anchor))
    return "%s: %d alerts link to existing sections of %s; every aggregation keeps job" % (RULES, alerts, RUNBOOK)


def check_prometheus_rule(directory):
    subprocess.run([sys.executable, RENDER, "--output-dir", directory], check=True, stdout=subprocess.DEVNULL)
    for committed, name in ((RULES, "lock-alerts.yml"), (TESTS, "lock-alerts-test.yml"),
                            (PROMETHEUS_RULE, "lock-alerts-prometheusrule.yml")):
        if read(committed) != read(directory + "/" + name):
            fail("%s differs from what %s renders; run `python3 %s` and commit the result"
                 % (committed, RENDER, RENDER))
    resource = yaml.safe_load(read(PROMETHEUS_RULE))
    if resource.get("apiVersion") != "monitoring.coreos.com/v1" or resource.get("kind") != "PrometheusRule":
        fail("%s: not a monitoring.coreos.com/v1 PrometheusRule" % PROMETHEUS_RULE)
    spec = resource.get("spec", {})
    if spec.get("groups") != yaml.safe_load(read(RULES))["groups"]:
        fail("%s: spec.groups are not the groups of %s" % (PROMETHEUS_RULE, RULES))
    with open(directory + "/spec.yml", "w", encoding="utf-8") as f:
        yaml.safe_dump(spec, f)
    return "%s: the same groups as %s" % (PROMETHEUS_RULE, RULES)


def selectors(expr):
    """(name, matchers) for every series selector of a query."""
    for match in NAME.finditer(expr):
        rest = expr[match.end():]
        braces = re.match(r"\s*\{([^}]*)\}", rest)
        yield match.group(), braces.group(1) if braces else None


def check_dashboard(output):
    families, recorded, labels = documented()
    series = {name for family in families for name in family} | recorded
    with open(DASHBOARD, encoding="utf-8") as f:
        dashboard = json.load(f)
    variables = {variable["name"]: variable for variable in dashboard["templating"]["list"]}
    for name in ("job", "instance"):
        if name not in variables:
            fail("%s: no template variable '%s'" % (DASHBOARD, name))
    queries = [(variable["name"], variable["definition"]) for variable in variables.values() if "definition" in variable]
    panels = [panel for panel in dashboard["panels"] if panel.get("type") != "row"]
    rules, used = [], set()
    for panel in panels:
        if not panel.get("targets"):
            fail("%s: panel '%s' has no query" % (DASHBOARD, panel["title"]))
        for target in panel.get("targets", []):
            where = "%s: panel '%s' (%s)" % (DASHBOARD, panel["title"], target["refId"])
            expr = target["expr"]
            queries.append((where, expr))
            for name, matchers in selectors(expr):
                if name in labels:
                    continue
                if matchers is None or not re.search(r'\bjob=~?"\$job"', matchers) \
                        or not re.search(r'\binstance=~"\$instance"', matchers):
                    fail('%s: %s must select job="$job" and instance=~"$instance"' % (where, name))
            # Grafana variables are not PromQL: give them values of the right kind.
            promql = (expr.replace("$__range", "1h").replace("$__rate_interval", "1m").replace("$job", "shop")
                      .replace("$instance", ".*").replace("$lock_key", ".*"))
            rules.append({"record": "dashboard:panel_%d_%s" % (panel["id"], target["refId"]), "expr": promql})
    for where, query in queries:
        for name in set(NAME.findall(query)) - labels:
            used.add(name)
            if name not in series:
                fail("%s: series %s is not in %s" % (where, name, METRICS))
    for name in ON_DASHBOARD:
        if name not in used:
            fail("%s: no panel shows %s, which the runbook's procedures need" % (DASHBOARD, name))
    with open(output, "w", encoding="utf-8") as f:
        json.dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, f)
    return ("%s: %d panels, %d queries; every series selects $job and $instance and is in %s"
            % (DASHBOARD, len(panels), len(rules), METRICS))


def main(argv):
    commands = {"rules": check_rules, "prometheusrule": check_prometheus_rule, "dashboard": check_dashboard}
    if not argv or argv[0] not in commands:
        sys.exit(__doc__)
    summary = commands[argv[0]](*argv[1:])
    if errors:
        sys.exit("\n".join(errors))
    print(summary)


if __name__ == "__main__":
    main(sys.argv[1:])
