import * as assert from "assert";
import { spawnSync, SpawnSyncReturns } from "child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PayloadFile, renderArtefacts, sha256Hex } from "../../components/distribution/artefacts";

// The POSIX installer and drift check, executed for real with bash and dash in temp roots.
// They chown to root, so the suite needs root (CI runs as root); tools missing in CI are failures.

const IN_CI = Boolean(process.env.CI);
const IS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;
const CLAUDE = join(__dirname, "../../node_modules/.bin/claude");

const V1 = {
  settings: `${JSON.stringify({ permissions: { deny: ["Read(./.env)"] }, cleanupPeriodDays: 30 }, null, 2)}\n`,
  mcp: `${JSON.stringify({ mcpServers: { github: { type: "http", url: "https://api.githubcopilot.com/mcp/" } } }, null, 2)}\n`,
  helper: "#!/bin/sh\nprintf '{}'\n",
};
const V2_SETTINGS = `${JSON.stringify({ permissions: { deny: ["Read(./.env)", "Bash(curl *)"] }, cleanupPeriodDays: 14 }, null, 2)}\n`;

function file(name: string, content: string, mode: "0644" | "0755" = "0644"): PayloadFile {
  return { name, content, sha256: sha256Hex(content), mode };
}

let work = "";
let scriptCount = 0;

/** Renders a profile's artefacts into a fresh folder readable by everyone; returns the script paths. */
function renderScripts(files: PayloadFile[]): { install: string; detect: string } {
  const dir = join(work, `scripts-${++scriptCount}`);
  mkdirSync(dir, { mode: 0o755 });
  const out = renderArtefacts({ profile: "standard", environment: "test", clientVersion: "2.1.329", files });
  for (const name of ["install.sh", "detect.sh"]) writeFileSync(join(dir, name), out[name], { mode: 0o755 });
  return { install: join(dir, "install.sh"), detect: join(dir, "detect.sh") };
}

function freshRoot(): string {
  const root = mkdtempSync(join(work, "root-"));
  chmodSync(root, 0o755);
  return root;
}

function run(command: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...env } });
}

function fakeUname(system: string): Record<string, string> {
  const bin = join(work, `uname-${system}`);
  if (!existsSync(bin)) {
    mkdirSync(bin, { mode: 0o755 });
    writeFileSync(join(bin, "uname"), `#!/bin/sh\necho ${system}\n`, { mode: 0o755 });
  }
  return { PATH: `${bin}:${process.env.PATH}` };
}

function hasTool(tool: string): boolean {
  return run("sh", ["-c", `command -v ${tool}`]).status === 0;
}

function assertFailedWith(result: SpawnSyncReturns<string>, message: RegExp): void {
  assert.notStrictEqual(result.status, 0, `expected a failure, got exit 0: ${result.stdout}`);
  const lines = result.stderr.trimEnd().split("\n");
  assert.strictEqual(lines.length, 1, `expected one line on stderr, got: ${result.stderr}`);
  assert.match(lines[0], message);
}

