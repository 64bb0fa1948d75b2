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

/** One line per prerequisite, for synth's warnings. */
export function preflightWarnings(prerequisites: readonly Prerequisite[]): string[] {
  return prerequisites.map(
    (p) => `before the first pulumi up: ${p.kind}: ${p.item}${p.configPath ? ` [${p.configPath}]` : ""} — ${p.reason}`,
  );
}
