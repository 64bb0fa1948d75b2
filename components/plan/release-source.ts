// Reading the release file next to a stack file: the one file read the plan's callers share (index.ts, the CLI).
import { readFileSync } from "fs";
import * as path from "path";
import { releaseFileName, ReleaseSource } from "./release-file";

/**
 * The folder of the stack files when it is not the project's `stacks` (Pulumi.yaml: stackConfigDir):
 * synth runs index.ts for a stack file in any folder and says where through this variable.
 */
export const STACKS_DIR_ENV = "CLAUDE_CODE_ROLLOUT_STACKS_DIR";

/** stacks/Pulumi.<stack>.release.json in `folder`, or undefined when the stack has none. */
export function readReleaseSource(folder: string, stack: string): ReleaseSource | undefined {
  const file = path.join(folder, releaseFileName(stack));
  try {
    return { file, text: readFileSync(file, "utf8") };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${file}: cannot read the release file (${(error as Error).message})`, { cause: error });
  }
}
