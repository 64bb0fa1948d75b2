import * as fs from "fs";
import * as path from "path";
import { renderCanonicalJson, renderPermissionMatrix } from "../../components/settings";
import { renderPolicyReport } from "../../policies/offline";
import { maskSecrets } from "../runtime/mocks";
import { checkOutputFolder, MARKER_CONTENT, SYNTH_MARKER } from "./guard";
import { SynthResult } from "./run";

/** File path (relative to the output folder) → exact contents. */
export type Artefacts = Map<string, string>;

/** Everything synth writes, computed before anything touches the disk. */
export function synthArtefacts(result: SynthResult): Artefacts {
  const { rollout, resources, stack } = result;
  const distribution = result.plan.distribution;
  const files: Artefacts = new Map();
  files.set(
    "resources.json",
    renderCanonicalJson(
      resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        parent: r.parent,
        custom: r.custom,
        inputs: maskSecrets(r.inputs),
      })),
    ),
  );
  files.set(
    "rollout.json",
    renderCanonicalJson({
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
      rings: distribution.rings.map(({ ring }) => ({
        name: ring.name,
        groups: ring.groups,
        profiles: Object.fromEntries(
          Object.entries(ring.profiles).map(([name, { release, includeGroups, excludeGroups }]) => [
            name,
            { policyHash: release.policyHash, settingsSha256: release.settingsSha256, includeGroups, excludeGroups },
          ]),
        ),
      })),
      warnings: rollout.warnings,
    }),
  );
  // The current compile, for review; it is published once a ring runs it.
  for (const [profile, objects] of Object.entries(distribution.candidate)) {
    for (const object of objects) files.set(`profiles/${profile}/${object.path}`, object.content);
  }
  // What each ring runs: exactly the objects the distribution component publishes for it.
  for (const { ring, objects: ringObjects } of distribution.rings) {
    for (const [profile, objects] of Object.entries(ringObjects)) {
      for (const object of objects) files.set(`rings/${ring.name}/${profile}/${object.path}`, object.content);
    }
  }
  files.set("manifest.json", distribution.manifest);
  files.set("permission-matrix.md", renderPermissionMatrix(rollout));
  const policyReport = renderPolicyReport(result.policyReport);
  files.set("policy-report.md", policyReport.markdown);
  files.set("policy-report.json", policyReport.json);
  return files;
}

/**
 * Replaces the output folder as a whole: files go to a new sibling folder that is renamed into place,
 * so a failed run never leaves a half-written mix of old and new artefacts. Refuses (checkOutputFolder)
 * any folder synth did not write itself.
 */
export function writeArtefacts(outDir: string, files: Artefacts): void {
  const folder = checkOutputFolder(outDir);
  const parent = path.dirname(folder);
  fs.mkdirSync(parent, { recursive: true });
  // mkdtemp: a new folder under a fresh name, so no existing file or link is written through or removed.
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(folder)}.synth-`));
  try {
    const written = new Map([...files, [SYNTH_MARKER, MARKER_CONTENT]]);
    for (const [relative, content] of [...written].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const target = path.resolve(staging, relative);
      if (!target.startsWith(staging + path.sep)) throw new Error(`artefact path ${relative} leaves the output folder`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content, { flag: "wx" });
    }
    setModes(staging, "");
    replaceFolder(staging, folder);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Folders 755, executables 755, other files 644, whatever the umask, so outputs match across machines. */
function setModes(root: string, relative: string): void {
  const here = path.join(root, relative);
  fs.chmodSync(here, 0o755);
  for (const entry of fs.readdirSync(here, { withFileTypes: true })) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) setModes(root, child);
    else fs.chmodSync(path.join(root, child), isExecutable(child) ? 0o755 : 0o644);
  }
}

/** Moves the previous output aside, the new one in, then deletes the previous; puts it back if the move in fails. */
function replaceFolder(staging: string, outDir: string): void {
  if (!fs.existsSync(outDir)) {
    fs.renameSync(staging, outDir);
    return;
  }
  const trash = fs.mkdtempSync(path.join(path.dirname(outDir), `.${path.basename(outDir)}.previous-`));
  const previous = path.join(trash, "previous");
  fs.renameSync(outDir, previous);
  try {
    fs.renameSync(staging, outDir);
  } catch (error) {
    fs.renameSync(previous, outDir);
    fs.rmdirSync(trash);
    throw error;
  }
  fs.rmSync(trash, { recursive: true, force: true });
}

/** Installers, detection scripts and POSIX helper programs (bin/<name>, no extension). */
function isExecutable(relative: string): boolean {
  return relative.endsWith(".sh") || /(^|\/)bin\/[^./]+$/.test(relative);
}
