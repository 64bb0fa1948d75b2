import { z } from "zod";
import { credentialsSchema, credentialsSectionProblems } from "./credentials";
import { distributionSchema } from "./distribution";
import { networkDomainsSchema } from "./domains";
import { hooksSchema } from "./hooks";
import { intentSchema, secretPathsSchema } from "./intent-schema";
import { stagedRolloutSchema } from "./rollout-rings";
import { bedrockInvocationLogProblems, telemetrySchema } from "./telemetry";

/**
 * The stack config a platform team edits (`stacks/Pulumi.<env>.yaml`, keys under the
 * `claude-code-rollout:` namespace). Shapes, and the checks between the sections' own keys
 * (crossSectionProblems); the checks against profiles and rules live in load.ts.
 */

export const PROFILE_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const ruleList = z.array(z.string()).default([]);

const permissionsSchema = z.strictObject({
  allow: ruleList.describe("rules the client approves without asking"),
  ask: ruleList.describe("rules that always ask; inherited asks can never be removed"),
  deny: ruleList.describe("rules that are always denied; inherited denies can never be removed"),
  defaultMode: z
    .enum(["default", "acceptEdits", "plan", "auto", "dontAsk", "bypassPermissions"])
    .optional()
    .describe("starting mode only — users can override it per run; enforce with rules and locks"),
  disableBypassPermissionsMode: z.literal("disable").optional(),
  disableAutoMode: z.literal("disable").optional(),
  additionalDirectories: z.array(z.string().min(1)).optional(),
});

const locksSchema = z.strictObject({
  allowManagedPermissionRulesOnly: z
    .boolean()
    .optional()
    .describe("ignore permission rules from user and project files"),
  allowManagedHooksOnly: z.boolean().optional().describe("run managed hooks only"),
  allowManagedMcpServersOnly: z.boolean().optional().describe("read the MCP allowlist from managed settings only"),
});

const modelsSchema = z.strictObject({
  available: z.array(z.string().min(1)).min(1).describe("models the client may use (aliases such as sonnet); enforced"),
  default: z.string().min(1).optional().describe("starting model; must be one of available"),
});

const telemetryOptionsSchema = z.strictObject({
  logUserPrompts: z.boolean().default(false).describe("send prompt text; needs telemetry.logUserPrompts org-wide"),
  logToolDetails: z.boolean().default(true).describe("send tool parameters such as the full Bash command (audit)"),
});

/** What the baseline and every profile may set. */
const profileBodyShape = {
  permissions: permissionsSchema.prefault({}),
  locks: locksSchema.prefault({}),
  mcp: z.array(z.string()).default([]).describe("MCP servers from the catalogue (mcpServers) by name"),
  models: modelsSchema.optional(),
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "environment variable names are letters, digits and _"),
      z.string(),
    )
    .default({}),
  hooks: hooksSchema.default({}),
  announcements: z.array(z.string().min(1)).default([]).describe("shown to users at start-up"),
};

const baselineSchema = z.strictObject({
  ...profileBodyShape,
  cleanupPeriodDays: z.number().int().min(1).max(3650).optional().describe("local transcript retention on devices"),
  secretPaths: secretPathsSchema,
});

export const verifyScenarioSchema = z.strictObject({
  name: z.string().min(1).optional(),
  tool: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  expect: z.enum(["executed", "denied", "asked"]),
});

const profileSchema = z.strictObject({
  ...profileBodyShape,
  priority: z.number().int().min(0).describe("when a user's groups map to several profiles, the highest priority wins"),
  description: z.string().min(1),
  extends: z.string().optional().describe("parent profile whose rules, locks and servers this one inherits"),
  intent: intentSchema
    .optional()
    .describe("what the profile may do (edits, network); required without extends, only tightened below"),
  automation: z.boolean().default(false).describe("issue short-lived machine credentials (CI, headless claude -p)"),
  groupObjectId: z
    .string()
    .regex(UUID, "expected the object id (a GUID) of an existing Entra security group")
    .optional()
    .describe(
      "adopt this existing Entra security group as the profile's group instead of creating claude-code-<env>-<profile>",
    ),
  telemetry: telemetryOptionsSchema.prefault({}),
  verify: z.array(verifyScenarioSchema).default([]).describe("conformance scenarios run against the real client"),
});

