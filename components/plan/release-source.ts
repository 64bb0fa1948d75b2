// Reading the release file next to a stack file: the one file read the plan's callers share (index.ts, the CLI).
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../config";
import { releaseFileName, ReleaseSource } from "./release-file";
import { restore } from "./release-record";

/**
 * The folder of the stack files when it is not the project's `stacks` (Pulumi.yaml: stackConfigDir):
 * synth runs index.ts for a stack file in any folder and says where through this variable.
 */
export const STACKS_DIR_ENV = "CLAUDE_CODE_ROLLOUT_STACKS_DIR";

/**
 * Far above any real file (prod's, six profiles with two releases, is 0.4 MB; a hundred profiles
 * with three releases each stay under 20 MB), and small enough that parsing it cannot exhaust memory.
 */
export const MAX_RELEASE_FILE_BYTES = 32 * 1024 * 1024;

/**
 * stacks/Pulumi.<stack>.release.json in `folder`, or undefined when the stack has none. Only a regular
 * file of bounded size is read: a FIFO would hang synth and `pulumi up`, a symbolic link would let the
 * file a ring runs live outside the reviewed folder. A file that cannot be used is a ConfigError naming it.
 */
export function readReleaseSource(folder: string, stack: string): ReleaseSource | undefined {
  const file = path.join(folder, releaseFileName(stack));
  const refuse = (message: string) => new ConfigError(stack, [{ path: file, message }]);
  const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;
  let fd: number;
  try {
    // Non-blocking: opening a FIFO with no writer returns at once (and fstat then refuses it).
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP")
      throw refuse(
        `is a symbolic link — the release file must be a regular file next to the stack file; ${restore(stack)}`,
      );
    throw refuse(
      `cannot be read (${code ?? (error as Error).message}) — make it a file the user running this can read, or ${restore(stack)}`,
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile())
      throw refuse(`is not a regular file (a folder, FIFO or device) — remove it, then ${restore(stack)}`);
    if (stat.size > MAX_RELEASE_FILE_BYTES)
      throw refuse(
        `is ${stat.size} bytes, more than the ${MAX_RELEASE_FILE_BYTES} a release file may hold — ${restore(stack)}`,
      );
    return { file, text: fs.readFileSync(fd, "utf8") };
  } finally {
    fs.closeSync(fd);
  }
}
