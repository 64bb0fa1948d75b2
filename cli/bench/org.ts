import { MAX_GROUPS_PER_PROFILE } from "../../components/plan";
import { createPrng, Prng } from "./prng";
import {
  ALLOW_COMMANDS,
  ASK_COMMANDS,
  DENY_COMMANDS,
  DENY_HOSTS,
  DEPARTMENTS,
  DOC_HOSTS,
  FUNCTIONS,
  GROUP_TEAMS,
  MCP_SERVERS,
  MODULES,
  ROLES,
  SITES,
  SOURCE_AREAS,
  STDIO_SERVERS,
  TEAMS,
} from "./vocabulary";

/**
 * Synthetic organisations for the bench: a template stack's config (the prod sample) with its
 * org-shaped sections — profiles, assignments, the MCP and network-domain catalogues — replaced by generated ones of
 * the requested size. Every other section (baseline, credentials, telemetry, distribution, and
 * whatever later work adds) is carried over verbatim, so the bench follows the schema as it grows.
 */

export interface OrgShape {
  /** PRNG seed: the same shape and seed give byte-identical config. */
  readonly seed: number;
  /** Directory groups assigned to profiles (display names and object ids). */
  readonly groups: number;
  readonly profiles: number;
  /** Profiles per inheritance chain: 1 means no `extends`, 4 means chains of four. */
  readonly extendsDepth: number;
  /** Permission rules each profile adds (allow, ask and deny together; at least one deny). */
  readonly rulesPerProfile: number;
  /** Servers added to the template's MCP catalogue. */
  readonly mcpServers: number;
  /** Share of groups given by Entra object id rather than display name, 0..1. */
  readonly objectIdShare: number;
}

export const DEFAULT_SHAPE: Omit<OrgShape, "groups" | "profiles"> = {
  seed: 0x5eed,
  extendsDepth: 4,
  rulesPerProfile: 12,
  mcpServers: 8,
  objectIdShare: 0.15,
};

/** Most profiles a shape may ask for: every role alone, then every team–role pair. */
export const MAX_PROFILES = ROLES.length * (TEAMS.length + 1);

/** Raw project config (keys without the `claude-code-rollout:` prefix), ready for loadRolloutConfig. */
export function generateOrg(shape: OrgShape, template: Readonly<Record<string, unknown>>): Record<string, unknown> {
  checkShape(shape);
  const prng = createPrng(shape.seed);
  const templateServers = asRecord(template.mcpServers);
  const generatedServers = generateMcpServers(shape.mcpServers, Object.keys(templateServers));
  const mcpServers = { ...templateServers, ...generatedServers };
  const networkDomains = {
    ...asRecord(template.networkDomains),
    [DOCS_DOMAINS]: { domains: [...DOC_HOSTS], purpose: "Documentation sites the bench profiles fetch" },
  };
  const names = profileNames(shape.profiles);
  const profiles = Object.fromEntries(
    names.map((name, i) => [
      name,
      generateProfile(prng, shape, names, i, Object.keys(mcpServers).sort(), modelAliases(template)),
    ]),
  );
  // One implicit ring: a generated organisation has no release file, so every profile runs its compile.
  const withoutRings = Object.fromEntries(Object.entries(template).filter(([key]) => key !== "rollout"));
  return {
    ...withoutRings,
    profiles,
    assignments: generateAssignments(prng, shape, names),
    mcpServers,
    networkDomains,
  };
}

/** The network-domain catalogue entry holding every documentation host the allow rules fetch. */
export const DOCS_DOMAINS = "bench-docs";

/** `shape.profiles` distinct names: the roles first, then `<team>-<role>`. */
export function profileNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i < ROLES.length ? ROLES[i] : `${TEAMS[Math.floor(i / ROLES.length) - 1]}-${ROLES[i % ROLES.length]}`,
  );
}

