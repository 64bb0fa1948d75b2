// What a profile promises, as verify attacks it: the compiled `CompiledProfile.intent` (contract in
// coord/intent-contract.md) when the compiler provides it, otherwise read back from the document,
// so the suite also runs on documents compiled before intents existed. Pure.
import { sortedUnique } from "../../components/config/text";
import type { ProfileIntent } from "../../components/settings";

/** The compiler's `ProfileIntent`: verify reads the promise as compiled, and attacks it on its own. */
export type VerifyIntent = ProfileIntent;

/**
 * Credential paths every profile must protect, whatever its document says (the contract's built-in
 * set). verify plants a secret in each, so a path the compiler dropped shows up as a leak.
 */
export const BUILT_IN_SECRET_PATHS: readonly string[] = [
  "~/.ssh",
  "~/.aws",
  "~/.azure",
  "~/.config/gcloud",
  "~/.kube",
  "~/.docker/config.json",
  "~/.netrc",
  "~/.npmrc",
  "~/.pypirc",
  "~/.gnupg",
  "~/.git-credentials",
  "~/.config/gh",
  "./.env",
];

/** The compiled intent when it is well formed, else the one the document implies. */
export function intentOf(profile: { readonly intent?: unknown }, settings: Record<string, unknown>): VerifyIntent {
  return isIntent(profile.intent) ? profile.intent : intentFromDocument(settings);
}

/**
 * The intent a document implies: no edits when it denies the write tools outright or makes the
 * working dir read-only for sandboxed commands; its sandbox domains; its Read denies and sandbox
 * denyRead as secret paths.
 */
export function intentFromDocument(settings: Record<string, unknown>): VerifyIntent {
  const deny = permissionRules(settings, "deny");
  const sandbox = record(settings.sandbox);
  const filesystem = record(sandbox.filesystem);
  const readOnlyWorkdir = strings(filesystem.denyWrite).some((p) => p === "." || p === "./");
  const edits = deny.includes("Edit") || deny.includes("Write") || readOnlyWorkdir ? "none" : "workdir";
  const readDenies = deny.flatMap((rule) => /^Read\((.+)\)$/.exec(rule)?.[1] ?? []);
  return {
    edits,
    network: { domains: strings(record(sandbox.network).allowedDomains) },
    writablePaths: strings(filesystem.allowWrite),
    secretPaths: sortedUnique([...readDenies, ...strings(filesystem.denyRead)]),
  };
}

/** The document's `permissions.<list>` rules; the non-string entries a malformed document may hold are skipped. */
export function permissionRules(settings: Record<string, unknown>, list: "allow" | "deny"): string[] {
  return strings(record(settings.permissions)[list]);
}

function isIntent(value: unknown): value is VerifyIntent {
  const v = record(value);
  return (
    (v.edits === "none" || v.edits === "workdir") &&
    Array.isArray(record(v.network).domains) &&
    Array.isArray(v.writablePaths) &&
    Array.isArray(v.secretPaths)
  );
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
