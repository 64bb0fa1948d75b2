// Reads one synth output directory. A missing file is tolerated (older outputs lack later artefacts);
// a missing directory, an empty one, or a file that is not the JSON it should be is unusable input.
import * as fs from "fs";
import * as path from "path";
import { isRecord } from "../../components/config/json";
import { ResourceDoc, RolloutDoc } from "./model";

export class DiffInputError extends Error {}

export interface SynthOutput {
  dir: string;
  rollout?: RolloutDoc;
  resources?: ResourceDoc[];
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
  return { dir, rollout: rollout as RolloutDoc | undefined, resources: resources as ResourceDoc[] | undefined };
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
