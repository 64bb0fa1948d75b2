import { ResolvedIntent } from "../config/intent";
import { sortedUnique } from "../config/text";

/**
 * The client's `sandbox` block for macOS and Linux (reference §4; every key checked against the
 * 2.1.329 schema). Bash runs confined or not at all: fail closed when the sandbox cannot start, no
 * per-command escape, writes only to the working directory (the client's default) plus the
 * profile's writablePaths — or nowhere for `edits: none` — no secret readable, egress only to the profile's catalogue domains.
 * Every boolean the client marks as loosening is pinned to its strict value, so no lower settings
 * file can flip it.
 */
export interface SandboxSettings {
  readonly enabled: true;
  readonly failIfUnavailable: true;
  readonly allowUnsandboxedCommands: false;
  readonly autoAllowBashIfSandboxed: false;
  readonly enableWeakerNestedSandbox: false;
  readonly enableWeakerNetworkIsolation: false;
  readonly allowNestedUserNamespaces: false;
  readonly allowAppleEvents: false;
  readonly filesystem: {
    readonly allowWrite?: string[];
    readonly denyWrite: string[];
    readonly denyRead: string[];
    readonly allowManagedReadPathsOnly: true;
    readonly disabled: false;
  };
  readonly credentials: { readonly envVars: { readonly name: string; readonly mode: "deny" }[] };
  readonly network: {
    readonly allowedDomains: string[];
    readonly allowManagedDomainsOnly: true;
    readonly strictAllowlist: true;
    readonly allowLocalBinding: false;
    readonly allowAllUnixSockets: false;
  };
}

/**
 * Files a sandboxed command must never write even when started in the home folder (the working
 * directory is writable): shell start-up files and Claude Code's own settings run code later,
 * outside the sandbox.
 */
const PERSISTENCE_PATHS: readonly string[] = [
  "~/.bash_profile",
  "~/.bashrc",
  "~/.claude",
  "~/.config/fish",
  "~/.gitconfig",
  "~/.profile",
  "~/.zprofile",
  "~/.zshenv",
  "~/.zshrc",
];

/**
 * Files that are not secrets but echo them: the client runs `npm root --global` outside the sandbox
 * at start-up, and npm logs unknown ~/.npmrc lines to ~/.npm/_logs (found by verify).
 */
const LEAKY_PATHS: readonly string[] = ["~/.npm/_logs"];

/** Variables that carry a credential: unset for every sandboxed command (the client process keeps them). */
export const CREDENTIAL_ENV_VARS: readonly string[] = [
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "AWS_ACCESS_KEY_ID",
  "AWS_BEARER_TOKEN_BEDROCK",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AZURE_CLIENT_SECRET",
  "CLAUDE_CODE_OAUTH_TOKEN",
  "GH_TOKEN",
  "GITHUB_TOKEN",
  "GITLAB_TOKEN",
  "GOOGLE_APPLICATION_CREDENTIALS",
  "NODE_AUTH_TOKEN",
  "NPM_TOKEN",
  "VAULT_TOKEN",
];

export function sandboxSettings(intent: ResolvedIntent): SandboxSettings {
  // Relative paths and globs resolve against the working directory (verify: `./**/.env` unreadable, `.` read-only).
  const secrets = [...intent.secretPaths];
  return {
    enabled: true,
    failIfUnavailable: true,
    allowUnsandboxedCommands: false,
    autoAllowBashIfSandboxed: false,
    enableWeakerNestedSandbox: false,
    enableWeakerNetworkIsolation: false,
    allowNestedUserNamespaces: false,
    allowAppleEvents: false,
    filesystem: {
      ...(intent.writablePaths.length && { allowWrite: [...intent.writablePaths] }),
      // edits: none — the working directory itself is read-only for every command.
      denyWrite: sortedUnique([...secrets, ...PERSISTENCE_PATHS, ...(intent.edits === "none" ? ["."] : [])]),
      denyRead: [...secrets, ...LEAKY_PATHS],
      allowManagedReadPathsOnly: true,
      disabled: false,
    },
    credentials: { envVars: CREDENTIAL_ENV_VARS.map((name) => ({ name, mode: "deny" as const })) },
    network: {
      allowedDomains: [...intent.domains],
      allowManagedDomainsOnly: true,
      strictAllowlist: true,
      allowLocalBinding: false,
      allowAllUnixSockets: false,
    },
  };
}
