import { checkRule } from "../../../components/config/rules";
import { canWrite } from "../../../components/config/intent";
import { NETWORK_TOOLS, WRITE_TOOLS } from "../../../components/config/shell-commands";
import { indexRules } from "../../../components/config/rule-covers";
import { permissionsOf, rulesOf, SettingsDocument } from "../../lib/settings-document";
import { intentSettingsPolicy, objectAt, stringsAt } from "./intent-document";

export interface IntentHoldsConfig {
  /** Profiles whose documents must hold `edits: none`, whatever they look like. */
  readOnlyProfiles: string[];
  /** Profiles whose documents must hold `network: none`. */
  noNetworkProfiles: string[];
}

/**
 * The compiled document really holds the profile's intent. A document is held to `edits: none`
 * when the config names its profile or it denies a write tool outright (it claims read-only), and
 * to `network: none` when the config names it or its sandbox allows no host. Every document is
 * locked (managed rules only, auto mode off) and carries the root guard.
 */
export const settingsIntentHolds = intentSettingsPolicy<IntentHoldsConfig>({
  name: "settings-intent-holds",
  description:
    "A read-only profile has no path to write, a profile without network has no way out, and every profile is locked to managed rules, without auto mode, behind the root guard.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "State the profile's intent in the stack file and compile it (docs/enforcement.md); remove allows that write or reach the network from read-only or offline profiles.",
  settings: {
    readOnlyProfiles: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Profiles that must hold edits: none.",
      },
      default: [],
    },
    noNetworkProfiles: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Profiles that must hold network: none.",
      },
      default: [],
    },
  },
  validate: ({ document, os, profile }, { config, report }) => {
    const permissions = permissionsOf(document);
    const deny = rulesOf(document, "deny");
    const allow = rulesOf(document, "allow");
    // Indexed: linear in the rules, where checking each allow against each deny was allow × deny at every preview.
    const denied = indexRules(deny);
    const live = allow.filter((rule) => denied.firstCovering(rule) === undefined);

    if (document.allowManagedPermissionRulesOnly !== true)
      report("allowManagedPermissionRulesOnly must be true: repository and user files could add allow rules.");
    if (document.allowManagedHooksOnly !== true)
      report("allowManagedHooksOnly must be true: repository hooks run outside the sandbox.");
    if (permissions.disableAutoMode !== "disable" && document.disableAutoMode !== "disable")
      report('disableAutoMode must be "disable".');
    if (!hasRootGuard(document, os))
      report(
        'hooks.PreToolUse has no root guard (matcher "*", a command hook that blocks a root or elevated session).',
      );

    const readOnly =
      (profile !== undefined && config.readOnlyProfiles.includes(profile)) || WRITE_TOOLS.some((t) => deny.includes(t));
    if (readOnly) {
      const missing = WRITE_TOOLS.filter((t) => !deny.includes(t));
      if (missing.length) report(`read-only: permissions.deny lacks the write tool(s) ${missing.join(", ")}.`);
      for (const rule of live.filter(canWrite))
        report(`read-only: permissions.allow ${JSON.stringify(rule)} can change files.`);
      if (permissions.denyInsteadOfPrompting !== true)
        report(
          "read-only: permissions.denyInsteadOfPrompting must be true, or any unlisted command is one approval away.",
        );
      if (os === "posix") {
        if (!stringsAt(document, "sandbox", "filesystem", "denyWrite").includes("."))
          report(
            'read-only: sandbox.filesystem.denyWrite lacks ".": sandboxed commands can write the working directory.',
          );
        if (stringsAt(document, "sandbox", "filesystem", "allowWrite").length)
          report("read-only: sandbox.filesystem.allowWrite opens paths to write.");
      }
    }

    const domains = stringsAt(document, "sandbox", "network", "allowedDomains");
    const offline =
      (profile !== undefined && config.noNetworkProfiles.includes(profile)) ||
      (os === "posix" && objectAt(document, "sandbox").enabled === true && domains.length === 0);
    if (offline) {
      const missing = NETWORK_TOOLS.filter((t) => !deny.includes(t));
      if (missing.length) report(`no network: permissions.deny lacks ${missing.join(", ")}.`);
      if (domains.length) report(`no network: sandbox.network.allowedDomains lists ${domains.join(", ")}.`);
    }
    // WebFetch(domain:…) allows also widen the sandbox allowlist (the client merges them).
    for (const rule of live) {
      const checked = checkRule(rule, "allow");
      const host =
        checked.ok && checked.rule.tool === "WebFetch" ? checked.rule.specifier?.replace(/^domain:/, "") : undefined;
      if (host !== undefined && (offline || (os === "posix" && !domains.includes(host)))) {
        report(`permissions.allow ${JSON.stringify(rule)} reaches a host outside the profile's network.`);
      }
    }
  },
});

function hasRootGuard(document: SettingsDocument, os: "posix" | "windows"): boolean {
  const groups = objectAt(document, "hooks").PreToolUse;
  const marker = os === "posix" ? /id -u/ : /IsInRole\(\[Security\.Principal\.WindowsBuiltInRole\]::Administrator\)/;
  return (
    Array.isArray(groups) &&
    groups.some(
      (group) =>
        objectAt(group).matcher === "*" &&
        Array.isArray(objectAt(group).hooks) &&
        (objectAt(group).hooks as unknown[]).some(
          (hook) =>
            objectAt(hook).type === "command" &&
            marker.test(String(objectAt(hook).command)) &&
            /exit 2/.test(String(objectAt(hook).command)),
        ),
    )
  );
}
