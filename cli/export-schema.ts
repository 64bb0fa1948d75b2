import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { rolloutConfigSchema } from "../components/config";

/**
 * `npm run schema`: writes stacks/stack-config.schema.json, the JSON Schema of a stack file, so
 * editors validate `Pulumi.<env>.yaml` as it is typed. Regenerate after changing the config model;
 * a test fails while the committed file is stale.
 */
export const SCHEMA_FILE = path.resolve(__dirname, "..", "stacks", "stack-config.schema.json");
const PROJECT = "claude-code-rollout";

export function renderStackSchema(): string {
  const config = z.toJSONSchema(rolloutConfigSchema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  const {
    $schema,
    properties = {},
    required = [],
    ...rest
  } = config as { $schema?: string; properties?: Record<string, unknown>; required?: string[] };
  const prefixed = (key: string) => `${PROJECT}:${key}`;
  const schema = {
    $schema,
    title: "claude-code-rollout stack file",
    type: "object",
    properties: {
      config: {
        ...rest,
        type: "object",
        description:
          "Stack config: project keys under the claude-code-rollout namespace; provider keys (aws:*, azuread:*) pass through",
        properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [prefixed(k), v])),
        required: required.map(prefixed),
        additionalProperties: true,
      },
    },
  };
  return JSON.stringify(schema, null, 2) + "\n";
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, renderStackSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
