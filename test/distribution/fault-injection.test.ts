import * as assert from "assert";
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { sha256Hex } from "../../components/settings";
import {
  asNobody,
  assertFailedWith,
  hasTool,
  helpersDir,
  IN_CI,
  installed,
  IS_ROOT,
  managedDir,
  NOBODY,
  productDir,
  run,
  SHELLS,
  snapshot,
  start,
  V1,
  V1_FILES,
  V2,
  V2_FILES,
  Workspace,
} from "./installer-harness";

// install.sh and detect.sh attacked and broken for real, as root, with the user nobody as the
// attacker: planted links and entries, drop-ins, writable parents, a full disk, immutable files,
// concurrent runs. Every case compares whole trees (bytes, mode, owner), not only exit codes.

describe("installers under attack and faults (executed for real)", function () {
  // Generous: many real installer runs, on a machine that may be busy.
  this.timeout(900_000);
  let ws: Workspace;
  before(function () {
    for (const tool of ["dash", "setpriv", "unshare", "chattr"]) {
      if (!hasTool(tool) && IN_CI)
        throw new Error(`${tool} is missing: .ci/run installs dash, util-linux and e2fsprogs`);
    }
    if (!IS_ROOT || !hasTool("dash") || !hasTool("setpriv")) {
      console.warn("    skipped: run as root with dash and setpriv (util-linux)");
      this.skip();
    }
    ws = new Workspace("cc-faults-");
  });
  after(() => ws?.remove());

  const reference: Record<string, Record<string, string>> = {};
  /** The tree a clean run of these steps leaves (computed once per shell). */
  function clean(shell: string, steps: "v1" | "v1v2"): Record<string, string> {
    const key = `${shell} ${steps}`;
    if (!reference[key]) {
      const root = ws.folder("reference");
      assert.strictEqual(run(shell, [ws.scripts(V1_FILES).install, "--root", root]).status, 0);
      if (steps === "v1v2") assert.strictEqual(run(shell, [ws.scripts(V2_FILES).install, "--root", root]).status, 0);
      reference[key] = snapshot(root);
    }
    return reference[key];
  }

  for (const shell of SHELLS) {
    describe(`under ${shell}`, () => {
      it("a managed folder a user made beforehand is taken back: drop-ins, links and their files removed, no link followed, nothing of theirs left", () => {
        const root = ws.folder("root");
        const victims = ws.folder("victims");
        const dirs = [managedDir(root), productDir(root), helpersDir(root)];
        for (const dir of dirs) {
          mkdirSync(dir, { recursive: true });
          chmodSync(dir, 0o777);
          chownSync(dir, NOBODY, NOBODY);
        }
        // Every name the installer writes, truncates, renames or removes, as a link to a root-only file.
        const names = [
          "managed-settings.json",
          "managed-settings.json.previous",
          "managed-settings.json.previous-absent",
          ".managed-settings.json.staged",
          ".managed-settings.json.previous-staged",
          ".managed-settings.json.previous-absent-staged",
          ".claude-code-install.journal",
          ".claude-code-install.journal.staged",
          ".claude-code-install.probe",
          "managed-mcp.json.previous-absent",
        ];
        const helperNames = [
          "otel-headers",
          "otel-headers.previous-absent",
          ".otel-headers.staged",
          ".otel-headers.previous-absent-staged",
          ".claude-code-install.probe",
        ];
        const plant = [
          ...names.map((name, i) => `ln -s ${victims}/v${i} '${managedDir(root)}/${name}'`),
          ...helperNames.map((name, i) => `ln -s ${victims}/h${i} '${helpersDir(root)}/${name}'`),
          `mkdir ${managedDir(root)}/managed-settings.d`,
          `printf '{"permissions":{"defaultMode":"bypassPermissions"}}' >${managedDir(root)}/managed-settings.d/50-mine.json`,
          `printf '{"mcpServers":{"mine":{"command":"/tmp/x"}}}' >${managedDir(root)}/managed-mcp.json`,
          `mkfifo ${managedDir(root)}/.managed-mcp.json.previous-staged`,
          `mkdir ${productDir(root)}/lib && printf x >${productDir(root)}/lib/mine`,
        ];
        for (let i = 0; i < names.length; i++) writeFileSync(join(victims, `v${i}`), `victim ${i}\n`, { mode: 0o600 });
        for (let i = 0; i < helperNames.length; i++)
          writeFileSync(join(victims, `h${i}`), `victim h${i}\n`, { mode: 0o600 });
        const victimsBefore = snapshot(victims);
        const planted = asNobody("sh", ["-ec", plant.join("\n")]);
        assert.strictEqual(planted.status, 0, planted.stderr);

        const scripts = ws.scripts(V1_FILES);
        const result = run(shell, [scripts.install, "--root", root]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.deepStrictEqual(snapshot(victims), victimsBefore, "no link was followed");
        assert.deepStrictEqual(
          snapshot(root),
          clean(shell, "v1"),
          "exactly what a clean install leaves: root's, nothing of the user's",
        );
        assert.strictEqual(run(shell, [scripts.detect, "--root", root]).status, 0);
        // And the user cannot add a drop-in afterwards.
        const late = asNobody("sh", [
          "-c",
          `mkdir ${managedDir(root)}/managed-settings.d || printf x >${managedDir(root)}/z.json`,
        ]);
        assert.notStrictEqual(late.status, 0);
        assert.deepStrictEqual(snapshot(root), clean(shell, "v1"));
      });

      it("drop-ins root left there are drift; install removes them; an immutable one stops the install with nothing changed", () => {
        const root = ws.folder("root");
        const scripts = ws.scripts(V1_FILES);
        assert.strictEqual(run(shell, [scripts.install, "--root", root]).status, 0);
        const dropins = join(managedDir(root), "managed-settings.d");
        mkdirSync(join(dropins, "sub"), { recursive: true });
        writeFileSync(join(dropins, "10-x.json"), '{"cleanupPeriodDays":99}');
        writeFileSync(join(dropins, "sub/y.json"), "{}");
        const detect = run(shell, [scripts.detect, "--root", root]);
        assert.strictEqual(detect.status, 1, detect.stdout);
        assert.ok(
          detect.stdout.includes(
            `${dropins}/10-x.json: expected absent (a drop-in this profile does not ship; the client merges it over managed-settings.json)\n`,
          ),
          detect.stdout,
        );

        const withDropins = snapshot(root);
        assert.strictEqual(run("chattr", ["+i", join(dropins, "sub/y.json")]).status, 0);
        try {
          assertFailedWith(
            run(shell, [scripts.install, "--root", root]),
            new RegExp(
              `^claude-code-install: cannot replace ${dropins}/sub/y\\.json \\(immutable, append-only, or on a read-only file system\\?\\); nothing changed$`,
            ),
          );
        } finally {
          run("chattr", ["-i", join(dropins, "sub/y.json")]);
        }
        assert.deepStrictEqual(snapshot(root), withDropins);

        const again = run(shell, [scripts.install, "--root", root]);
        assert.strictEqual(again.status, 0, again.stderr);
        assert.deepStrictEqual(snapshot(root), clean(shell, "v1"));
        assert.strictEqual(run(shell, [scripts.detect, "--root", root]).status, 0);
      });

      it("a folder above the managed files that someone else can write: install refuses and writes nothing, detect reports it", () => {
        for (const [above, change] of [
          ["etc", (p: string) => chmodSync(p, 0o777)],
          ["opt", (p: string) => chownSync(p, NOBODY, NOBODY)],
        ] as const) {
          const root = ws.folder("root");
          const scripts = ws.scripts(V1_FILES);
          assert.strictEqual(run(shell, [scripts.install, "--root", root]).status, 0);
          change(join(root, above));
          const before = snapshot(root);
          assertFailedWith(
            run(shell, [scripts.install, "--root", root]),
            new RegExp(
              `^claude-code-install: ${root}/${above} is not root's or is writable by others, so anyone could swap what is below it; fix that folder first; nothing written$`,
            ),
          );
          assert.deepStrictEqual(snapshot(root), before);
          const detect = run(shell, [scripts.detect, "--root", root]);
          assert.strictEqual(detect.status, 1);
          assert.ok(
            detect.stdout.includes(
              `${root}/${above}: a folder above the managed files that anyone but root can write\n`,
            ),
            detect.stdout,
          );
        }
      });

      it("an immutable file stops the install before any change: every live file and rollback point stays exactly as it was", () => {
        const root = ws.folder("root");
        assert.strictEqual(run(shell, [ws.scripts(V1_FILES).install, "--root", root]).status, 0);
        const before = snapshot(root);
        const v2 = ws.scripts(V2_FILES).install;
        // A file V2 replaces, one it removes, a helper, a rollback point it replaces, and a whole folder.
        for (const target of [
          "etc/claude-code/managed-settings.json",
          "etc/claude-code/managed-mcp.json",
          "opt/claude-code-rollout/bin/otel-headers",
          "etc/claude-code/managed-settings.json.previous-absent",
          "etc/claude-code",
        ]) {
          const path = join(root, target);
          assert.strictEqual(run("chattr", ["+i", path]).status, 0, `chattr +i ${path}`);
          try {
            const result = run(shell, [v2, "--root", root]);
            assertFailedWith(
              result,
              target === "etc/claude-code"
                ? new RegExp(`^claude-code-install: cannot make ${path} owned by root with mode 0755$`)
                : new RegExp(
                    `^claude-code-install: cannot replace ${path.replace(/\./g, "\\.")} \\(immutable, append-only, or on a read-only file system\\?\\); nothing changed$`,
                  ),
            );
          } finally {
            run("chattr", ["-i", path]);
          }
          assert.deepStrictEqual(snapshot(root), before, `after the failure on ${target}`);
        }
      });

      it("a full disk at each point of staging leaves every live file and rollback point exactly as before", function () {
        if (run("unshare", ["-m", "true"]).status !== 0) {
          if (IN_CI)
            throw new Error("unshare -m failed: the full-disk case needs a private mount namespace (util-linux, root)");
          this.skip();
        }
        const root = ws.folder("root");
        const report = ws.folder("report");
        const v1 = ws.scripts(V1_FILES).install;
        const v2 = ws.scripts(V2_FILES).install;
        mkdirSync(managedDir(root), { recursive: true });
        // The managed folder is a 64 KiB tmpfs inside a private mount namespace, filled, then
        // 0..2 pages freed: the install runs out of space at a later step each time.
        const steps = [
          `mount -t tmpfs -o size=64k,mode=0755 tmpfs "${managedDir(root)}"`,
          `${shell} "${v1}" --root "${root}" >/dev/null`,
          `cp -a "${root}" "${report}/before"`,
          `dd if=/dev/zero of="${managedDir(root)}/filler" bs=4096 2>/dev/null || true`,
          ...[0, 1, 2].flatMap((pages) => [
            `truncate -s -${pages * 4096} "${managedDir(root)}/filler"`,
            `if ${shell} "${v2}" --root "${root}" 2>"${report}/stderr-${pages}"; then echo 0; else echo $?; fi >"${report}/status-${pages}"`,
            `mkdir "${report}/after-${pages}" && cp -a "${root}/etc" "${root}/opt" "${report}/after-${pages}/"`,
            `rm "${report}/after-${pages}/etc/claude-code/filler"`,
          ]),
        ];
        const result = run("unshare", ["-m", "sh", "-ec", steps.join("\n")]);
        assert.strictEqual(result.status, 0, result.stderr);
        const before = snapshot(join(report, "before"));
        const messages = new Set<string>();
        for (const pages of [0, 1, 2]) {
          assert.strictEqual(readFileSync(join(report, `status-${pages}`), "utf8"), "1\n", `${pages} pages free`);
          const stderr = readFileSync(join(report, `stderr-${pages}`), "utf8");
          assert.match(
            stderr,
            /^claude-code-install: cannot (write|copy) .*\(disk full or read-only\?\)(; nothing changed)?\n$/,
          );
          messages.add(stderr.replace(/ \(disk.*/s, ""));
          assert.deepStrictEqual(snapshot(join(report, `after-${pages}`)), before, `${pages} pages free`);
        }
        assert.ok(messages.size >= 2, `the disk ran full at different steps: ${[...messages].join(" | ")}`);
      });

      // The polled fallback (macOS has no flock) once, under dash: the lock logic is the same in both shells.
      for (const withFlock of shell === "dash" ? [true, false] : [true]) {
        it(`20 concurrent runs (${withFlock ? "waiting on flock" : "no flock: the lock link alone, polled"}): one installs, the others find it installed; the rollback point is the real prior version`, async () => {
          const root = ws.folder("root");
          assert.strictEqual(run(shell, [ws.scripts(V1_FILES).install, "--root", root]).status, 0);
          const v2 = ws.scripts(V2_FILES).install;
          const env: Record<string, string> = withFlock ? {} : { PATH: ws.pathWithout(["flock"]) };
          const results = await Promise.all(Array.from({ length: 20 }, () => start(shell, [v2, "--root", root], env)));
          for (const result of results) assert.strictEqual(result.status, 0, result.stderr);
          const installs = results.filter((result) => result.stdout.includes(": installed profile standard"));
          assert.strictEqual(installs.length, 1, results.map((result) => result.stdout).join(""));
          assert.deepStrictEqual(snapshot(root), clean(shell, "v1v2"));
          assert.strictEqual(
            readFileSync(join(managedDir(root), "managed-settings.json.previous"), "utf8"),
            V1.settings,
          );
          assert.strictEqual(readFileSync(join(managedDir(root), "managed-mcp.json.previous"), "utf8"), V1.mcp);
          assert.strictEqual(readFileSync(join(helpersDir(root), "otel-headers.previous"), "utf8"), V1.helper);
          assert.strictEqual(
            snapshot(root)["opt/claude-code-rollout/bin/aws-credential-export"],
            installed(V2.awsHelper, "0755"),
          );
        });
      }
    });
  }

  it("on macOS a configuration profile for com.anthropic.claudecode (system-wide or per user) is drift, and no sandbox tool is asked for", () => {
    const root = ws.folder("root");
    const darwin = {
      PATH: `${ws.programs({ uname: "#!/bin/sh\necho Darwin\n" })}:${ws.pathWithout(["bwrap", "socat", "uname"])}`,
    };
    const scripts = ws.scripts(V1_FILES);
    const installedRun = run("dash", [scripts.install, "--root", root], darwin);
    assert.strictEqual(installedRun.status, 0, installedRun.stderr);
    assert.strictEqual(
      run("dash", [scripts.detect, "--root", root], darwin).stdout.endsWith("<result>match</result>\n"),
      true,
    );
    for (const plist of [
      "Library/Managed Preferences/com.anthropic.claudecode.plist",
      "Library/Managed Preferences/alice/com.anthropic.claudecode.plist",
    ]) {
      mkdirSync(join(root, plist, ".."), { recursive: true });
      writeFileSync(join(root, plist), "<plist/>");
      const detect = run("dash", [scripts.detect, "--root", root], darwin);
      assert.strictEqual(detect.status, 1, detect.stdout);
      assert.ok(
        detect.stdout.includes(
          `${join(root, plist)}: expected absent (a configuration profile for com.anthropic.claudecode outranks the installed file)\n`,
        ),
        detect.stdout,
      );
      rmSync(join(root, plist));
    }
    assert.strictEqual(
      sha256Hex(readFileSync(join(root, "Library/Application Support/ClaudeCode/managed-settings.json"), "utf8")),
      sha256Hex(V1.settings),
    );
  });
});