const modeOf = (path: string) => (statSync(path).mode & 0o7777).toString(8).padStart(4, "0");
const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe("distribution installers (executed for real)", function () {
  const v1 = () => renderScripts([file("managed-settings.json", V1.settings), file("managed-mcp.json", V1.mcp), file("otel-headers.sh", V1.helper, "0755")]);
  const v2 = () => renderScripts([file("managed-settings.json", V2_SETTINGS), file("otel-headers.sh", V1.helper, "0755")]);

  before(function () {
    for (const tool of ["dash", "bash", "setpriv"]) {
      if (!hasTool(tool) && IN_CI) throw new Error(`${tool} is missing: .ci/run installs it with apt-get (dash, util-linux)`);
    }
    if (!IS_ROOT || !hasTool("dash")) {
      console.warn("    skipped: the installers chown to root and run under dash; run the suite as root with dash installed");
      this.skip();
    }
    work = mkdtempSync(join(tmpdir(), "cc-installers-"));
    chmodSync(work, 0o755);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const shell of ["bash", "dash"]) {
    describe(`install.sh and detect.sh under ${shell}`, () => {
      it("a fresh install writes byte-identical files, 0644 (0755 for helpers), owned by root, folder 0755", () => {
        const root = freshRoot();
        const dir = join(root, "etc/claude-code");
        // A pre-existing folder owned by someone else and world-writable must be taken back.
        mkdirSync(dir, { recursive: true, mode: 0o777 });
        chmodSync(dir, 0o777);
        chownSync(dir, NOBODY, NOBODY);
        const result = run(shell, [v1().install, "--root", root]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.strictEqual(result.stdout, `claude-code-install: installed profile standard (test) in ${dir}; managed-settings.json sha256 ${sha256Hex(V1.settings)}\n`);
        for (const [name, content, mode] of [["managed-settings.json", V1.settings, "0644"], ["managed-mcp.json", V1.mcp, "0644"], ["otel-headers.sh", V1.helper, "0755"]]) {
          assert.strictEqual(readFileSync(join(dir, name), "utf8"), content, name);
          assert.strictEqual(modeOf(join(dir, name)), mode, name);
          assert.deepStrictEqual([statSync(join(dir, name)).uid, statSync(join(dir, name)).gid], [0, 0], name);
        }
        assert.strictEqual(modeOf(dir), "0755");
        assert.deepStrictEqual([statSync(dir).uid, statSync(dir).gid], [0, 0]);
        assert.ok(!listing(dir).some((name) => name.includes(".tmp-")), "no temp file left");
      });

      it("a second run is a no-op: exit 0, same inode and mtime, the backup not clobbered", () => {
        const root = freshRoot();
        const dir = join(root, "etc/claude-code");
        const second = v2();
        assert.strictEqual(run(shell, [v1().install, "--root", root]).status, 0);
        assert.strictEqual(run(shell, [second.install, "--root", root]).status, 0);
        const before = statSync(join(dir, "managed-settings.json"));
        const again = run(shell, [second.install, "--root", root]);
        assert.strictEqual(again.status, 0, again.stderr);
        assert.strictEqual(again.stdout, `claude-code-install: profile standard (test) is already installed in ${dir}; nothing changed\n`);
        const after = statSync(join(dir, "managed-settings.json"));
        assert.deepStrictEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs]);
        assert.strictEqual(readFileSync(join(dir, "managed-settings.json.previous"), "utf8"), V1.settings);
        assert.strictEqual(readFileSync(join(dir, "managed-mcp.json.previous"), "utf8"), V1.mcp);
      });

      it("a tampered payload (one byte of embedded content) is refused; the installed files stay as they were", () => {
        const root = freshRoot();
        const dir = join(root, "etc/claude-code");
        assert.strictEqual(run(shell, [v1().install, "--root", root]).status, 0);
        const before = listing(dir);
        const tampered = `${v2().install}.tampered`;
        const original = readFileSync(tampered.replace(/\.tampered$/, ""), "utf8");
        const marker = "    managed-settings.json)\n      cat <<'CLAUDE_CODE_PAYLOAD'\n";
        const at = original.indexOf(marker) + marker.length;
        writeFileSync(tampered, original.slice(0, at) + (original[at] === "A" ? "B" : "A") + original.slice(at + 1));
        assertFailedWith(run(shell, [tampered, "--root", root]), /^claude-code-install: managed-settings\.json: embedded content does not match its sha256 \(the script was altered\); nothing written$/);
        assert.strictEqual(readFileSync(join(dir, "managed-settings.json"), "utf8"), V1.settings);
        assert.deepStrictEqual(listing(dir), before);
      });

      it("refuses an unprivileged user and writes nothing, even where it could", () => {
        const root = freshRoot();
        chmodSync(root, 0o777);
        const result = run("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", shell, v1().install, "--root", root]);
        assertFailedWith(result, /^claude-code-install: must run as root \(uid 0\) to write .*; nothing written$/);
        assert.deepStrictEqual(listing(root), []);
      });

      it("--rollback restores the previous version, a removed managed-mcp.json included; a second rollback re-applies", () => {
        const root = freshRoot();
        const dir = join(root, "etc/claude-code");
        assert.strictEqual(run(shell, [v1().install, "--root", root]).status, 0);
        const second = v2();
        assert.strictEqual(run(shell, [second.install, "--root", root]).status, 0);
        assert.ok(!existsSync(join(dir, "managed-mcp.json")), "v2 ships no managed-mcp.json, so it is removed");

        const back = run(shell, [second.install, "--root", root, "--rollback"]);
        assert.strictEqual(back.status, 0, back.stderr);
        assert.strictEqual(back.stdout, `claude-code-install: rolled back managed-settings.json managed-mcp.json in ${dir}\n`);
        assert.strictEqual(readFileSync(join(dir, "managed-settings.json"), "utf8"), V1.settings);
        assert.strictEqual(readFileSync(join(dir, "managed-mcp.json"), "utf8"), V1.mcp);
        assert.strictEqual(readFileSync(join(dir, "managed-settings.json.previous"), "utf8"), V2_SETTINGS);
        assert.strictEqual(modeOf(join(dir, "managed-settings.json")), "0644");

        assert.strictEqual(run(shell, [second.install, "--root", root, "--rollback"]).status, 0);
        assert.strictEqual(readFileSync(join(dir, "managed-settings.json"), "utf8"), V2_SETTINGS);
        assert.ok(!existsSync(join(dir, "managed-mcp.json")));
      });

      it("--rollback without a rollback point fails and changes nothing", () => {
        const root = freshRoot();
        assertFailedWith(run(shell, [v1().install, "--root", root, "--rollback"]), /^claude-code-install: nothing to roll back in .*etc\/claude-code/);
        assert.deepStrictEqual(listing(root), []);
      });

      it("refuses an unknown operating system", () => {
        const root = freshRoot();
        const result = run(shell, [v1().install, "--root", root], fakeUname("SunOS"));
        assertFailedWith(result, /^claude-code-install: unsupported operating system 'SunOS': this installer is for Linux and macOS/);
        assert.deepStrictEqual(listing(root), []);
      });

      it("on macOS (uname Darwin) installs into /Library/Application Support/ClaudeCode, space and all", () => {
        const root = freshRoot();
        const scripts = v1();
        assert.strictEqual(run(shell, [scripts.install, "--root", root], fakeUname("Darwin")).status, 0);
        const dir = join(root, "Library/Application Support/ClaudeCode");
        assert.strictEqual(readFileSync(join(dir, "managed-settings.json"), "utf8"), V1.settings);
        assert.strictEqual(run(shell, [scripts.detect, "--root", root], fakeUname("Darwin")).status, 0);
      });

      it("a write error (disk full) fails with one line; the installed file stays intact, no temp file left", function () {
        if (run("unshare", ["-m", "true"]).status !== 0) {
          if (IN_CI) throw new Error("unshare -m failed: the disk-full test needs a private mount namespace (util-linux, root)");
          this.skip();
        }
        const root = freshRoot();
        const dir = join(root, "etc/claude-code");
        mkdirSync(dir, { recursive: true });
        const first = renderScripts([file("managed-settings.json", V1.settings)]);
        const second = renderScripts([file("managed-settings.json", V2_SETTINGS)]);
        const report = join(work, `disk-full-${shell}`);
        mkdirSync(report);
        // The tmpfs exists only inside the private mount namespace, so every check happens there.
        const steps = [
          `mount -t tmpfs -o size=16k tmpfs "${dir}"`,
          `${shell} "${first.install}" --root "${root}" >/dev/null`,
          `dd if=/dev/zero of="${dir}/filler" bs=4096 2>/dev/null || true`,
          `if ${shell} "${second.install}" --root "${root}" 2>"${report}/stderr"; then echo 0; else echo $?; fi >"${report}/status"`,
          `cp "${dir}/managed-settings.json" "${report}/after"`,
          `ls -A "${dir}" >"${report}/listing"`,
        ];
        const result = run("unshare", ["-m", "sh", "-ec", steps.join("\n")]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.strictEqual(readFileSync(join(report, "status"), "utf8"), "1\n");
        assert.match(readFileSync(join(report, "stderr"), "utf8"), /^claude-code-install: cannot write .*\/etc\/claude-code\/\.managed-settings\.json\.tmp-\d+ \(disk full or read-only\?\)\n$/);
        assert.strictEqual(readFileSync(join(report, "after"), "utf8"), V1.settings);
        assert.strictEqual(readFileSync(join(report, "listing"), "utf8"), "filler\nmanaged-settings.json\nmanaged-settings.json.previous-absent\n");
      });

      it("detect.sh exits 0 after install and 1 after a one-byte change, printing both hashes", () => {
        const root = freshRoot();
        const dir = join(root, "etc/claude-code");
        const scripts = v1();
        assert.strictEqual(run(shell, [scripts.install, "--root", root]).status, 0);
        const clean = run(shell, [scripts.detect, "--root", root]);
        assert.strictEqual(clean.status, 0, clean.stdout);
        const expected = sha256Hex(V1.settings);
        assert.ok(clean.stdout.includes(`${dir}/managed-settings.json: expected sha256 ${expected}, installed ${expected}\n`), clean.stdout);
        assert.ok(clean.stdout.endsWith("<result>match</result>\n"));

        const edited = V1.settings.replace("30", "31");
        writeFileSync(join(dir, "managed-settings.json"), edited);
        const drift = run(shell, [scripts.detect, "--root", root]);
        assert.strictEqual(drift.status, 1, drift.stdout);
        assert.ok(drift.stdout.includes(`${dir}/managed-settings.json: expected sha256 ${expected}, installed ${sha256Hex(edited)}\n`), drift.stdout);
        assert.ok(drift.stdout.endsWith("<result>drift</result>\n"));
      });

      it("detect.sh exits 1 when a file is missing, user-writable, or should be absent", () => {
        const root = freshRoot();
        const dir = join(root, "etc/claude-code");
        assert.strictEqual(run(shell, [v1().install, "--root", root]).status, 0);
        const second = v2();
        assert.strictEqual(run(shell, [second.install, "--root", root]).status, 0);
        assert.strictEqual(run(shell, [second.detect, "--root", root]).status, 0);

        chmodSync(join(dir, "managed-settings.json"), 0o666);
        const writable = run(shell, [second.detect, "--root", root]);
        assert.strictEqual(writable.status, 1);
        assert.ok(writable.stdout.includes(`${dir}/managed-settings.json: expected mode and owner uid -rw-r--r-- 0, installed -rw-rw-rw- 0\n`), writable.stdout);
        chmodSync(join(dir, "managed-settings.json"), 0o644);

        writeFileSync(join(dir, "managed-mcp.json"), V1.mcp);
        const extra = run(shell, [second.detect, "--root", root]);
        assert.strictEqual(extra.status, 1);
        assert.ok(extra.stdout.includes(`${dir}/managed-mcp.json: expected absent, installed ${sha256Hex(V1.mcp)}\n`), extra.stdout);
        rmSync(join(dir, "managed-mcp.json"));

        rmSync(join(dir, "otel-headers.sh"));
        const missing = run(shell, [second.detect, "--root", root]);
        assert.strictEqual(missing.status, 1);
        assert.ok(missing.stdout.includes(`${dir}/otel-headers.sh: expected sha256 ${sha256Hex(V1.helper)}, installed missing\n`), missing.stdout);
      });
    });
  }

  it("the pinned client reads what install.sh installs in the real /etc/claude-code (overlay in a private mount namespace)", () => {
    const settings = `${JSON.stringify({ requiredMinimumVersion: "999.0.0" }, null, 2)}\n`;
    const scripts = renderScripts([file("managed-settings.json", settings)]);
    const overlay = mkdtempSync(join(work, "overlay-"));
    for (const sub of ["upper", "work", "home"]) mkdirSync(join(overlay, sub));
    // Writes to /etc land in the overlay's upper folder and vanish with the namespace.
    const steps = [
      "mount --make-rprivate /",
      `mount -t overlay overlay -o lowerdir=/etc,upperdir="${overlay}/upper",workdir="${overlay}/work" /etc`,
      `dash "${scripts.install}" >/dev/null`,
      `"${CLAUDE}" -p hello 2>&1 || true`,
    ];
    const result = spawnSync("unshare", ["-m", "sh", "-ec", steps.join("\n")], {
      encoding: "utf8",
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? "", HOME: join(overlay, "home") },
    });
    assert.strictEqual(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Claude Code 2\.1\.329 is older than the minimum version required by your organization \(999\.0\.0\)\./);
    assert.strictEqual(readFileSync(join(overlay, "upper/claude-code/managed-settings.json"), "utf8"), settings);
  });
});

