import * as assert from "assert";
import { spawnSync } from "child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { renderArtefacts } from "../../components/plan/artefacts/artefacts";
import { PayloadFile } from "../../components/plan/artefacts/payload-files";
import { sha256Hex } from "../../components/settings";
import { CLIENT_HELPERS, HELPER_DIRS, helperPath } from "../../components/settings/client-helpers";
import {
  assertFailedWith,
  file,
  hasTool,
  helper,
  IN_CI,
  IS_ROOT,
  listing,
  modeOf,
  NOBODY,
  run,
  settingsOf,
  snapshot,
  tamperedPayload,
  V1,
  V2,
} from "./installer-harness";
import { powerShellParser, renderWindowsProfile } from "./powershell-parser";

// The POSIX installer and drift check, executed for real with bash and dash in temp roots.
// They chown to root, so the suite needs root (CI runs as root); tools missing in CI are failures.

const CLAUDE = join(__dirname, "../../node_modules/.bin/claude");

let work = "";
let scriptCount = 0;

/** Renders a profile's artefacts into a fresh folder readable by everyone; returns the script paths. */
function renderScripts(files: PayloadFile[]): { install: string; detect: string } {
  const dir = join(work, `scripts-${++scriptCount}`);
  mkdirSync(dir, { mode: 0o755 });
  const out = renderArtefacts({
    profile: "standard",
    environment: "test",
    clientVersion: "2.1.329",
    files,
    settings: settingsOf(files),
  });
  for (const name of ["install.sh", "detect.sh"]) writeFileSync(join(dir, name), out[name], { mode: 0o755 });
  return { install: join(dir, "install.sh"), detect: join(dir, "detect.sh") };
}

function freshRoot(): string {
  const root = mkdtempSync(join(work, "root-"));
  chmodSync(root, 0o755);
  return root;
}

function fakeUname(system: string): Record<string, string> {
  const bin = join(work, `uname-${system}`);
  if (!existsSync(bin)) {
    mkdirSync(bin, { mode: 0o755 });
    writeFileSync(join(bin, "uname"), `#!/bin/sh\necho ${system}\n`, { mode: 0o755 });
  }
  return { PATH: `${bin}:${process.env.PATH}` };
}

/** A copy of install.sh with one file's embedded content changed (tamperedPayload); returns its path. */
function tamper(script: string, name: string): string {
  const tampered = `${script}.tampered-${name}`;
  writeFileSync(tampered, tamperedPayload(readFileSync(script, "utf8"), name));
  return tampered;
}

