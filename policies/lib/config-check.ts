import type { EnforcementLevel, Policy } from "@pulumi/policy";
import type { PolicyConfigJSONSchema, PolicyConfigJSONSchemaDefinition } from "@pulumi/policy/schema";
import { compareCodePoints } from "../../components/config/text";
import { exemptionProblems } from "./exemptions";
import { isRecord } from "./values";

const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A `--policy-pack-config` file: `{ all?: level, <policy>?: level | { enforcementLevel?, ...properties } }`. */
export type PackConfig = Record<string, unknown>;

/**
 * What the Pulumi CLI would reject in a policy-pack config (unknown policy, bad level, values
 * outside a policy's configSchema), plus exemption entries without reason or expiry, as
 * `<path>: <problem>` lines. The offline evaluator reports them as mandatory violations.
 */
export function configProblems(config: unknown, policies: readonly Policy[]): string[] {
  if (!isRecord(config)) {
    return ["(root): policy config must be a JSON object keyed by policy name"];
  }
  const byName = new Map(policies.map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config).sort(([a], [b]) => compareCodePoints(a, b))) {
    const policy = byName.get(key);
    if (key === "all") {
      problems.push(...levelProblems("all", value));
    } else if (!policy) {
      problems.push(
        `${key}: no policy of that name in the pack — check the spelling (policies: ${[...byName.keys()].sort(compareCodePoints).join(", ")})`,
      );
    } else if (typeof value === "string") {
      problems.push(...levelProblems(key, value));
    } else if (!isRecord(value)) {
      problems.push(`${key}: must be an enforcement level or an object of config properties`);
    } else {
      problems.push(...policyConfigProblems(policy, value));
    }
  }
  return problems;
}

/** The level a policy runs at: its own config entry, then `all`, then its default (as the CLI resolves it). */
export function effectiveLevel(policy: Policy, config: PackConfig): EnforcementLevel {
  const own = config[policy.name];
  const configured = typeof own === "string" ? own : isRecord(own) ? own.enforcementLevel : undefined;
  const level = configured ?? config.all ?? policy.enforcementLevel ?? "advisory";
  return level as EnforcementLevel;
}

/** The object `args.getConfig()` returns for a policy: its properties without enforcementLevel. */
export function policyProperties(policy: Policy, config: PackConfig): Record<string, unknown> {
  const own = config[policy.name];
  if (!isRecord(own)) {
    return {};
  }
  const { enforcementLevel: _level, ...properties } = own;
  return properties;
}

function policyConfigProblems(policy: Policy, value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const properties = policy.configSchema?.properties ?? {};
  for (const [property, setting] of Object.entries(value).sort(([a], [b]) => compareCodePoints(a, b))) {
    const path = `${policy.name}.${property}`;
    if (property === "enforcementLevel") {
      problems.push(...levelProblems(path, setting));
    } else if (property === "exemptions" && Array.isArray(setting)) {
      setting.forEach((entry, i) =>
        problems.push(...exemptionProblems(policy.name, entry).map((p) => `${path}[${i}].${p}`)),
      );
    } else if (!(property in properties)) {
      problems.push(
        `${path}: not a setting of this policy (settings: ${Object.keys(properties).sort(compareCodePoints).join(", ")})`,
      );
    } else {
      problems.push(...schemaProblems(path, setting, properties[property]));
    }
  }
  return problems;
}

function levelProblems(path: string, value: unknown): string[] {
  return (ENFORCEMENT_LEVELS as readonly unknown[]).includes(value)
    ? []
    : [`${path}: ${JSON.stringify(value)} is not an enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`];
}

/** The subset of JSON Schema the pack's configSchemas use. */
function schemaProblems(
  path: string,
  value: unknown,
  definition: PolicyConfigJSONSchemaDefinition | undefined,
): string[] {
  if (definition === undefined || typeof definition === "boolean") {
    return [];
  }
  const schema: PolicyConfigJSONSchema = definition;
  const typeProblem = schema.type && !asTypes(schema.type).some((t) => hasType(value, t));
  if (typeProblem) {
    return [`${path}: expected ${asTypes(schema.type!).join(" or ")}, got ${JSON.stringify(value)}`];
  }
  const problems: string[] = [];
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    problems.push(
      `${path}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`,
    );
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push(`${path}: ${value} is below the minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push(`${path}: ${value} is above the maximum ${schema.maximum}`);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: must not be empty`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
      problems.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (Array.isArray(value) && schema.items && !Array.isArray(schema.items)) {
    const items = schema.items;
    value.forEach((item, i) => problems.push(...schemaProblems(`${path}[${i}]`, item, items)));
  }
  return problems;
}

function asTypes<T>(type: T | T[]): T[] {
  return Array.isArray(type) ? type : [type];
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return isRecord(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}
