import { Prerequisite, PrerequisiteKind } from "../../components/preflight";

/** Section headings, in the order the prerequisites are best settled. */
const HEADINGS: Record<PrerequisiteKind, string> = {
  principal: "Principals the policies name (they must exist first)",
  "existing resource": "Resources the stack refers to (or that must not exist yet)",
  "Microsoft Graph permission": "Microsoft Graph permissions of the deployer",
  licence: "Licences",
  "AWS permission": "AWS permissions of the deployer's role",
  secret: "Secrets only an operator can supply",
};

/** The checklist `npm run preflight` prints: grouped by kind, each item with its stack-file key and reason. */
export function preflightReport(stack: string, file: string, prerequisites: readonly Prerequisite[]): string {
  const lines = [`Before the first pulumi up of ${stack} (${file}): ${prerequisites.length} prerequisites`];
  for (const kind of Object.keys(HEADINGS) as PrerequisiteKind[]) {
    const items = prerequisites.filter((p) => p.kind === kind);
    if (!items.length) continue;
    lines.push("", `${HEADINGS[kind]}:`);
    for (const p of items) {
      lines.push(`  - ${p.item}${p.configPath ? `  [${p.configPath}]` : ""}`, `      why: ${p.reason}`);
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * Synth's warnings: a heading, then one line per prerequisite without its reason (synth runs on every
 * change; `npm run preflight` gives the reasons).
 */
export function preflightWarnings(stack: string, prerequisites: readonly Prerequisite[]): string[] {
  if (!prerequisites.length) return [];
  return [
    `${prerequisites.length} prerequisites before the first pulumi up (npm run preflight -- ${stack} gives the reason for each):`,
    ...prerequisites.map((p) => `  ${p.kind}: ${p.item}${p.configPath ? ` [${p.configPath}]` : ""}`),
  ];
}
