import { z } from "zod";
import { checkRule, RuleList } from "../config/rules";
import { hooksSchema } from "../config/hooks";

/**
 * Every key the compiler may emit, typed as the pinned client (2.1.329) reads it. Strict: the
 * client silently ignores unknown keys and drops invalid values, so anything else is a bug here.
 */

const rules = (list: RuleList) =>
  z.array(
    z.string().superRefine((rule, ctx) => {
      const checked = checkRule(rule, list);
      if (!checked.ok) ctx.addIssue({ code: "custom", message: `invalid ${list} rule "${rule}": ${checked.error}` });
    }),
  );

const mcpServerEntry = z.union([
  z.strictObject({ serverName: z.string().regex(/^[a-zA-Z0-9_-]+$/) }),
  z.strictObject({ serverCommand: z.array(z.string()).min(1) }),
  z.strictObject({ serverUrl: z.string().min(1) }),
]);

const paths = z.array(z.string().min(1));

/** Every stricter sandbox key of 2.1.329 is pinned; a loosening value is a compiler bug. */
const sandboxSchema = z.strictObject({
  enabled: z.literal(true),
  failIfUnavailable: z.literal(true),
  allowUnsandboxedCommands: z.literal(false),
  autoAllowBashIfSandboxed: z.literal(false),
  enableWeakerNestedSandbox: z.literal(false),
  enableWeakerNetworkIsolation: z.literal(false),
  allowNestedUserNamespaces: z.literal(false),
  allowAppleEvents: z.literal(false),
  filesystem: z.strictObject({
    allowWrite: paths.min(1).optional(),
    denyWrite: paths,
    denyRead: paths,
    allowManagedReadPathsOnly: z.literal(true),
    disabled: z.literal(false),
  }),
  credentials: z.strictObject({
    envVars: z.array(z.strictObject({ name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/), mode: z.literal("deny") })).min(1),
  }),
  network: z.strictObject({
    allowedDomains: z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+(:[0-9]+)?$/)),
    allowManagedDomainsOnly: z.literal(true),
    strictAllowlist: z.literal(true),
    allowLocalBinding: z.literal(false),
    allowAllUnixSockets: z.literal(false),
  }),
});

export const managedSettingsSchema = z
  .strictObject({
    permissions: z.strictObject({
      allow: rules("allow"),
      ask: rules("ask"),
      deny: rules("deny"),
      defaultMode: z.enum(["default", "acceptEdits", "plan", "auto", "dontAsk", "bypassPermissions"]).optional(),
      disableBypassPermissionsMode: z.literal("disable"),
      disableAutoMode: z.literal("disable"),
      additionalDirectories: z.array(z.string()).optional(),
      denyInsteadOfPrompting: z.literal(true).optional(),
      blockWritesOutsideWorkingDirectories: z.literal(true).optional(),
    }),
    disableAutoMode: z.literal("disable"),
    sandbox: sandboxSchema.optional(),
    allowManagedPermissionRulesOnly: z.literal(true),
    allowManagedHooksOnly: z.literal(true),
    allowManagedMcpServersOnly: z.literal(true),
    disableSkillShellExecution: z.literal(true),
    allowedMcpServers: z.array(mcpServerEntry),
    deniedMcpServers: z.array(mcpServerEntry).optional(),
    enableAllProjectMcpServers: z.literal(false),
    env: z.record(z.string(), z.string()),
    hooks: hooksSchema.refine(
      (h) => h.PreToolUse?.[0]?.matcher === "*",
      "the root guard must be the first PreToolUse hook",
    ),
    model: z.string().optional(),
    availableModels: z.array(z.string()).min(1).optional(),
    enforceAvailableModels: z.literal(true).optional(),
    allowedProviders: z
      .array(
        z.enum(["anthropic", "bedrock", "vertex", "foundry", "anthropicAws", "mantle", "customEndpoint", "gateway"]),
      )
      .optional(),
    awsCredentialExport: z.string().min(1).optional(),
    otelHeadersHelper: z.string().min(1).optional(),
    cleanupPeriodDays: z.number().int().min(1).optional(),
    companyAnnouncements: z.array(z.string()).optional(),
    requiredMinimumVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
  })
  .refine((s) => s.availableModels === undefined || s.enforceAvailableModels === true, {
    message: "availableModels binds the default model only with enforceAvailableModels: true",
    path: ["enforceAvailableModels"],
  });

export type ManagedSettings = z.infer<typeof managedSettingsSchema>;

/** managed-mcp.json: the org-provided servers, the only ones that load while the file exists. */
export const managedMcpSchema = z.strictObject({
  mcpServers: z.record(
    z.string().regex(/^[a-zA-Z0-9_-]+$/),
    z.union([
      z.strictObject({ type: z.enum(["http", "sse"]), url: z.string().url() }),
      z.strictObject({ command: z.string().min(1), args: z.array(z.string()) }),
    ]),
  ),
});

export type ManagedMcp = z.infer<typeof managedMcpSchema>;
