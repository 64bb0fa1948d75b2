// `synth --out DIR` replaces DIR as a whole, so it must never take a folder it did not write: a home
// folder (with .ssh in it), the current folder, the root, the repository, a link, an unmarked folder.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkOutputFolder, MARKER_CONTENT, SYNTH_MARKER } from "../../cli/synth/guard";
import { writeArtefacts } from "../../cli/synth/write";

const ROOT = path.resolve(__dirname, "..", "..");
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----\n";
const FIX = "which synth would replace as a whole — pass a folder of its own, e.g. --out out/<stack>";

/** Every file under a folder (links not followed) → its content, or "link → target". */
function tree(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full);
    if (entry.isSymbolicLink()) entries[relative] = `link → ${fs.readlinkSync(full)}`;
    else if (entry.isFile()) entries[relative] = fs.readFileSync(full, "utf8");
  }
  return entries;
}

/** A fresh folder under the temp dir, resolved (macOS links /tmp). */
const scratch = () => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "out-guard-")));

/** `npm run synth -- dev --out <out>` from `cwd` with `home` as HOME. */
function synth(out: string, cwd: string, home: string) {
  const env = { ...process.env, HOME: home, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") };
  return spawnSync(
    process.execPath,
    ["-r", require.resolve("ts-node/register/transpile-only"), path.join(ROOT, "cli", "synth.ts"), "dev", "--out", out],
    { cwd, env, encoding: "utf8" },
  );
}

describe("synth --out: the folders it refuses, for real", () => {
  it("refuses a home folder and leaves .ssh exactly as it was, writing nothing next to it", () => {
    const parent = scratch();
    const home = path.join(parent, "home");
    fs.mkdirSync(path.join(home, ".ssh"), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(home, ".ssh", "id_ed25519"), KEY, { mode: 0o600 });
    const run = synth(home, parent, home);
    assert.deepEqual(
      [run.status, run.stdout, run.stderr],
      [2, "", `--out ${home}: refusing ${home}, your home folder, ${FIX}\n`],
    );
    assert.deepEqual(tree(parent), { "home/.ssh/id_ed25519": KEY });
    assert.equal(fs.statSync(path.join(home, ".ssh", "id_ed25519")).mode & 0o777, 0o600);
  });

  it("refuses . (the current folder) and a parent of it, from the command line", () => {
    const cwd = scratch();
    fs.writeFileSync(path.join(cwd, "notes.txt"), "mine\n");
    const elsewhere = scratch();
    const dot = synth(".", cwd, elsewhere);
    assert.deepEqual([dot.status, dot.stderr], [2, `--out ${cwd}: refusing ${cwd}, the current folder, ${FIX}\n`]);
    const work = path.join(cwd, "work");
    fs.mkdirSync(work);
    const up = synth("..", work, elsewhere);
    assert.deepEqual(
      [up.status, up.stderr],
      [2, `--out ${cwd}: refusing ${cwd}, a parent of the current folder, ${FIX}\n`],
    );
    assert.deepEqual(tree(cwd), { "notes.txt": "mine\n" });
  });
});

describe("synth --out: checkOutputFolder", () => {
  function refusal(out: string): string {
    try {
      checkOutputFolder(out);
    } catch (error) {
      return (error as Error).message;
    }
    return assert.fail(`${out} was accepted`);
  }
  /** How the guard names the repository: as the current folder when the tests run from it. */
  const repository = process.cwd() === ROOT ? "the current folder" : "this repository";

  it("refuses the root, the repository (also through a linked parent), its parents, and an unexpanded ~", () => {
    assert.equal(refusal("/"), `--out /: refusing the filesystem root, ${FIX}`);
    assert.equal(refusal(ROOT), `--out ${ROOT}: refusing ${fs.realpathSync(ROOT)}, ${repository}, ${FIX}`);
    const link = path.join(scratch(), "to-repo-parent");
    fs.symlinkSync(path.dirname(ROOT), link);
    assert.equal(
      refusal(path.join(link, path.basename(ROOT))),
      `--out ${path.join(link, path.basename(ROOT))}: refusing ${fs.realpathSync(ROOT)}, ${repository}, ${FIX}`,
    );
    // Its parent may also be a home folder's parent, or the current folder's: which name wins depends on the machine.
    const parent = refusal(path.dirname(ROOT));
    assert.ok(
      parent.startsWith(`--out ${path.dirname(ROOT)}: refusing ${fs.realpathSync(path.dirname(ROOT))}, `) &&
        parent.endsWith(FIX),
      parent,
    );
    assert.equal(
      refusal("~"),
      '--out ~: the shell did not expand "~" here — write the folder out, e.g. --out "$HOME/claude-code-out"',
    );
    assert.equal(
      refusal("~/out"),
      '--out ~/out: the shell did not expand "~" here — write the folder out, e.g. --out "$HOME/claude-code-out"',
    );
  });

  it("refuses a non-empty folder without the marker, a fake marker, a file and any symbolic link", () => {
    const dir = scratch();
    const unmarked = path.join(dir, "unmarked");
    fs.mkdirSync(unmarked);
    fs.writeFileSync(path.join(unmarked, "thesis.tex"), "years of work\n");
    assert.equal(
      refusal(unmarked),
      `--out ${unmarked}: refusing a folder synth did not write (it is not empty and has no ${SYNTH_MARKER}), ` +
        "which synth would replace as a whole — pass a new or empty folder; an output of an older synth you can delete yourself once",
    );
    fs.writeFileSync(path.join(unmarked, SYNTH_MARKER), "");
    assert.match(refusal(unmarked), /refusing a folder synth did not write/);
    const markerLink = path.join(dir, "marker-link");
    fs.mkdirSync(markerLink);
    fs.writeFileSync(path.join(dir, "real-marker"), MARKER_CONTENT);
    fs.symlinkSync(path.join(dir, "real-marker"), path.join(markerLink, SYNTH_MARKER));
    assert.match(refusal(markerLink), /refusing a folder synth did not write/);
    fs.writeFileSync(path.join(dir, "file"), "x");
    assert.equal(
      refusal(path.join(dir, "file")),
      `--out ${path.join(dir, "file")}: refusing a file — pass a new folder, e.g. --out out/<stack>`,
    );
    fs.symlinkSync(unmarked, path.join(dir, "link"));
    assert.equal(
      refusal(path.join(dir, "link")),
      `--out ${path.join(dir, "link")}: refusing a symbolic link — synth does not write through links; pass a real folder, e.g. --out out/<stack>`,
    );
    fs.symlinkSync(path.join(dir, "nowhere"), path.join(dir, "dangling"));
    assert.match(refusal(path.join(dir, "dangling")), /refusing a symbolic link/);
    assert.equal(fs.readFileSync(path.join(unmarked, "thesis.tex"), "utf8"), "years of work\n");
  });
});

describe("synth --out: writing", () => {
  it("writes a new folder with the marker, modes independent of the umask", () => {
    const out = path.join(scratch(), "out", "dev");
    const umask = process.umask(0o077);
    try {
      writeArtefacts(
        out,
        new Map([
          ["rollout.json", "{}\n"],
          ["profiles/p/install.sh", "#!/bin/sh\n"],
        ]),
      );
    } finally {
      process.umask(umask);
    }
    assert.deepEqual(tree(out), {
      [SYNTH_MARKER]: MARKER_CONTENT,
      "profiles/p/install.sh": "#!/bin/sh\n",
      "rollout.json": "{}\n",
    });
    const mode = (relative: string) => fs.statSync(path.join(out, relative)).mode & 0o777;
    assert.deepEqual(
      [mode("."), mode("profiles"), mode("rollout.json"), mode("profiles/p/install.sh")],
      [0o755, 0o755, 0o644, 0o755],
    );
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ["dev"]);
  });

  it("replaces a folder it wrote, and takes an empty one", () => {
    const dir = scratch();
    const out = path.join(dir, "dev");
    writeArtefacts(
      out,
      new Map([
        ["old.json", "old\n"],
        ["profiles/gone/x", "x"],
      ]),
    );
    writeArtefacts(out, new Map([["new.json", "new\n"]]));
    assert.deepEqual(tree(out), { [SYNTH_MARKER]: MARKER_CONTENT, "new.json": "new\n" });
    assert.deepEqual(fs.readdirSync(dir), ["dev"]);
    const empty = path.join(dir, "empty");
    fs.mkdirSync(empty);
    writeArtefacts(empty, new Map([["a", "a"]]));
    assert.deepEqual(tree(empty), { [SYNTH_MARKER]: MARKER_CONTENT, a: "a" });
  });

  it("leaves the previous output whole and no temp folder behind when writing fails part-way", () => {
    const dir = scratch();
    const out = path.join(dir, "dev");
    writeArtefacts(out, new Map([["rollout.json", "old\n"]]));
    // "a" as a file and "a/b" inside it cannot both exist: the second write fails after the first succeeded.
    assert.throws(
      () =>
        writeArtefacts(
          out,
          new Map([
            ["a", "file"],
            ["a/b", "inside a file"],
          ]),
        ),
      /ENOTDIR|EEXIST/,
    );
    assert.deepEqual(tree(out), { [SYNTH_MARKER]: MARKER_CONTENT, "rollout.json": "old\n" });
    assert.deepEqual(fs.readdirSync(dir), ["dev"]);
  });

  it("writes nothing when it refuses", () => {
    const dir = scratch();
    const mine = path.join(dir, "mine");
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, "keep"), "keep\n");
    assert.throws(() => writeArtefacts(mine, new Map([["a", "a"]])), /refusing a folder synth did not write/);
    assert.deepEqual(tree(dir), { "mine/keep": "keep\n" });
  });
});
