import { BUILTIN_SECRET_PATHS, normalisePath } from "../../../components/config/intent";
import { ruleRunsRepositoryCode } from "../../../components/config/shell-commands";
import { CREDENTIAL_ENV_VARS } from "../../../components/settings/sandbox";
import { rulesOf } from "../../lib/settings-document";
import { intentSettingsPolicy, objectAt, stringsAt } from "./intent-document";

export interface SandboxFailClosedConfig {
  /** Secret paths every document must keep unreadable, on top of the built-in set (e.g. the org's baseline.secretPaths). */
  requiredSecretPaths: string[];
}

/** Sandbox booleans that loosen it when true. */
const LOOSENING = [
  "allowUnsandboxedCommands",
  "autoAllowBashIfSandboxed",
  "enableWeakerNestedSandbox",
  "enableWeakerNetworkIsolation",
  "allowNestedUserNamespaces",
];
const NETWORK_LOOSENING = ["allowAllUnixSockets", "allowLocalBinding"];

/**
 * macOS/Linux documents run Bash confined or not at all; Windows documents (no sandbox there)
 * allow no command that runs repository code. Secrets stay unreadable by any sandboxed command.
 */
export const settingsSandboxFailClosed = intentSettingsPolicy<SandboxFailClosedConfig>({
  name: "settings-sandbox-fail-closed",
  description:
    "macOS/Linux documents enable the Bash sandbox fail-closed, with no escape, managed-only strict egress and every secret path unreadable; Windows documents allow no repository code.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Compile the document with the rollout compiler (components/settings) from a profile with an intent; do not edit sandbox keys by hand.",
  settings: {
    requiredSecretPaths: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Secret paths (~/… or /…) every document must deny reading.",
      },
      default: [],
    },
  },
  validate: ({ document, os }, { config, report }) => {
    if (os === "windows") {
      for (const rule of rulesOf(document, "allow").filter(ruleRunsRepositoryCode)) {
        report(
          `permissions.allow ${JSON.stringify(rule)} runs repository code, and Windows has no command sandbox to contain it.`,
        );
      }
      return;
    }
    const sandbox = objectAt(document, "sandbox");
    if (sandbox.enabled !== true) return report("sandbox.enabled is not true: Bash runs unconfined.");
    if (sandbox.failIfUnavailable !== true)
      report("sandbox.failIfUnavailable is not true: without bubblewrap/socat the client runs Bash unconfined.");
    for (const key of LOOSENING)
      if (sandbox[key] !== false) report(`sandbox.${key} must be false (it is ${JSON.stringify(sandbox[key])}).`);
    const filesystem = objectAt(sandbox, "filesystem");
    if (filesystem.disabled === true)
      report("sandbox.filesystem.disabled is true: commands read and write the whole disk.");
    if (filesystem.allowManagedReadPathsOnly !== true)
      report("sandbox.filesystem.allowManagedReadPathsOnly must be true, or a user file can re-open a denied path.");
    const denyRead = stringsAt(sandbox, "filesystem", "denyRead");
    const unread = [...BUILTIN_SECRET_PATHS, ...config.requiredSecretPaths.map(normalisePath)].filter(
      (secret) => !denyRead.some((path) => secret === path || secret.startsWith(`${path}/`)),
    );
    if (unread.length)
      report(
        `sandbox.filesystem.denyRead lacks the secret path(s) ${unread.map((p) => JSON.stringify(p)).join(", ")}.`,
      );
    const envVars = objectAt(sandbox, "credentials").envVars;
    const unset = new Set(
      (Array.isArray(envVars) ? envVars : []).filter((e) => objectAt(e).mode === "deny").map((e) => objectAt(e).name),
    );
    const exposed = CREDENTIAL_ENV_VARS.filter((name) => !unset.has(name));
    if (exposed.length)
      report(`sandbox.credentials.envVars does not unset ${exposed.join(", ")} for sandboxed commands.`);
    const network = objectAt(sandbox, "network");
    if (network.allowManagedDomainsOnly !== true)
      report("sandbox.network.allowManagedDomainsOnly must be true, or user and repository files add hosts.");
    if (network.strictAllowlist !== true)
      report("sandbox.network.strictAllowlist must be true, or an unlisted host is a prompt away.");
    for (const key of NETWORK_LOOSENING)
      if (network[key] !== false)
        report(`sandbox.network.${key} must be false (it is ${JSON.stringify(network[key])}).`);
    const wide = stringsAt(sandbox, "network", "allowedDomains").filter((d) => d === "*" || /^\*\.[^.]+$/.test(d));
    if (wide.length)
      report(`sandbox.network.allowedDomains opens every host of ${wide.map((d) => JSON.stringify(d)).join(", ")}.`);
    if (!rulesOf(document, "deny").includes("PowerShell"))
      report('permissions.deny lacks "PowerShell": the PowerShell tool is not sandboxed on macOS and Linux.');
  },
});
