import { z } from "zod";

// The `intent` and `baseline.secretPaths` shapes of a stack file; intent.ts checks them against the whole config.

/**
 * What a profile may do, stated once (`profiles.<name>.intent`) and expanded by the compiler into
 * rules, the sandbox and locks. Required where a profile has no `extends`; below that, inherited and
 * only ever tightened.
 */

/**
 * `~/…` or an absolute POSIX path below the root, optionally ending in `/**`; no other glob, no `..`,
 * no spaces. The home folder or the disk as a whole is never a secret or writable path.
 */
export const SECRET_OR_WRITABLE_PATH = /^(~\/|\/)(?!.*(^|\/)\.\.(\/|$))[^*\s/][^*\s]*?(\/\*\*)?$/;
const PATH_HINT =
  'expected "~/path" or "/absolute/path" below the home or disk root (optionally ending in "/**"), without other wildcards or ".."';

export const intentSchema = z.strictObject({
  edits: z
    .enum(["none", "workdir"])
    .optional()
    .describe("none: no tool or command may change files; workdir: only the working directory (plus writablePaths)"),
  network: z
    .union([z.literal("none"), z.array(z.string()).min(1, 'list catalogue names, or write "none"')])
    .optional()
    .describe("none, or names from networkDomains: the only hosts sandboxed commands may reach"),
  writablePaths: z
    .array(z.string().regex(SECRET_OR_WRITABLE_PATH, PATH_HINT))
    .optional()
    .describe("extra paths sandboxed commands may write (workdir profiles only)"),
});

export const secretPathsSchema = z
  .array(z.string().regex(SECRET_OR_WRITABLE_PATH, PATH_HINT))
  .default([])
  .describe("org secret paths added to the built-in set; no tool or sandboxed command may read them");

export type IntentConfig = z.output<typeof intentSchema>;
