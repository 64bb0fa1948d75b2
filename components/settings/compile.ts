import { checkRule, RolloutConfig, VerifyScenario } from "../config";
import { indexRules } from "../config/rule-covers";
import { OsFamily } from "./client-helpers";
import { mdmTargeting } from "./overlap";
import { providerSettings } from "./provider";
import { policyHashOf, renderCanonicalJson, resolvedSha256, sha256Hex } from "./render";
import { EffectiveProfile, resolveProfile } from "./resolve";
import { ManagedMcp, managedMcpSchema, ManagedSettings, managedSettingsSchema } from "./schema";
import { intentRules, profileIntent, ProfileIntent } from "./intent";
import { withRootGuard } from "./root-guard";
import { sandboxSettings } from "./sandbox";
import { policyAttributes, telemetrySettings } from "./telemetry";

/** One managed-settings.json as it ships to one OS family. */
export interface SettingsDocument {
  readonly settings: ManagedSettings;
  /** Its exact bytes: canonical JSON. */
  readonly settingsJson: string;
  /** sha256 of settingsJson; installers and drift detection check it. */
  readonly settingsSha256: string;
  /** What the client reports in `managed_settings_resolved` when it takes the document whole. */
  readonly resolvedSha256: string;
}

/** The profile's document for macOS and Linux is the profile itself; Windows differs only in helper commands. */
export interface CompiledProfile extends SettingsDocument {
  readonly name: string;
  readonly priority: number;
  readonly description: string;
  readonly windows: SettingsDocument;
  /**
   * sha256 of the policy (the POSIX document before the hash itself was stamped into
   * OTEL_RESOURCE_ATTRIBUTES, with the managed MCP servers; policyHashOf); the same for both OS families.
   */
  readonly policyHash: string;
  /** managed-mcp.json, when the profile gets org-provided MCP servers. */
  readonly mcp?: { readonly document: ManagedMcp; readonly json: string; readonly sha256: string };
  readonly includeGroup: string;
  readonly excludeGroups: readonly string[];
  readonly assignedGroups: readonly string[];
  readonly automation: boolean;
  readonly verify: readonly VerifyScenario[];
  readonly effective: EffectiveProfile;
  /** What the profile promises; the documents enforce it (see docs/enforcement.md). */
  readonly intent: ProfileIntent;
}

export interface CompiledRollout {
  readonly environment: string;
  readonly clientVersion: string;
  /** Ascending priority. */
  readonly profiles: readonly CompiledProfile[];
  readonly assignments: readonly { readonly group: string; readonly profile: string }[];
  /** Non-fatal findings, each naming the config path (e.g. an allow a deny makes dead). */
  readonly warnings: readonly string[];
}

/** A settings object with its exact bytes and the hashes installers and telemetry check. */
export function settingsDocument(settings: ManagedSettings): SettingsDocument {
  const settingsJson = renderCanonicalJson(settings);
  return { settings, settingsJson, settingsSha256: sha256Hex(settingsJson), resolvedSha256: resolvedSha256(settings) };
}

/** managed-mcp.json with its exact bytes and sha256. */
export function managedMcpDocument(document: ManagedMcp): NonNullable<CompiledProfile["mcp"]> {
  const json = renderCanonicalJson(document);
  return { document, json, sha256: sha256Hex(json) };
}

/** Compiles every profile of a validated config into the documents the client reads. */
export function compileRollout(config: RolloutConfig, clientVersion: string): CompiledRollout {
  const warnings: string[] = [];
  const profiles = Object.keys(config.profiles)
    .sort((a, b) => config.profiles[a].priority - config.profiles[b].priority)
    .map((name) => {
      const effective = resolveProfile(config, name);
      warnings.push(...shadowedAllows(effective), ...riskyAllows(effective), ...withheldOnWindows(effective));
      if (!config.assignments.some((a) => a.profile === name)) {
        warnings.push(`profiles.${name}: no group is assigned to this profile, so no device receives it`);
      }
      return compileProfile(config, effective, clientVersion);
    });
  return { environment: config.environment, clientVersion, profiles, assignments: config.assignments, warnings };
}

function compileProfile(config: RolloutConfig, profile: EffectiveProfile, clientVersion: string): CompiledProfile {
  const mcp = buildManagedMcp(config, profile);
  const policyHash = policyHashOf(buildSettings(config, profile, clientVersion, "posix"), mcp);
  const document = (os: OsFamily): SettingsDocument => {
    const unstamped = buildSettings(config, profile, clientVersion, os);
    const settings = validated(
      {
        ...unstamped,
        env: {
          ...unstamped.env,
          OTEL_RESOURCE_ATTRIBUTES: policyAttributes(config.environment, profile.name, policyHash),
        },
      },
      profile.name,
    );
    return settingsDocument(settings);
  };
  return {
    name: profile.name,
    priority: profile.priority,
    description: profile.description,
    ...document("posix"),
    windows: document("windows"),
    policyHash,
    mcp: mcp && managedMcpDocument(mcp),
    ...mdmTargeting(config, profile.name),
    automation: profile.automation,
    verify: profile.verify,
    effective: profile,
    intent: profileIntent(profile.intent),
  };
}