describe("distribution installers (shellcheck)", function () {
  before(function () {
    if (hasTool("shellcheck")) return;
    if (IN_CI) throw new Error("shellcheck is missing: .ci/run installs it with apt-get");
    console.warn("    skipped: shellcheck is not installed (apt-get install shellcheck)");
    this.skip();
  });

  const variants: [string, PayloadFile[]][] = [
    ["with managed-mcp.json and a helper", [file("managed-settings.json", V1.settings), file("managed-mcp.json", V1.mcp), file("otel-headers.sh", V1.helper, "0755")]],
    ["settings only (managed-mcp.json to remove)", [file("managed-settings.json", V1.settings)]],
  ];
  for (const [what, files] of variants) {
    it(`the rendered install.sh and detect.sh are shellcheck-clean as POSIX sh, ${what}`, () => {
      const out = renderArtefacts({ profile: "standard", environment: "test", clientVersion: "2.1.329", files });
      for (const name of ["install.sh", "detect.sh"]) {
        const result = spawnSync("shellcheck", ["--shell=sh", "--severity=style", "-"], { input: out[name], encoding: "utf8" });
        assert.strictEqual(result.status, 0, `${name}:\n${result.stdout}${result.stderr}`);
      }
    });
  }
});

describe("distribution installers (PowerShell syntax)", () => {
  // pwsh is not installable here (no Debian package, no registry build); the tree-sitter grammar
  // from npm is the closest real parser available, so a broken script still fails a test.
  it("install.ps1 and detect.ps1 parse without errors, and a broken copy does not", async () => {
    const { Parser, Language } = require("web-tree-sitter");
    await Parser.init();
    const parser = new Parser();
    parser.setLanguage(await Language.load(require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm")));
    const out = renderArtefacts({ profile: "standard", environment: "test", clientVersion: "2.1.329", files: [file("managed-settings.json", V1.settings)] });
    for (const name of ["install.ps1", "detect.ps1"]) assert.equal(parser.parse(out[name]).rootNode.hasError, false, `${name} has a syntax error`);
    const broken = out["install.ps1"].replace("} catch {", "catch {");
    assert.notEqual(broken, out["install.ps1"]);
    assert.equal(parser.parse(broken).rootNode.hasError, true);
  });
});
