import { permissionsOf, settingsPolicy, SettingsDocument } from "../../lib/settings-document";

export interface MinimumVersionConfig {
  /** The pinned client; requiredMinimumVersion must be at least this. */
  minimumClientVersion: string;
  /** Keys an older client would ignore silently, weakening the policy (top-level, or `permissions.<key>`). */
  versionGatedKeys: string[];
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/;

/** Older clients ignore keys they do not know; requiredMinimumVersion turns that into a refusal to start. */
export const settingsMinimumVersion = settingsPolicy<MinimumVersionConfig>({
  name: "settings-minimum-version",
  description:
    "Documents that use version-gated keys require a client at least as new as the pinned one (requiredMinimumVersion), with a satisfiable range.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set requiredMinimumVersion to the pinned client version (the compiler does this) and keep requiredMaximumVersion, if any, above it.",
  settings: {
    minimumClientVersion: {
      schema: { type: "string", pattern: SEMVER.source, description: "Lowest acceptable requiredMinimumVersion." },
      default: "2.1.329",
    },
    versionGatedKeys: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Keys that need requiredMinimumVersion.",
      },
      default: [
        "allowManagedHooksOnly",
        "allowManagedMcpServersOnly",
        "allowManagedPermissionRulesOnly",
        "allowedProviders",
        "availableModelsMatch",
        "awsCredentialExport",
        "deniedModels",
        "enforceAvailableModels",
        "otelHeadersHelper",
        "permissions.disableAutoMode",
      ],
    },
  },
  validate: (document, { config, report }) => {
    const minimum = document.requiredMinimumVersion;
    const maximum = document.requiredMaximumVersion;
    for (const [key, value] of [
      ["requiredMinimumVersion", minimum],
      ["requiredMaximumVersion", maximum],
    ] as const) {
      if (value !== undefined && !(typeof value === "string" && SEMVER.test(value))) {
        report(`${key} ${JSON.stringify(value)} is not a version like 2.1.329.`);
      }
    }
    const gated = config.versionGatedKeys.filter((key) => usesKey(document, key)).sort();
    if (gated.length > 0) {
      if (minimum === undefined) {
        report(
          `Uses ${gated.join(", ")} but sets no requiredMinimumVersion; older clients would ignore them. Require at least ${config.minimumClientVersion}.`,
        );
      } else if (
        typeof minimum === "string" &&
        SEMVER.test(minimum) &&
        compareVersions(minimum, config.minimumClientVersion) < 0
      ) {
        report(
          `requiredMinimumVersion ${minimum} is older than the pinned client ${config.minimumClientVersion} while ${gated.join(", ")} are used.`,
        );
      }
    }
    if (
      typeof minimum === "string" &&
      typeof maximum === "string" &&
      SEMVER.test(minimum) &&
      SEMVER.test(maximum) &&
      compareVersions(maximum, minimum) < 0
    ) {
      report(`requiredMaximumVersion ${maximum} is below requiredMinimumVersion ${minimum}; no client can start.`);
    }
  },
});

/** Numeric comparison of the `major.minor.patch` cores of two versions. */
export function compareVersions(a: string, b: string): number {
  const core = (v: string) => (SEMVER.exec(v) ?? []).slice(1, 4).map(Number);
  const [x, y] = [core(a), core(b)];
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) {
      return x[i] - y[i];
    }
  }
  return 0;
}

function usesKey(document: SettingsDocument, key: string): boolean {
  return key.startsWith("permissions.")
    ? permissionsOf(document)[key.slice("permissions.".length)] !== undefined
    : document[key] !== undefined;
}
