import * as fs from "fs";
import * as path from "path";
import { parse, YAMLError } from "yaml";
import { isRecord } from "../components/config/json";
import { SECRET_CONFIG_KEYS } from "../components/config/telemetry";

export const PROJECT = "claude-code-rollout";
/** The project's stack files (Pulumi.yaml: stackConfigDir). */
export const STACKS_DIR = path.resolve(__dirname, "..", "stacks");
const STACK_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Alias expansions a stack file may make, each weighted by the aliases inside what it repeats (the yaml
 * package's default, pinned here): a "billion laughs" file, aliases of aliases of aliases, would otherwise
 * expand to gigabytes before any check runs.
 */
const MAX_ALIAS_COUNT = 100;

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
  const file = /[\\/]|\.ya?ml$/.test(nameOrPath)
    ? path.resolve(nameOrPath)
    : path.join(STACKS_DIR, `Pulumi.${nameOrPath}.yaml`);
  if (!fs.existsSync(file)) {
    const known = fs
      .readdirSync(STACKS_DIR)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter(Boolean);
    throw new Error(
      `no stack file ${file} — known stacks: ${known.join(", ")}, or pass a path to a Pulumi.<stack>.yaml`,
    );
  }
  const stack = /^Pulumi\.(.+)\.ya?ml$/s.exec(path.basename(file))?.[1];
  if (!stack) throw new Error(`${file}: a stack file is named Pulumi.<stack>.yaml`);
  // Pulumi's stack-name characters less the dot (it would blur the file pattern): the name lands in outputs and PR comments.
  if (!STACK_NAME.test(stack)) {
    throw new Error(
      `${JSON.stringify(file)}: the stack name ${JSON.stringify(stack)} may hold only letters, digits, - and _ (at most 100) — rename the file`,
    );
  }

  const document = parseYaml(file, fs.readFileSync(file, "utf8")) ?? {};
  if (!isRecord(document)) throw new Error(`${file}: a stack file is a YAML mapping (\`config:\` and its keys)`);
  const config = document.config ?? {};
  if (!isRecord(config))
    throw new Error(`${file}: \`config\` must be a mapping of \`<namespace>:<key>: value\` entries`);
  const projectConfig: Record<string, unknown> = {};
  const allConfig: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const fullKey = key.includes(":") ? key : `${PROJECT}:${key}`;
    const isSecret = typeof value === "object" && value !== null && "secure" in value;
    if (isSecret) secretKeys.push(fullKey);
    allConfig[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    const name = fullKey.slice(PROJECT.length + 1);
    // Secret-only keys never enter the config model, plaintext or not: the program reads them with
    // getSecret and says how to set one that is in plaintext (as index.ts's own reader does).
    if (fullKey.startsWith(`${PROJECT}:`) && !isSecret && !SECRET_CONFIG_KEYS.includes(name))
      projectConfig[name] = value;
  }
  return { stack, file, projectConfig, allConfig, secretKeys: secretKeys.sort() };
}

/** The parsed stack file, or an error naming the file and what to change. */
function parseYaml(file: string, text: string): unknown {
  try {
    return parse(text, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias count/i.test(error.message)) {
      throw new Error(
        `${file}: too many YAML alias expansions (over ${MAX_ALIAS_COUNT}; aliases of aliases are the shape of a "billion laughs" attack) — ` +
          "write the values out instead of nesting *aliases; a stack file needs none",
        { cause: error },
      );
    }
    if (error instanceof YAMLError || error instanceof ReferenceError)
      throw new Error(`${file}: not valid YAML — ${error.message.trim()}`, { cause: error });
    throw error;
  }
}
