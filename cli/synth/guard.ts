// Which folder `synth --out` may replace. Synth replaces its output folder as a whole, so it takes only
// a new or empty folder, or one it wrote itself (it holds the marker); never the filesystem root, a home
// folder, the current folder, this repository or a parent of any of them, and never a symbolic link.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Left in every folder synth writes: the only non-empty folders it will ever replace. */
export const SYNTH_MARKER = ".claude-code-rollout-synth";
export const MARKER_CONTENT =
  "This folder was written by `npm run synth` (claude-code-rollout); the next synth into it replaces it as a whole.\n";

const REPO = path.resolve(__dirname, "..", "..");

/** A refused --out: nothing has been written. */
export class OutputFolderError extends Error {}

/** The absolute output folder for `--out requested`, or an OutputFolderError saying why not and what to pass instead. */
export function checkOutputFolder(requested: string): string {
  if (/^~($|[\\/])/.test(requested)) {
    throw new OutputFolderError(
      `--out ${requested}: the shell did not expand "~" here — write the folder out, e.g. --out "$HOME/claude-code-out"`,
    );
  }
  const folder = path.resolve(requested);
  const stat = fs.lstatSync(folder, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) {
    throw new OutputFolderError(
      `--out ${folder}: refusing a symbolic link — synth does not write through links; pass a real folder, e.g. --out out/<stack>`,
    );
  }
  const never = protectedFolders();
  const protectedAs = never.get(realPath(folder)) ?? never.get(folder);
  if (protectedAs) {
    throw new OutputFolderError(
      `--out ${folder}: refusing ${protectedAs}, which synth would replace as a whole — pass a folder of its own, e.g. --out out/<stack>`,
    );
  }
  if (stat && !stat.isDirectory()) {
    throw new OutputFolderError(`--out ${folder}: refusing a file — pass a new folder, e.g. --out out/<stack>`);
  }
  if (stat && fs.readdirSync(folder).length > 0 && !isMarked(folder)) {
    throw new OutputFolderError(
      `--out ${folder}: refusing a folder synth did not write (it is not empty and has no ${SYNTH_MARKER}), ` +
        "which synth would replace as a whole — pass a new or empty folder; an output of an older synth you can delete yourself once",
    );
  }
  return folder;
}

/** The marker must be a regular file (not a link) with exactly synth's content. */
function isMarked(folder: string): boolean {
  const marker = path.join(folder, SYNTH_MARKER);
  const stat = fs.lstatSync(marker, { throwIfNoEntry: false });
  return (
    !!stat?.isFile() &&
    stat.size === Buffer.byteLength(MARKER_CONTENT) &&
    fs.readFileSync(marker, "utf8") === MARKER_CONTENT
  );
}

/** Real path of each folder synth must never replace → how to name it; the first name given to a path wins. */
function protectedFolders(): Map<string, string> {
  const homes = [process.env.HOME, os.homedir(), os.userInfo().homedir].filter((home): home is string => !!home);
  const named: [string, string, string][] = [
    ...homes.map((home): [string, string, string] => [home, "your home folder", "a parent of your home folder"]),
    [process.cwd(), "the current folder", "a parent of the current folder"],
    [REPO, "this repository", "a parent of this repository"],
  ];
  const folders = new Map<string, string>([[path.parse(REPO).root, "the filesystem root"]]);
  for (const [folder, itself, parent] of named) {
    const real = realPath(path.resolve(folder));
    if (!folders.has(real)) folders.set(real, `${real}, ${itself}`);
    for (let up = path.dirname(real); !folders.has(up); up = path.dirname(up)) folders.set(up, `${up}, ${parent}`);
  }
  return folders;
}

/** The path with every symbolic link in its existing part resolved (the rest may not exist yet). */
function realPath(folder: string): string {
  const parent = path.dirname(folder);
  if (fs.existsSync(folder)) return fs.realpathSync(folder);
  return parent === folder ? folder : path.join(realPath(parent), path.basename(folder));
}
