// Evidence files for one verified profile: a markdown report and JUnit XML. Pure and
// deterministic (no timings, no temp paths), so two runs of the same client give the same bytes.
import { compareCodePoints } from "../../components/config/text";
import { labelProfile } from "./targets";
import { ProfileResult } from "./verify-profile";

export function markdownReport(stack: string, result: ProfileResult): string {
  const failed = result.outcomes.filter((o) => !o.passed);
  const lines = [
    `# verify: ${stack} / ${result.profile}`,
    "",
    `- client: \`${result.clientVersion}\` (real binary, offline, scripted model on loopback)`,
    `- verdict: **${result.passed ? "PASS" : "FAIL"}** — ${result.outcomes.length - failed.length}/${result.outcomes.length} checks passed`,
    `- resolved_sha256 of the shipped document (computed): \`${result.resolved.expected}\``,
    `- resolved_sha256 reported by the client for the shipped document: ${code(result.resolved.observedExact)}`,
    `- ${summaryLine(result)}`,
    "",
    ...provenance(result),
    "",
    "| check | source | expected | observed | pass | client message |",
    "| --- | --- | --- | --- | --- | --- |",
    ...result.outcomes.map(
      (o) =>
        `| ${cell(o.name)} | ${o.source} | ${cell(o.expected)} | ${cell(o.observed)} | ${o.passed ? "yes" : "**NO**"} | ${cell(o.message)} |`,
    ),
  ];
  if (result.skipped.length > 0) lines.push("", "Derived probes not made:", "", ...result.skipped.map((s) => `- ${s}`));
  return `${lines.join("\n")}\n`;
}

/**
 * resolved.json: per profile the resolved_sha256 its devices report (the collector's expectedResolvedSha256),
 * as the client reported it, else as computed: one digest, or the sorted digests of the compile and of each
 * release a ring runs.
 */
export function resolvedJson(results: readonly Pick<ProfileResult, "profile" | "resolved">[]): string {
  const perProfile = new Map<string, Set<string>>();
  for (const { profile: label, resolved } of results) {
    const profile = labelProfile(label);
    perProfile.set(
      profile,
      (perProfile.get(profile) ?? new Set<string>()).add(resolved.observedExact ?? resolved.expected),
    );
  }
  const entries = [...perProfile]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([profile, digests]) => {
      const sorted = [...digests].sort(compareCodePoints);
      return [profile, sorted.length === 1 ? sorted[0] : sorted];
    });
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

export function junitXml(stack: string, result: ProfileResult): string {
  const suite = `${stack}.${result.profile}`;
  const failures = result.outcomes.filter((o) => !o.passed).length;
  const cases = result.outcomes.map((o) => {
    const detail = `expected: ${o.expected}\nobserved: ${o.observed}\nclient message: ${o.message}`;
    const failure = o.passed
      ? ""
      : `\n      <failure message="${xml(`${result.profile}: ${o.name}: expected ${o.expected}, observed ${o.observed}`)}">${xml(detail)}</failure>`;
    return `    <testcase classname="${xml(suite)}" name="${xml(o.name)}">${failure}\n      <system-out>${xml(detail)}</system-out>\n    </testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="claude-code-rollout verify" tests="${result.outcomes.length}" failures="${failures}">`,
    `  <testsuite name="${xml(suite)}" tests="${result.outcomes.length}" failures="${failures}">`,
    `    <properties>`,
    `      <property name="client.version" value="${xml(result.clientVersion)}"/>`,
    `      <property name="resolved_sha256.expected" value="${result.resolved.expected}"/>`,
    `      <property name="resolved_sha256.reported" value="${xml(result.resolved.observedExact ?? "")}"/>`,
    `      <property name="verified.against" value="${result.copySubstitutions ? "verification copy" : "exact document"}"/>`,
    `    </properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}

/** What was proven against the exact bytes and what against the verification copy. */
function provenance(result: ProfileResult): string[] {
  if (!result.copySubstitutions) {
    return ["The shipped document was installed byte for byte; every check below ran against it."];
  }
  return [
    "The shipped document pins the provider and/or telemetry, which a loopback session cannot reach",
    "(managed `env` overrides the process, and the client refuses to let lower scopes redirect a",
    "claimed OTLP signal). So:",
    "",
    `- exact document: installed byte for byte and started; the client ended with exit ${result.exactStartup?.exitCode} and said: ${cell(result.exactStartup?.message ?? "")}`,
    "- verification copy: every scenario below. Only these keys differ from the shipped document;",
    "  permissions, locks, MCP policy, hooks, models and all other keys are byte-identical (checked):",
    "",
    ...(result.copySubstitutions ?? []).map((s) => `  - \`${s}\``),
    "",
    `The copy's resolved_sha256 as the client reported it ${result.resolved.observedCopy === result.resolved.expectedCopy ? "equals" : "does **not** equal"} its computed value`,
    "(the value itself pins this session's loopback port), which checks the hash function on this client;",
    "the shipped document's value above is computed with that function.",
  ];
}

/** Passed/total per kind of check: conformance (stack + derived), adversarial, jobs. */
export function summaryLine(result: ProfileResult): string {
  const count = (sources: readonly string[]) => {
    const of = result.outcomes.filter((o) => sources.includes(o.source));
    return `${of.filter((o) => o.passed).length}/${of.length}`;
  };
  return `conformance ${count(["stack", "derived"])}, adversarial ${count(["adversarial"])}, jobs ${count(["job"])}`;
}

function code(value: string | undefined): string {
  return value ? `\`${value}\`` : "not reported (its telemetry is pinned away from loopback)";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ⏎ ");
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