describe("distribution installers (executed for real)", function () {
  const v1 = () =>
    renderScripts([
      file("managed-settings.json", V1.settings),
      file("managed-mcp.json", V1.mcp),
      helper("otel-headers", V1.helper),
    ]);
  const v2 = () =>
    renderScripts([
      file("managed-settings.json", V2.settings),
      helper("otel-headers", V2.helper),
      helper("aws-credential-export", V2.awsHelper),
    ]);
  // The folders under a test root, as the installers lay them out on Linux.
  const managedDir = (root: string) => join(root, "etc/claude-code");
  const helpersDir = (root: string) => join(root, HELPER_DIRS.posix);
  const folders = (root: string) => `${managedDir(root)} and ${helpersDir(root)}`;

  before(function () {
    for (const tool of ["dash", "bash", "setpriv"]) {
      if (!hasTool(tool) && IN_CI)
        throw new Error(`${tool} is missing: .ci/run installs it with apt-get (dash, util-linux)`);
    }
    if (!IS_ROOT || !hasTool("dash")) {
      console.warn(
        "    skipped: the installers chown to root and run under dash; run the suite as root with dash installed",
      );
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
      it("a fresh install puts documents (0644) into the managed folder and helpers (0755) where the settings name them, byte-identical, owned by root", () => {
        const root = freshRoot();
        // Pre-existing folders owned by someone else and world-writable must be taken back.
        for (const dir of [managedDir(root), helpersDir(root)]) {
          mkdirSync(dir, { recursive: true, mode: 0o777 });
          chmodSync(dir, 0o777);
          chownSync(dir, NOBODY, NOBODY);
        }
        chmodSync(join(helpersDir(root), ".."), 0o777);
        chownSync(join(helpersDir(root), ".."), NOBODY, NOBODY);
        const result = run(shell, [v1().install, "--root", root]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.strictEqual(
          result.stdout,
          `claude-code-install: installed profile standard (test) in ${folders(root)}; managed-settings.json sha256 ${sha256Hex(V1.settings)}\n`,
        );
        const installed: [string, string, string][] = [
          [join(managedDir(root), "managed-settings.json"), V1.settings, "0644"],
          [join(managedDir(root), "managed-mcp.json"), V1.mcp, "0644"],
          [join(root, helperPath(CLIENT_HELPERS.otelHeaders, "posix")), V1.helper, "0755"],
        ];
        assert.strictEqual(installed[2][0], join(root, "opt/claude-code-rollout/bin/otel-headers"));
        for (const [path, content, mode] of installed) {
          assert.strictEqual(readFileSync(path, "utf8"), content, path);
          assert.strictEqual(modeOf(path), mode, path);
          assert.deepStrictEqual([statSync(path).uid, statSync(path).gid], [0, 0], path);
        }
        assert.ok(!existsSync(join(managedDir(root), "otel-headers")), "helpers stay out of the managed folder");
        for (const dir of [managedDir(root), join(root, "opt/claude-code-rollout"), helpersDir(root)]) {
          assert.strictEqual(modeOf(dir), "0755", dir);
          assert.deepStrictEqual([statSync(dir).uid, statSync(dir).gid], [0, 0], dir);
        }
        assert.ok(!Object.keys(snapshot(root)).some((path) => path.includes(".tmp-")), "no temp file left");
      });

      it("a profile without helpers leaves the helper folder alone", () => {
        const root = freshRoot();
        const result = run(shell, [
          renderScripts([file("managed-settings.json", V1.settings)]).install,
          "--root",
          root,
        ]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.strictEqual(
          result.stdout,
          `claude-code-install: installed profile standard (test) in ${managedDir(root)}; managed-settings.json sha256 ${sha256Hex(V1.settings)}\n`,
        );
        assert.deepStrictEqual(listing(root), ["etc"]);
      });

      it("a second run is a no-op: exit 0, same inodes and mtimes, the backups not clobbered", () => {
        const root = freshRoot();
        const second = v2();
        assert.strictEqual(run(shell, [v1().install, "--root", root]).status, 0);
        assert.strictEqual(run(shell, [second.install, "--root", root]).status, 0);
        const live = [join(managedDir(root), "managed-settings.json"), join(helpersDir(root), "otel-headers")];
        const before = live.map((path) => [statSync(path).ino, statSync(path).mtimeMs]);
        const again = run(shell, [second.install, "--root", root]);
        assert.strictEqual(again.status, 0, again.stderr);
        assert.strictEqual(
          again.stdout,
          `claude-code-install: profile standard (test) is already installed in ${folders(root)}; nothing changed\n`,
        );
        assert.deepStrictEqual(
          live.map((path) => [statSync(path).ino, statSync(path).mtimeMs]),
          before,
        );
        assert.strictEqual(readFileSync(join(managedDir(root), "managed-settings.json.previous"), "utf8"), V1.settings);
        assert.strictEqual(readFileSync(join(managedDir(root), "managed-mcp.json.previous"), "utf8"), V1.mcp);
        assert.strictEqual(readFileSync(join(helpersDir(root), "otel-headers.previous"), "utf8"), V1.helper);
      });

      for (const name of ["managed-settings.json", "otel-headers"]) {
        it(`a tampered payload (one byte of ${name}) is refused: nothing written anywhere, on a fresh device or over an installed profile`, () => {
          const fresh = freshRoot();
          const tampered = tamper(v2().install, name);
          const message = new RegExp(
            `^claude-code-install: ${name.replace(/\./g, "\\.")}: embedded content does not match its sha256 \\(the script was altered\\); nothing written$`,
          );
          assertFailedWith(run(shell, [tampered, "--root", fresh]), message);
          assert.deepStrictEqual(snapshot(fresh), {});

          const installed = freshRoot();
          assert.strictEqual(run(shell, [v1().install, "--root", installed]).status, 0);
          const before = snapshot(installed);
          assertFailedWith(run(shell, [tampered, "--root", installed]), message);
          assert.deepStrictEqual(snapshot(installed), before);
        });
      }

      it("refuses an unprivileged user and writes nothing, even where it could", () => {
        const root = freshRoot();
        chmodSync(root, 0o777);
        const result = run("setpriv", [
          `--reuid=${NOBODY}`,
          `--regid=${NOBODY}`,
          "--clear-groups",
          shell,
          v1().install,
          "--root",
          root,
        ]);
        assertFailedWith(result, /^claude-code-install: must run as root \(uid 0\) to write .*; nothing written$/);
        assert.deepStrictEqual(listing(root), []);
      });

      it("--rollback restores both folders: changed and removed files come back, added helpers go; a second rollback re-applies", () => {
        const root = freshRoot();
        assert.strictEqual(run(shell, [v1().install, "--root", root]).status, 0);
        const first = snapshot(root);
        const second = v2();
        assert.strictEqual(run(shell, [second.install, "--root", root]).status, 0);
        assert.ok(
          !existsSync(join(managedDir(root), "managed-mcp.json")),
          "v2 ships no managed-mcp.json, so it is removed",
        );
        assert.strictEqual(readFileSync(join(helpersDir(root), "aws-credential-export"), "utf8"), V2.awsHelper);
        const installedV2 = snapshot(root);

        const back = run(shell, [second.install, "--root", root, "--rollback"]);
        assert.strictEqual(back.status, 0, back.stderr);
        // Restorations first (helpers before the settings naming them), the removal of what v2 added last.
        assert.strictEqual(
          back.stdout,
          `claude-code-install: rolled back managed-mcp.json otel-headers managed-settings.json aws-credential-export in ${folders(root)}\n`,
        );
        const live = (entries: Record<string, string>) =>
          Object.fromEntries(Object.entries(entries).filter(([path]) => !/\.previous(-absent)?$/.test(path)));
        assert.deepStrictEqual(
          live(snapshot(root)),
          live(first),
          "every live file and folder as v1 left it: content, mode, owner",
        );
        assert.strictEqual(readFileSync(join(helpersDir(root), "otel-headers.previous"), "utf8"), V2.helper);
        assert.strictEqual(
          readFileSync(join(helpersDir(root), "aws-credential-export.previous"), "utf8"),
          V2.awsHelper,
        );

        assert.strictEqual(run(shell, [second.install, "--root", root, "--rollback"]).status, 0);
        assert.deepStrictEqual(live(snapshot(root)), live(installedV2));
        assert.strictEqual(run(shell, [second.detect, "--root", root]).status, 0);
      });

      it("--rollback without a rollback point fails and changes nothing", () => {
        const root = freshRoot();
        assertFailedWith(
          run(shell, [v1().install, "--root", root, "--rollback"]),
          /^claude-code-install: nothing to roll back in .*etc\/claude-code and .*opt\/claude-code-rollout\/bin \(no \.previous files\)$/,
        );
        assert.deepStrictEqual(listing(root), []);
      });

      it("refuses an unknown operating system", () => {
        const root = freshRoot();
        const result = run(shell, [v1().install, "--root", root], fakeUname("SunOS"));
        assertFailedWith(
          result,
          /^claude-code-install: unsupported operating system 'SunOS': this installer is for Linux and macOS/,
        );
        assert.deepStrictEqual(listing(root), []);
      });

      it("on macOS (uname Darwin) installs documents into /Library/Application Support/ClaudeCode, space and all, and helpers into the same helper folder as Linux", () => {
        const root = freshRoot();
        const scripts = v1();
        assert.strictEqual(run(shell, [scripts.install, "--root", root], fakeUname("Darwin")).status, 0);
        const dir = join(root, "Library/Application Support/ClaudeCode");
        assert.strictEqual(readFileSync(join(dir, "managed-settings.json"), "utf8"), V1.settings);
        assert.strictEqual(readFileSync(join(helpersDir(root), "otel-headers"), "utf8"), V1.helper);
        assert.deepStrictEqual(listing(root), ["Library", "opt"]);
        assert.strictEqual(run(shell, [scripts.detect, "--root", root], fakeUname("Darwin")).status, 0);
      });

      it("a write error (disk full) fails with one line; the installed file stays intact, no temp file left", function () {
        if (run("unshare", ["-m", "true"]).status !== 0) {
          if (IN_CI)
            throw new Error("unshare -m failed: the disk-full test needs a private mount namespace (util-linux, root)");
          this.skip();
        }
        const root = freshRoot();
        const dir = managedDir(root);
        mkdirSync(dir, { recursive: true });
        const first = renderScripts([file("managed-settings.json", V1.settings)]);
        const second = renderScripts([file("managed-settings.json", V2.settings)]);
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
        assert.match(
          readFileSync(join(report, "stderr"), "utf8"),
          /^claude-code-install: cannot write .*\/etc\/claude-code\/\.managed-settings\.json\.staged \(disk full or read-only\?\)\n$/,
        );
        assert.strictEqual(readFileSync(join(report, "after"), "utf8"), V1.settings);
        assert.strictEqual(
          readFileSync(join(report, "listing"), "utf8"),
          "filler\nmanaged-settings.json\nmanaged-settings.json.previous-absent\n",
        );
      });

      it("detect.sh exits 0 after install and 1 after a one-byte change to the settings or a helper, printing both hashes", () => {
        const root = freshRoot();
        const scripts = v1();
        assert.strictEqual(run(shell, [scripts.install, "--root", root]).status, 0);
        const clean = run(shell, [scripts.detect, "--root", root]);
        assert.strictEqual(clean.status, 0, clean.stdout);
        for (const [path, content] of [
          [join(managedDir(root), "managed-settings.json"), V1.settings],
          [join(helpersDir(root), "otel-headers"), V1.helper],
        ]) {
          assert.ok(
            clean.stdout.includes(`${path}: expected sha256 ${sha256Hex(content)}, installed ${sha256Hex(content)}\n`),
            clean.stdout,
          );
        }
        assert.ok(clean.stdout.endsWith("<result>match</result>\n"));

        for (const [path, content, edited] of [
          [join(managedDir(root), "managed-settings.json"), V1.settings, V1.settings.replace("30", "31")],
          [join(helpersDir(root), "otel-headers"), V1.helper, V1.helper.replace("{}", "[]")],
        ]) {
          writeFileSync(path, edited);
          const drift = run(shell, [scripts.detect, "--root", root]);
          assert.strictEqual(drift.status, 1, drift.stdout);
          assert.ok(
            drift.stdout.includes(`${path}: expected sha256 ${sha256Hex(content)}, installed ${sha256Hex(edited)}\n`),
            drift.stdout,
          );
          assert.ok(drift.stdout.endsWith("<result>drift</result>\n"));
          writeFileSync(path, content);
        }
        assert.strictEqual(run(shell, [scripts.detect, "--root", root]).status, 0);
      });

      it("detect.sh exits 1 when a file is missing, not executable, user-writable, in a user-writable folder, or should be absent", () => {
        const root = freshRoot();
        assert.strictEqual(run(shell, [v1().install, "--root", root]).status, 0);
        const second = v2();
        assert.strictEqual(run(shell, [second.install, "--root", root]).status, 0);
        assert.strictEqual(run(shell, [second.detect, "--root", root]).status, 0);
        const expectDrift = (line: string) => {
          const result = run(shell, [second.detect, "--root", root]);
          assert.strictEqual(result.status, 1, result.stdout);
          assert.ok(result.stdout.includes(line), `${line}\nnot in:\n${result.stdout}`);
        };
        const settings = join(managedDir(root), "managed-settings.json");
        const otelHeaders = join(helpersDir(root), "otel-headers");
        const product = join(root, "opt/claude-code-rollout");

        chmodSync(settings, 0o666);
        expectDrift(`${settings}: expected mode and owner uid -rw-r--r-- 0, installed -rw-rw-rw- 0\n`);
        chmodSync(settings, 0o644);

        chmodSync(otelHeaders, 0o644);
        expectDrift(`${otelHeaders}: expected mode and owner uid -rwxr-xr-x 0, installed -rw-r--r-- 0\n`);
        chmodSync(otelHeaders, 0o755);

        chmodSync(product, 0o777);
        expectDrift(`${product}: expected mode and owner uid drwxr-xr-x 0, installed drwxrwxrwx 0\n`);
        chmodSync(product, 0o755);

        writeFileSync(join(managedDir(root), "managed-mcp.json"), V1.mcp);
        expectDrift(`${managedDir(root)}/managed-mcp.json: expected absent, installed ${sha256Hex(V1.mcp)}\n`);
        rmSync(join(managedDir(root), "managed-mcp.json"));

        rmSync(join(helpersDir(root), "aws-credential-export"));
        expectDrift(
          `${helpersDir(root)}/aws-credential-export: expected sha256 ${sha256Hex(V2.awsHelper)}, installed missing\n`,
        );
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
      timeout: 120_000, // a bound for a hang: the client normally refuses within seconds
      env: { PATH: process.env.PATH ?? "", HOME: join(overlay, "home") },
    });
    assert.strictEqual(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /^Claude Code 2\.1\.329 is older than the minimum version required by your organization \(999\.0\.0\)\./,
    );
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
    [
      "with managed-mcp.json and helpers",
      [
        file("managed-settings.json", V1.settings),
        file("managed-mcp.json", V1.mcp),
        helper("otel-headers", V1.helper),
        helper("aws-credential-export", V2.awsHelper),
      ],
    ],
    ["settings only (managed-mcp.json to remove)", [file("managed-settings.json", V1.settings)]],
  ];
  for (const [what, files] of variants) {
    it(`the rendered install.sh and detect.sh are shellcheck-clean as POSIX sh, ${what}`, () => {
      const out = renderArtefacts({
        profile: "standard",
        environment: "test",
        clientVersion: "2.1.329",
        files,
        settings: settingsOf(files),
      });
      for (const name of ["install.sh", "detect.sh"]) {
        const result = spawnSync("shellcheck", ["--shell=sh", "--severity=style", "-"], {
          input: out[name],
          encoding: "utf8",
        });
        assert.strictEqual(result.status, 0, `${name}:\n${result.stdout}${result.stderr}`);
      }
    });
  }
});

describe("distribution installers (PowerShell syntax)", () => {
  it("install.ps1 and detect.ps1 parse without errors, and a broken copy does not", async () => {
    const parser = await powerShellParser();
    const out = renderWindowsProfile();
    for (const name of ["install.ps1", "detect.ps1"])
      assert.equal(parser.parse(out[name]).rootNode.hasError, false, `${name} has a syntax error`);
    const broken = out["install.ps1"].replace("} catch {", "catch {");
    assert.notEqual(broken, out["install.ps1"]);
    assert.equal(parser.parse(broken).rootNode.hasError, true);

    // A cut download runs nothing: each script is one if-statement from its first byte to its last.
    for (const name of ["install.ps1", "detect.ps1"]) {
      const whole = parser
        .parse(out[name])
        .rootNode.descendantsOfType("if_statement")
        .filter(
          (node: { startIndex: number; endIndex: number }) =>
            node.startIndex === 0 && node.endIndex === out[name].trimEnd().length,
        );
      assert.strictEqual(whole.length, 1, `${name} is not one if-statement`);
    }
  });

  // What can be checked without Windows: the structure that gives install.ps1 the guarantees install.sh proves by running.
  it("install.ps1: a machine-wide lock, no cmdlet that follows links, every new file CreateNew, all staged before the journaled commit", () => {
    const files = [file("managed-settings.json", V1.settings), helper("otel-headers.ps1", V1.helper)];
    const text = renderArtefacts({
      profile: "standard",
      environment: "test",
      clientVersion: "2.1.329",
      files,
      settings: settingsOf(files),
    })["install.ps1"];
    const body = (fn: string) => {
      const start = text.indexOf(`\nfunction ${fn}`);
      assert.ok(start > 0, fn);
      return text.slice(start, text.indexOf("\n}\n", start));
    };
    const main = text.slice(text.indexOf("\n$Root = ''\n"));
    const order = (haystack: string, needles: string[]) =>
      needles.map((needle) => {
        const at = haystack.indexOf(needle);
        assert.ok(at >= 0, needle);
        return at;
      });
    const [mutex, wait, protect, journal, install] = order(main, [
      "New-Object Threading.Mutex($false, 'Global\\claude-code-rollout-install')",
      ".WaitOne(",
      "Protect-Folder $ManagedDir",
      "$finished = Complete-Journal",
      "Install-Payload",
    ]);
    assert.ok(
      mutex < wait && wait < protect && protect < journal && journal < install,
      "lock, take back, finish the journal, then install",
    );
    assert.ok(main.includes("catch [Threading.AbandonedMutexException]"), "a holder that died releases the lock");
    // Remove-Item -Recurse deletes a junction's target in Windows PowerShell 5.1; the others write through links.
    for (const cmdlet of [
      "Remove-Item",
      "Copy-Item",
      "Move-Item",
      "Set-Content",
      "Out-File",
      "Add-Content",
      "-Recurse",
    ])
      assert.ok(!text.includes(cmdlet), `install.ps1 uses ${cmdlet}`);
    assert.deepStrictEqual(text.match(/New-Object IO\.FileStream\([^)]*\)/g), [
      "New-Object IO.FileStream($Path, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)",
    ]);
    assert.ok(body("Remove-Untrusted").includes("(Test-ReparsePoint $entry) -or -not (Test-Trusted $entry)"));
    assert.ok(body("Protect-Folder").includes("Test-ReparsePoint $Path"));
    for (const fn of ["Install-Payload", "Invoke-Rollback"]) {
      const code = body(fn);
      const commit = code.indexOf("Submit-Journal $lines");
      assert.ok(
        commit > 0 && !/Move-Staged|Remove-Entry|\[IO\.File\]::(Move|Replace|Delete)/.test(code),
        `${fn} changes live files only through the journal`,
      );
      assert.ok(
        code.lastIndexOf("Write-Staged") < commit && code.lastIndexOf("Save-Previous") < commit,
        `${fn} stages everything before the commit`,
      );
    }
    const submit = body("Submit-Journal");
    assert.ok(
      submit.indexOf("Assert-Replaceable") < submit.indexOf('[IO.File]::Move("$Journal.staged", $Journal)'),
      "every target checked before the commit point",
    );
  });
});
