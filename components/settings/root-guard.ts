import { Hooks } from "../config/hooks";
import { OsFamily } from "./client-helpers";

/**
 * A managed PreToolUse hook that refuses every tool call of a session running as root (POSIX) or
 * elevated (Windows): such a session could rewrite the managed settings themselves through any
 * allowed command. Exit code 2 blocks the call; a hook that fails or times out blocks too.
 */

const MESSAGE =
  "Blocked by the managed root guard: this Claude Code profile does not run tools as root or elevated. Start Claude Code as your own user.";

/**
 * POSIX sh. The absolute path keeps a PATH entry from faking the uid; if id is missing or prints
 * nothing, the test errors and the call is blocked (fail closed).
 */
export const POSIX_ROOT_GUARD = `[ "$(/usr/bin/id -u 2>/dev/null)" -gt 0 ] 2>/dev/null || { echo '${MESSAGE}' >&2; exit 2; }`;

/** Windows PowerShell: an elevated token holds the Administrators role (a filtered admin token does not). */
const WINDOWS_ROOT_GUARD =
  "if (([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) " +
  `{ [Console]::Error.WriteLine('${MESSAGE}'); exit 2 }`;

/** The profile's hooks with the root guard first among its PreToolUse hooks. */
export function withRootGuard(hooks: Hooks, os: OsFamily): Hooks {
  const guard =
    os === "posix"
      ? { type: "command" as const, command: POSIX_ROOT_GUARD, timeout: 10, onFailure: "block" as const }
      : {
          type: "command" as const,
          command: WINDOWS_ROOT_GUARD,
          shell: "powershell" as const,
          timeout: 10,
          onFailure: "block" as const,
        };
  return { ...hooks, PreToolUse: [{ matcher: "*", hooks: [guard] }, ...(hooks.PreToolUse ?? [])] };
}
