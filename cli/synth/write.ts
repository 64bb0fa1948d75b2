import * as fs from "fs";
import * as path from "path";
import { profileObjects, renderManifest } from "../../components/distribution";
import { renderCanonicalJson, renderPermissionMatrix } from "../../components/settings";
import { renderPolicyReport } from "../../policies/offline";
import { maskSecrets } from "../runtime/mocks";
import { SynthResult } from "./run";

/** File path (relative to the output folder) → exact contents. */
export type Artefacts = Map<string, string>;

/** Everything synth writes, computed before anything touches the disk. */
export function synthArtefacts(result: SynthResult): Artefacts {
  const { rollout, resources, stack } = result;
  const files: Artefacts = new Map();
  files.set("resources.json", renderCanonicalJson(resources.map((r) => ({
    type: r.type, name: r.name, urn: r.urn, parent: r.parent, custom: r.custom, inputs: maskSecrets(r.inputs),
  }))));
  files.set("rollout.json", renderCanonicalJson({
    stack: stack.stack,
    environment: rollout.environment,
    clientVersion: rollout.clientVersion,
    profiles: rollout.profiles.map((p) => ({
      name: p.name,
      priority: p.priority,
      description: p.description,
      policyHash: p.policyHash,
      settingsSha256: p.settingsSha256,
      resolvedSha256: p.resolvedSha256,
      includeGroup: p.includeGroup,
      excludeGroups: p.excludeGroups,
      assignedGroups: p.assignedGroups,
      settings: p.settings,
      ...(p.mcp && { mcpServers: p.mcp.document.mcpServers }),
    })),
    assignments: rollout.assignments,
    warnings: rollout.warnings,
  }));
  // Exactly what the distribution component publishes.
  for (const profile of rollout.profiles) {
    for (const object of profileObjects(profile, rollout.environment, rollout.clientVersion, result.helpers)) {
      files.set(`profiles/${profile.name}/${object.path}`, object.content);
    }
  }
  files.set("manifest.json", renderManifest(rollout, result.helpers));
  files.set("permission-matrix.md", renderPermissionMatrix(rollout));
  const policyReport = renderPolicyReport(result.policyReport);
  files.set("policy-report.md", policyReport.markdown);
  files.set("policy-report.json", policyReport.json);
  return files;
}

/**
 * Replaces the output folder as a whole: files go to a sibling temp folder that is renamed into
 * place, so a failed run never leaves a half-written mix of old and new artefacts.
 */
export function writeArtefacts(outDir: string, files: Artefacts): void {
  const staging = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  for (const [relative, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = path.join(staging, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content, { mode: isExecutable(relative) ? 0o755 : 0o644 });
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  fs.renameSync(staging, outDir);
}

/** Installers, detection scripts and POSIX helper programs (bin/<name>, no extension). */
function isExecutable(relative: string): boolean {
  return relative.endsWith(".sh") || /(^|\/)bin\/[^./]+$/.test(relative);
}
