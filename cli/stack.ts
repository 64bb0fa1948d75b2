import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const PROJECT = "claude-code-rollout";
const STACKS_DIR = path.resolve(__dirname, "..", "stacks");

/** A stack file as the Pulumi CLI would hand it to the program. */
export interface StackFile {
  /** The stack name: `prod` for stacks/Pulumi.prod.yaml or any …/Pulumi.prod.yaml. */
  readonly stack: string;
  readonly file: string;
  /** Keys under the project namespace, without the prefix, parsed (objects stay objects). */
  readonly projectConfig: Record<string, unknown>;
  /** Every key as the runtime stores it: `ns:key` → string (objects JSON-encoded). */
  readonly allConfig: Record<string, string>;
  /** Keys given as `secure:` values; their ciphertext cannot be read offline. */
  readonly secretKeys: string[];
}

/** Reads `prod` (stacks/Pulumi.prod.yaml) or a path to any Pulumi.<stack>.yaml. */
export function readStack(nameOrPath: string): StackFile {
  const file = /[\\/]|\.ya?ml$/.test(nameOrPath) ? path.resolve(nameOrPath) : path.join(STACKS_DIR, `Pulumi.${nameOrPath}.yaml`);
  if (!fs.existsSync(file)) {
    const known = fs.readdirSync(STACKS_DIR).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean);
    throw new Error(`no stack file ${file} — known stacks: ${known.join(", ")}, or pass a path to a Pulumi.<stack>.yaml`);
  }
  const stack = /Pulumi\.([^.\\/]+)\.ya?ml$/.exec(file)?.[1];
  if (!stack) throw new Error(`${file}: a stack file is named Pulumi.<stack>.yaml`);

  const document = parse(fs.readFileSync(file, "utf8")) ?? {};
  const config: Record<string, unknown> = document.config ?? {};
  const projectConfig: Record<string, unknown> = {};
  const allConfig: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const fullKey = key.includes(":") ? key : `${PROJECT}:${key}`;
    const isSecret = typeof value === "object" && value !== null && "secure" in value;
    if (isSecret) secretKeys.push(fullKey);
    allConfig[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    if (fullKey.startsWith(`${PROJECT}:`) && !isSecret) projectConfig[fullKey.slice(PROJECT.length + 1)] = value;
  }
  return { stack, file, projectConfig, allConfig, secretKeys: secretKeys.sort() };
}
