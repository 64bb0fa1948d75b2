// A release's Windows document is not hashed (the policy hash is the POSIX document's), so a record edited
// by hand could ship a wider Windows policy, or another program as a helper, under an unchanged hash. The
// compiler builds both documents from the same profile; what differs by OS is known and checked here.
import { ConfigProblem } from "../config";
import { CLIENT_HELPERS, ClientHelper, helperCommand, HelperSettingsKey } from "../settings/client-helpers";
import { compactCanonicalJson } from "../settings";
import { withRootGuard } from "../settings/root-guard";
import { ManagedSettings } from "../settings/schema";

/**
 * Where `windows` is not the compiler's Windows translation of `posix`: no sandbox, the Windows root
 * guard and helper commands, and rule lists that may only be narrower (allows a subset, every POSIX
 * ask and deny kept). Everything else must be equal.
 */
export function windowsProblems(
  posix: ManagedSettings,
  windows: ManagedSettings,
  at: string,
  fix: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (key: string, message: string) =>
    problems.push({ path: `${at}.windows.${key}`, message: `${message} — ${fix}` });
  const [wide, narrow] = [posix.permissions, windows.permissions];
  const missing = (from: readonly string[] | undefined, into: readonly string[] | undefined, skip = "") =>
    (from ?? []).filter((rule) => rule !== skip && !(into ?? []).includes(rule));
  const allowed = missing(narrow.allow, wide.allow);
  if (allowed.length) report("permissions.allow", `allows what the posix document does not: ${allowed.join(", ")}`);
  const asks = missing(wide.ask, narrow.ask);
  if (asks.length) report("permissions.ask", `drops asks of the posix document: ${asks.join(", ")}`);
  // "PowerShell" is the one POSIX-only deny: the tool exists only on Windows.
  const denies = missing(wide.deny, narrow.deny, "PowerShell");
  if (denies.length) report("permissions.deny", `drops denies of the posix document: ${denies.join(", ")}`);
  const { sandbox: _sandbox, ...rest } = posix;
  const expected: ManagedSettings = {
    ...rest,
    permissions: { ...wide, allow: narrow.allow, ask: narrow.ask, deny: narrow.deny },
    hooks: posix.hooks && windowsHooks(posix.hooks, windows.hooks),
  };
  for (const helper of Object.values(CLIENT_HELPERS) as ClientHelper[]) {
    const key: HelperSettingsKey | undefined = helper.settingsKey;
    const command = key && posix[key];
    if (key === undefined || command === undefined) continue;
    const prefix = helperCommand(helper, "posix");
    // A helper path of an older version of this project: its Windows twin cannot be derived here.
    expected[key] =
      command === prefix || command.startsWith(`${prefix} `)
        ? helperCommand(helper, "windows") + command.slice(prefix.length)
        : windows[key];
  }
  for (const key of new Set([...Object.keys(expected), ...Object.keys(windows)]) as Set<keyof ManagedSettings>)
    if (compactCanonicalJson(expected[key] ?? null) !== compactCanonicalJson(windows[key] ?? null))
      report(key, "is not the posix document's Windows translation (only the posix document is hashed)");
  return problems;
}

/**
 * The POSIX hooks with the Windows root guard in place of the POSIX one (withRootGuard put it first).
 * A guard of an older version of this project has a Windows twin that cannot be derived here: then
 * only the profile's own hooks after it are checked.
 */
function windowsHooks(
  posix: NonNullable<ManagedSettings["hooks"]>,
  windows: ManagedSettings["hooks"],
): ManagedSettings["hooks"] {
  const [guard, ...profileHooks] = posix.PreToolUse ?? [];
  const currentGuard = withRootGuard({}, "posix").PreToolUse?.[0];
  if (compactCanonicalJson(guard ?? null) === compactCanonicalJson(currentGuard ?? null))
    return withRootGuard({ ...posix, PreToolUse: profileHooks }, "windows");
  const windowsGuard = windows?.PreToolUse?.[0];
  return { ...posix, PreToolUse: windowsGuard ? [windowsGuard, ...profileHooks] : profileHooks };
}