const remoteServerSchema = z.strictObject({
  type: z.enum(["http", "sse"]).default("http"),
  url: z.url({ protocol: /^https$/, error: "MCP server URLs must be https://" }),
  purpose: z.string().min(1),
});

const stdioServerSchema = z.strictObject({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  purpose: z.string().min(1),
});

export const rolloutConfigSchema = z
  .strictObject({
    tenantId: z.string().regex(UUID, "expected the Entra tenant id (a GUID)"),
    requiredMinimumVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, "expected a version such as 2.1.329")
      .optional()
      .describe("oldest client allowed to start; defaults to the pinned client version"),
    baseline: baselineSchema.prefault({}),
    profiles: z
      .record(z.string().regex(PROFILE_NAME, "profile names are lowercase letters, digits and -"), profileSchema)
      .refine((p) => Object.keys(p).length > 0, "define at least one profile"),
    assignments: z
      .array(
        z.strictObject({
          group: z.string().trim().min(1).describe("Entra ID group: display name or object id"),
          profile: z.string(),
        }),
      )
      .default([]),
    networkDomains: networkDomainsSchema,
    mcpServers: z
      .record(
        z.string().regex(/^[a-zA-Z0-9_-]+$/, "server names are letters, digits, _ and -"),
        z.union([remoteServerSchema, stdioServerSchema]),
      )
      .default({}),
    distribution: distributionSchema.optional(),
    credentials: credentialsSchema.optional(),
    telemetry: telemetrySchema.optional(),
    rollout: stagedRolloutSchema
      .optional()
      .describe("staged rollout rings and promotion thresholds; without it every device runs the current compile"),
  })
  .superRefine((config, ctx) => {
    for (const problem of crossSectionProblems(config)) ctx.addIssue({ code: "custom", ...problem });
  });

type RolloutConfigShape = z.output<typeof rolloutConfigSchema>;

/** Checks between sections: the vault's administrators, an adopted OIDC provider, adopted groups, Bedrock logs. */
function crossSectionProblems(config: RolloutConfigShape): { path: (string | number)[]; message: string }[] {
  const automationProfiles = Object.entries(config.profiles)
    .filter(([, profile]) => profile.automation)
    .map(([name]) => name);
  return [
    ...(config.credentials
      ? credentialsSectionProblems({
          tenantId: config.tenantId,
          credentials: config.credentials,
          automationProfiles,
          siem: config.telemetry?.siem !== undefined,
        })
      : []),
    ...(config.telemetry
      ? bedrockInvocationLogProblems({ telemetry: config.telemetry, credentials: config.credentials !== undefined })
      : []),
    ...adoptedGroupProblems(config),
  ];
}

/**
 * An adopted group is one profile's and is not also a directory group assigned to a profile: the
 * program nests assigned groups into profile groups, and a group nested in itself or in a second
 * profile's group would hand out two profiles.
 */
function adoptedGroupProblems(config: RolloutConfigShape): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const owner = new Map<string, string>();
  const assigned = new Set(config.assignments.map((a) => a.group.toLowerCase()));
  for (const [name, profile] of Object.entries(config.profiles)) {
    if (!profile.groupObjectId) continue;
    const id = profile.groupObjectId.toLowerCase();
    const path = ["profiles", name, "groupObjectId"];
    const first = owner.get(id);
    if (first) {
      problems.push({
        path,
        message: `profile "${first}" already adopts group ${profile.groupObjectId} — each profile needs its own group`,
      });
    } else owner.set(id, name);
    if (assigned.has(id)) {
      problems.push({
        path,
        message: `group ${profile.groupObjectId} is also in assignments — a profile's own group holds the assigned groups, so adopt a different group or remove the assignment`,
      });
    }
  }
  return problems;
}

export type RawRolloutConfig = z.input<typeof rolloutConfigSchema>;
export type ParsedRolloutConfig = z.output<typeof rolloutConfigSchema>;
/** What the baseline and every profile may set (secretPaths is the baseline's alone). */
export type ProfileBody = Omit<z.output<typeof baselineSchema>, "secretPaths">;
export type ProfileConfig = z.output<typeof profileSchema>;
export type McpServerConfig = ParsedRolloutConfig["mcpServers"][string];
export type VerifyScenario = z.output<typeof verifyScenarioSchema>;

export function isObjectId(group: string): boolean {
  return UUID.test(group);
}
