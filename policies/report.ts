import { markdownCellCode, markdownCode, markdownText } from "../components/settings/markdown";
import { renderCanonicalJson } from "../components/settings/render";
import type { EnforcementLevel } from "@pulumi/policy";

// The policy report: what the offline evaluator (offline.ts) finds, and its rendering for reviewers.

export interface PolicyViolation {
  /** URN of the resource the violation is about; null for stack-wide findings. */
  resource: string | null;
  message: string;
}

export interface PolicyOutcome {
  name: string;
  description: string;
  kind: "resource" | "stack" | "config";
  enforcementLevel: EnforcementLevel;
  /** passed: applied and clean; violated; not-applicable: applied to nothing; disabled by config. */
  status: "passed" | "violated" | "not-applicable" | "disabled";
  /** Resources (resource policies) or stacks (stack policies) the policy applied to. */
  applied: number;
  remediationSteps?: string;
  violations: PolicyViolation[];
}

export interface ExemptionRecord {
  policy: string;
  resource: string;
  reason: string;
  expires: string;
}

export interface PolicyReport {
  resourceCount: number;
  mandatoryViolations: number;
  advisoryViolations: number;
  policies: PolicyOutcome[];
  /** Violations an active exemption suppressed, one row per resource and policy. */
  exemptionsUsed: (ExemptionRecord & { matched: string })[];
  /** Configured exemptions past their expiry day: they no longer apply. */
  expiredExemptions: ExemptionRecord[];
}

/**
 * Renders a report as a reviewer-facing markdown page and as canonical JSON (sorted keys, two
 * spaces, LF, trailing newline). Neither carries a timestamp, so unchanged input gives
 * byte-identical files.
 */
export function renderPolicyReport(report: PolicyReport): { markdown: string; json: string } {
  return { markdown: markdownOf(report), json: renderCanonicalJson(report) };
}

function markdownOf(report: PolicyReport): string {
  const lines: string[] = ["# Policy report", ""];
  const verdict = report.mandatoryViolations === 0 ? "**PASS**" : "**FAIL**";
  lines.push(
    `${verdict}: ${report.mandatoryViolations} mandatory and ${report.advisoryViolations} advisory violation(s) over ${report.resourceCount} resource(s); ` +
      `${report.exemptionsUsed.length} exemption use(s), ${report.expiredExemptions.length} expired exemption(s).`,
    "",
    "| policy | level | result |",
    "| --- | --- | --- |",
    ...report.policies.map((p) => `| ${markdownText(p.name)} | ${markdownText(p.enforcementLevel)} | ${resultOf(p)} |`),
    "",
  );
  const violated = report.policies.filter((p) => p.status === "violated");
  if (violated.length > 0) {
    lines.push("## Violations", "");
    for (const policy of violated) {
      lines.push(
        `### ${markdownText(policy.name)} (${markdownText(policy.enforcementLevel)})`,
        "",
        markdownText(policy.description),
        "",
      );
      lines.push(
        ...policy.violations.map(
          (v) => `- ${v.resource ? markdownCode(v.resource) : "(stack)"}: ${markdownText(v.message)}`,
        ),
        "",
      );
      if (policy.remediationSteps) {
        lines.push(`Fix: ${markdownText(policy.remediationSteps)}`, "");
      }
    }
  }
  lines.push("## Exemptions used", "");
  lines.push(
    ...(report.exemptionsUsed.length === 0
      ? ["None.", ""]
      : [
          "| policy | resource | exemption | reason | expires |",
          "| --- | --- | --- | --- | --- |",
          ...report.exemptionsUsed.map(
            (e) =>
              `| ${markdownText(e.policy)} | ${markdownCellCode(e.resource)} | ${markdownCellCode(e.matched)} | ${markdownText(e.reason)} | ${markdownText(e.expires)} |`,
          ),
          "",
        ]),
  );
  lines.push("## Expired exemptions (no longer applied)", "");
  lines.push(
    ...(report.expiredExemptions.length === 0
      ? ["None.", ""]
      : [
          "| policy | resource | reason | expired after |",
          "| --- | --- | --- | --- |",
          ...report.expiredExemptions.map(
            (e) =>
              `| ${markdownText(e.policy)} | ${markdownCellCode(e.resource)} | ${markdownText(e.reason)} | ${markdownText(e.expires)} |`,
          ),
          "",
        ]),
  );
  return lines.join("\n");
}

function resultOf(policy: PolicyOutcome): string {
  switch (policy.status) {
    case "violated":
      return `${policy.violations.length} violation(s)`;
    case "passed":
      return policy.kind === "resource" ? `passed (${policy.applied} resource(s))` : "passed";
    default:
      return policy.status;
  }
}