function buildSettings(
  config: RolloutConfig,
  profile: EffectiveProfile,
  clientVersion: string,
  os: OsFamily,
): ManagedSettings {
  const provider = providerSettings(config, profile, os);
  const telemetry = telemetrySettings(config, profile, os);
  const rules = intentRules(profile, profile.intent, os);
  return {
    permissions: {
      allow: rules.allow,
      ask: rules.ask,
      deny: rules.deny,
      ...(profile.defaultMode && { defaultMode: profile.defaultMode }),
      disableBypassPermissionsMode: "disable",
      disableAutoMode: "disable",
      ...(profile.additionalDirectories.length && { additionalDirectories: [...profile.additionalDirectories] }),
      // Read-only: nothing unlisted can run, so no command outside the rules can write.
      ...(profile.intent.edits === "none"
        ? { denyInsteadOfPrompting: true as const }
        : { blockWritesOutsideWorkingDirectories: true as const }),
    },
    disableAutoMode: "disable",
    // Rules, hooks and MCP servers from the repository or the user could widen what the intent allows.
    allowManagedPermissionRulesOnly: true,
    allowManagedHooksOnly: true,
    allowManagedMcpServersOnly: true,
    // Inline shell in repository or user skills would run outside the rules.
    disableSkillShellExecution: true,
    ...(os === "posix" && { sandbox: sandboxSettings(profile.intent) }),
    allowedMcpServers: profile.mcp.map((serverName) => ({ serverName })),
    enableAllProjectMcpServers: false,
    env: { ...profile.env, ...provider.env, ...telemetry.env },
    hooks: withRootGuard(profile.hooks, os),
    ...(profile.models && {
      availableModels: [...profile.models.available],
      enforceAvailableModels: true as const,
      ...(profile.models.default && { model: profile.models.default }),
    }),
    ...(provider.allowedProviders && { allowedProviders: provider.allowedProviders }),
    ...(provider.awsCredentialExport && { awsCredentialExport: provider.awsCredentialExport }),
    ...(telemetry.otelHeadersHelper && { otelHeadersHelper: telemetry.otelHeadersHelper }),
    ...(profile.cleanupPeriodDays !== undefined && { cleanupPeriodDays: profile.cleanupPeriodDays }),
    ...(profile.announcements.length && { companyAnnouncements: [...profile.announcements] }),
    requiredMinimumVersion: config.requiredMinimumVersion ?? clientVersion,
  };
}

function buildManagedMcp(config: RolloutConfig, profile: EffectiveProfile): ManagedMcp | undefined {
  if (!profile.mcp.length) return undefined;
  const mcpServers = Object.fromEntries(
    profile.mcp.map((name) => {
      const server = config.mcpServers[name];
      return [
        name,
        "url" in server ? { type: server.type, url: server.url } : { command: server.command, args: server.args },
      ];
    }),
  );
  return managedMcpSchema.parse({ mcpServers });
}

/** The compiler must never emit what the client would drop; a failure here is a compiler bug. */
function validated(settings: ManagedSettings, profile: string): ManagedSettings {
  const result = managedSettingsSchema.safeParse(settings);
  if (!result.success) {
    throw new Error(
      `compiled settings for profile "${profile}" fail the client schema: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return settings;
}

/** Allow rules the grammar accepts but that approve more than they seem to. */
function riskyAllows(profile: EffectiveProfile): string[] {
  return profile.allow.flatMap((allow) => {
    const checked = checkRule(allow, "allow");
    return checked.ok ? checked.warnings.map((w) => `profiles.${profile.name}: allow "${allow}": ${w}`) : [];
  });
}

function withheldOnWindows(profile: EffectiveProfile): string[] {
  const withheld = intentRules(profile, profile.intent, "windows").withheld;
  return withheld.length
    ? [
        `profiles.${profile.name}: Windows has no command sandbox, so its document leaves out the allows that run repository code (they ask there): ${withheld.map((r) => `"${r}"`).join(", ")}`,
      ]
    : [];
}

/** Judged on the rules that ship (every spelling of every deny and ask), not only the ones written. */
function shadowedAllows(profile: EffectiveProfile): string[] {
  const { deny: denies, ask: asks } = intentRules(profile, profile.intent, "posix");
  // Indexed, so each allow is tried against the few rules that can cover it (linear in the rules).
  const [denyIndex, askIndex] = [indexRules(denies), indexRules(asks)];
  const warnings: string[] = [];
  for (const allow of profile.allow) {
    const deny = denyIndex.firstCovering(allow);
    const ask = deny ? undefined : askIndex.firstCovering(allow);
    if (deny) warnings.push(`profiles.${profile.name}: allow "${allow}" is dead — deny "${deny}" always wins`);
    else if (ask)
      warnings.push(`profiles.${profile.name}: allow "${allow}" never applies — ask "${ask}" is checked first`);
  }
  return warnings;
}
