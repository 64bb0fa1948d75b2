// Reads one synth output directory. A missing file is tolerated (older outputs lack later artefacts);
// a missing directory, an empty one, or a file that is not the JSON it should be is unusable input.
import * as fs from "fs";
import * as path from "path";
import { isRecord } from "../../components/config/json";
import { managedServers } from "./mcp";
import { ResourceDoc, RolloutDoc } from "./model";
import { ProfileView } from "./settings";
import { asRecord } from "./values";

/** A ring or profile name as synth writes it: safe as one path segment (nothing like `..` reaches the file system). */
const NAME = /^[a-z][a-z0-9-]{0,62}$/;

export class DiffInputError extends Error {}

export interface SynthOutput {
  dir: string;
  rollout?: RolloutDoc;
  resources?: ResourceDoc[];
  /**
   * The documents each ring runs (synth's rings/<ring>/<profile>/), by `releaseKey`: what a ring taking
   * another release changes on its devices. Absent in older outputs.
   */
  releases?: ReadonlyMap<string, ProfileView>;
}

/** `developer` + its policyHash: one released document, whichever rings run it. */
export function releaseKey(profile: string, policyHash: string): string {
  return `${profile}\n${policyHash}`;
}

/** The profile and policyHash a releaseKey names. */
export function releaseProfileHash(key: string): [profile: string, policyHash: string] {
  const [profile, policyHash] = key.split("\n");
  return [profile, policyHash];
}

export function loadSynthOutput(dir: string): SynthOutput {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new DiffInputError(
      `${dir}: not a directory — pass a synth output such as out/prod (create it with \`npm run synth -- prod\`)`,
    );
  }
  const rollout = readJson(path.join(dir, "rollout.json"));
  const resources = readJson(path.join(dir, "resources.json"));
  if (rollout === undefined && resources === undefined) {
    throw new DiffInputError(
      `${dir}: neither rollout.json nor resources.json found — is this a synth output directory (out/<stack>)?`,
    );
  }
  if (rollout !== undefined && !isRecord(rollout)) {
    throw new DiffInputError(
      `${path.join(dir, "rollout.json")}: expected a JSON object — re-run \`npm run synth\` to regenerate it`,
    );
  }
  if (resources !== undefined && !Array.isArray(resources)) {
    throw new DiffInputError(
      `${path.join(dir, "resources.json")}: expected a JSON array — re-run \`npm run synth\` to regenerate it`,
    );
  }
  return {
    dir,
    rollout: rollout as RolloutDoc | undefined,
    resources: resources as ResourceDoc[] | undefined,
    releases: releaseDocuments(dir, rollout as RolloutDoc | undefined),
  };
}

/** managed-settings.json (+ managed-mcp.json) of every ring's release that synth wrote out. */
function releaseDocuments(dir: string, rollout: RolloutDoc | undefined): Map<string, ProfileView> {
  const documents = new Map<string, ProfileView>();
  for (const ring of Array.isArray(rollout?.rings) ? rollout.rings : []) {
    const name = asRecord(ring).name;
    if (typeof name !== "string" || !NAME.test(name)) continue;
    for (const [profile, release] of Object.entries(asRecord(asRecord(ring).profiles))) {
      const hash = asRecord(release).policyHash;
      if (typeof hash !== "string" || !NAME.test(profile) || documents.has(releaseKey(profile, hash))) continue;
      const folder = path.join(dir, "rings", name, profile);
      const settings = readJson(path.join(folder, "managed-settings.json"));
      if (!isRecord(settings)) continue;
      const mcp = readJson(path.join(folder, "managed-mcp.json"));
      documents.set(releaseKey(profile, hash), { settings, mcpServers: managedServers(mcp) });
    }
  }
  return documents;
}

function readJson(file: string): unknown {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new DiffInputError(
      `${file}: not valid JSON (${(error as Error).message}) — re-run \`npm run synth\` to regenerate it`,
    );
  }
}