function checkShape(shape: OrgShape): void {
  const problems = [
    !(Number.isInteger(shape.profiles) && shape.profiles >= 1 && shape.profiles <= MAX_PROFILES) &&
      `profiles must be 1..${MAX_PROFILES}`,
    !(Number.isInteger(shape.groups) && shape.groups >= 0 && shape.groups <= shape.profiles * MAX_GROUPS_PER_PROFILE) &&
      `groups must be a whole number from 0 to profiles × ${MAX_GROUPS_PER_PROFILE} (the groups one profile's app can list)`,
    !(Number.isInteger(shape.extendsDepth) && shape.extendsDepth >= 1) && "extendsDepth must be ≥ 1 (1 = no extends)",
    !(Number.isInteger(shape.rulesPerProfile) && shape.rulesPerProfile >= 0) && "rulesPerProfile must be ≥ 0",
    !(Number.isInteger(shape.mcpServers) && shape.mcpServers >= 0 && shape.mcpServers <= MCP_SERVERS.length) &&
      `mcpServers must be 0..${MCP_SERVERS.length}`,
    !(shape.objectIdShare >= 0 && shape.objectIdShare <= 1) && "objectIdShare must be within 0..1",
  ].filter((p): p is string => typeof p === "string");
  if (problems.length) throw new Error(`bench org shape ${JSON.stringify(shape)}: ${problems.join("; ")}`);
}

/**
 * One profile. Profiles form chains of `extendsDepth` (each extends the previous one), priorities
 * rise by 10 so every child outranks its parent, and rules are split 3:1:1 allow:ask:deny.
 */
function generateProfile(
  prng: Prng,
  shape: OrgShape,
  names: readonly string[],
  index: number,
  servers: readonly string[],
  models: readonly string[],
) {
  const name = names[index];
  const parent = index % shape.extendsDepth === 0 ? undefined : names[index - 1];
  const picked = prng.sample(servers, prng.int(Math.min(3, servers.length) + 1)).sort();
  // At least the one deny the verify scenario probes.
  const denyCount = Math.max(1, Math.round(shape.rulesPerProfile / 5));
  const askCount = Math.round(shape.rulesPerProfile / 5);
  const allowCount = Math.max(0, shape.rulesPerProfile - denyCount - askCount);
  const deniedCommand = prng.pick(DENY_COMMANDS);
  const available = prng.sample(models, 1 + prng.int(models.length)).sort();
  return {
    priority: 10 * (index + 1),
    description: `${titleCase(name)} — synthetic profile ${index + 1} of ${names.length} for the bench`,
    // Chain roots state the intent (edits in the working dir, the docs hosts); children inherit it.
    ...(parent ? { extends: parent } : { intent: { edits: "workdir", network: [DOCS_DOMAINS] } }),
    permissions: {
      allow: distinctRules(allowCount, () => allowRule(prng, picked)),
      ask: distinctRules(askCount, () => askRule(prng, picked)),
      deny: distinctRules(denyCount, () => denyRule(prng), [`Bash(${deniedCommand} *)`]),
    },
    mcp: picked,
    ...(available.length > 0 && { models: { available, default: prng.pick(available) } }),
    automation: prng.next() < 0.1,
    verify: [
      {
        name: `${deniedCommand} is denied`,
        tool: "Bash",
        input: { command: `${deniedCommand} bench-target` },
        expect: "denied",
      },
    ],
  };
}

function allowRule(prng: Prng, servers: readonly string[]): string {
  switch (prng.int(servers.length ? 5 : 4)) {
    // Exact commands: an allow that runs repository code with any arguments is a config error.
    case 0:
      return `Bash(${prng.pick(ALLOW_COMMANDS)})`;
    case 1:
      return `Read(./${prng.pick(SOURCE_AREAS)}/${prng.pick(MODULES)}/**)`;
    case 2:
      return `Edit(./${prng.pick(SOURCE_AREAS)}/${prng.pick(MODULES)}/**)`;
    case 3:
      return `WebFetch(domain:${prng.pick(DOC_HOSTS)})`;
    default:
      return `mcp__${prng.pick(servers)}__${prng.pick(["get", "list", "search"])}_*`;
  }
}

function askRule(prng: Prng, servers: readonly string[]): string {
  switch (prng.int(servers.length ? 3 : 2)) {
    case 0:
      return `Bash(${prng.pick(ASK_COMMANDS)} *)`;
    case 1:
      return `Edit(./deploy/${prng.pick(["dev", "staging", "prod"])}/**)`;
    default:
      return `mcp__${prng.pick(servers)}__${prng.pick(["create", "update", "delete"])}_*`;
  }
}

function denyRule(prng: Prng): string {
  switch (prng.int(3)) {
    case 0:
      return `Bash(${prng.pick(DENY_COMMANDS)} *)`;
    case 1:
      return `Read(./secrets/${prng.pick(MODULES)}/**)`;
    default:
      return `WebFetch(domain:${prng.pick(DENY_HOSTS)})`;
  }
}

/** Up to `count` distinct rules (`first` included), sorted; gives up on a small vocabulary rather than loop forever. */
function distinctRules(count: number, make: () => string, first: readonly string[] = []): string[] {
  const rules = new Set<string>(first);
  for (let attempts = 0; rules.size < count && attempts < count * 20; attempts++) rules.add(make());
  return [...rules].sort();
}

/**
 * Every profile gets one group first (so none is unassigned), the rest follow a Zipf law over a
 * shuffled profile order: a few profiles (developers) carry most groups, as in a real tenant.
 * A profile that reaches the groups its app can list takes no more (its weight drops to zero), as
 * a tenant that size splits it. Users in several groups are what makes profiles overlap; in config
 * that is just distinct groups per profile, resolved on devices by priority (include/exclude groups).
 */
function generateAssignments(prng: Prng, shape: OrgShape, names: readonly string[]) {
  const order = prng.sample(names, names.length);
  const weights = order.map((_, rank) => 1 / (rank + 1));
  const counts = order.map(() => 0);
  const seen = new Set<string>();
  return Array.from({ length: shape.groups }, (_, i) => {
    const index = i < order.length ? i : weightedPick(prng, weights);
    if (++counts[index] === MAX_GROUPS_PER_PROFILE) weights[index] = 0;
    return { group: uniqueGroupName(prng, shape, seen), profile: order[index] };
  });
}

/** An index drawn with probability proportional to its weight (zero-weight indices never). */
function weightedPick(prng: Prng, weights: readonly number[]): number {
  let target = prng.next() * weights.reduce((a, b) => a + b, 0);
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue;
    last = i;
    target -= weights[i];
    if (target < 0) return i;
  }
  return last;
}

function uniqueGroupName(prng: Prng, shape: OrgShape, seen: Set<string>): string {
  const base =
    prng.next() < shape.objectIdShare
      ? prng.guid()
      : [
          prng.pick(DEPARTMENTS),
          prng.pick(GROUP_TEAMS),
          prng.pick(FUNCTIONS),
          ...(prng.next() < 0.6 ? [prng.pick(SITES)] : []),
        ].join(" - ");
  let name = base;
  for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  seen.add(name.toLowerCase());
  return name;
}

function generateMcpServers(count: number, taken: readonly string[]): Record<string, unknown> {
  const names = MCP_SERVERS.filter((name) => !taken.includes(name)).slice(0, count);
  return Object.fromEntries(
    names.map((name, i) => [
      name,
      STDIO_SERVERS.has(name)
        ? { command: `/usr/local/bin/mcp-${name}`, args: ["--read-only"], purpose: `${titleCase(name)} (local bridge)` }
        : {
            type: i % 4 === 3 ? "sse" : "http",
            url: `https://mcp.${name}.example.com/${i % 4 === 3 ? "sse" : "mcp"}`,
            purpose: `${titleCase(name)} for engineering work`,
          },
    ]),
  );
}

/**
 * Model aliases profiles may choose: those credentials define, within the baseline's ceiling.
 * Empty when the template has neither (profiles then set no models).
 */
function modelAliases(template: Readonly<Record<string, unknown>>): string[] {
  const defined = Object.keys(asRecord(asRecord(template.credentials).models));
  const ceiling = asRecord(asRecord(template.baseline).models).available;
  const aliases = defined.length ? defined : Array.isArray(ceiling) ? ceiling.map(String) : [];
  return aliases.filter((alias) => !Array.isArray(ceiling) || ceiling.includes(alias)).sort();
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function titleCase(name: string): string {
  return name
    .split("-")
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(" ");
}
