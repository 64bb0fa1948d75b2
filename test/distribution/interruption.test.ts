import * as assert from "assert";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { isDeepStrictEqual } from "util";
import {
  file,
  hasTool,
  helper,
  IN_CI,
  IS_ROOT,
  run,
  SHELLS,
  snapshot,
  start,
  V1,
  V2,
  Workspace,
} from "./installer-harness";

// install.sh killed (SIGKILL) before each of the commands that change files, then run again:
// the tree must end exactly as an uninterrupted run leaves it, rollback point included.
// Two files a side keep the runs few while covering a replaced, a removed and an added file in
// both folders: V1 ships settings and managed-mcp.json; V2 new settings and a helper.
const V1_FILES = [file("managed-settings.json", V1.settings), file("managed-mcp.json", V1.mcp)];
const V2_FILES = [file("managed-settings.json", V2.settings), helper("aws-credential-export", V2.awsHelper)];
const LOCK = "etc/claude-code.install-lock";

// Every program install.sh changes files with. Each wrapper counts its calls and, at call
// FAULT_KILL_AT, kills the installer's whole process group before the command runs.
const CHANGING_TOOLS = ["mv", "rm", "cp", "ln", "chmod", "chown", "mkdir", "rmdir"];

describe("installers killed at each step (executed for real)", function () {
  // Generous: many real installer runs, on a machine that may be busy.
  this.timeout(900_000);
  let ws: Workspace;
  let wrappers = "";
  before(function () {
    if (!hasTool("setsid") && IN_CI) throw new Error("setsid is missing: .ci/run installs util-linux");
    if (!IS_ROOT || !hasTool("dash") || !hasTool("setsid")) {
      console.warn("    skipped: run as root with dash and setsid (util-linux)");
      this.skip();
    }
    ws = new Workspace("cc-killed-");
    wrappers = ws.programs(
      Object.fromEntries(
        CHANGING_TOOLS.map((tool) => {
          const real = run("sh", ["-c", `command -v ${tool}`]).stdout.trim();
          return [
            tool,
            [
              "#!/bin/sh",
              'read -r n <"$FAULT_COUNTER" || n=0',
              "n=$((n + 1))",
              'echo "$n" >"$FAULT_COUNTER"',
              'if [ "$n" = "$FAULT_KILL_AT" ]; then kill -KILL 0; fi',
              `exec ${real} "$@"`,
              "",
            ].join("\n"),
          ];
        }),
      ),
    );
  });
  after(() => ws?.remove());

  /** Runs the installer in its own process group, killed at change number `killAt` (0: never); returns the number of changes counted. */
  async function runKilled(
    shell: string,
    script: string,
    root: string,
    args: string[],
    killAt: number,
  ): Promise<{ killed: boolean; changes: number; stderr: string }> {
    const counter = `${root}.counter`;
    writeFileSync(counter, "0\n");
    const result = await start("setsid", [shell, script, "--root", root, ...args], {
      PATH: `${wrappers}:${process.env.PATH}`,
      FAULT_COUNTER: counter,
      FAULT_KILL_AT: String(killAt),
    });
    const changes = Number(readFileSync(counter, "utf8"));
    rmSync(counter);
    if (killAt === 0) assert.strictEqual(result.status, 0, result.stderr);
    return { killed: result.status === null, changes, stderr: result.stderr };
  }

  /** A copy of a prepared tree (mode and owner kept: root's everywhere). */
  function copyOf(tree: string): string {
    const root = ws.folder("root");
    rmSync(root, { recursive: true });
    cpSync(tree, root, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    return root;
  }

  /** The live files of a tree (no rollback points): each must be all V1 or all V2, never a mix inside a file. */
  function assertWholeFiles(root: string, context: string): void {
    const allowed: Record<string, (string | undefined)[]> = {
      "etc/claude-code/managed-settings.json": [V1.settings, V2.settings],
      "etc/claude-code/managed-mcp.json": [V1.mcp, undefined],
      "opt/claude-code-rollout/bin/aws-credential-export": [undefined, V2.awsHelper],
    };
    for (const [path, versions] of Object.entries(allowed)) {
      const full = join(root, path);
      const content = existsSync(full) ? readFileSync(full, "utf8") : undefined;
      assert.ok(versions.includes(content), `${context}: ${path} is neither version: ${content}`);
    }
  }

  // Each kill point runs under one shell, bash and dash in turn (half the runs of both at each
  // point: the suite stays within its time budget); each shell still gets kill points throughout.
  for (const [shell, parity] of SHELLS.map((shell, i) => [shell, i] as const)) {
    it(`${shell}: install killed before every ${parity ? "even" : "odd"}-numbered change, then run again, ends exactly as an uninterrupted install; so does rollback`, async () => {
      const v1 = ws.scripts(V1_FILES).install;
      const v2 = ws.scripts(V2_FILES).install;
      const base = ws.folder("base");
      assert.strictEqual(run(shell, [v1, "--root", base]).status, 0);

      const installedV2 = copyOf(base);
      const { changes } = await runKilled(shell, v2, installedV2, [], 0);
      const afterInstall = snapshot(installedV2);
      const rolledBack = copyOf(installedV2);
      const { changes: rollbackChanges } = await runKilled(shell, v2, rolledBack, ["--rollback"], 0);
      const afterRollback = snapshot(rolledBack);
      assert.ok(changes >= 10 && rollbackChanges >= 8, `${changes} and ${rollbackChanges} changes counted`);
      const finishedEarly: number[] = [];

      const cases = [
        ...Array.from({ length: changes }, (_, i) => ({
          from: base,
          args: [] as string[],
          killAt: i + 1,
          total: changes,
          expected: afterInstall,
        })),
        ...Array.from({ length: rollbackChanges }, (_, i) => ({
          from: installedV2,
          args: ["--rollback"],
          killAt: i + 1,
          total: rollbackChanges,
          expected: afterRollback,
        })),
      ].filter(({ killAt }) => killAt % 2 !== parity);
      const check = async ({ from, args, killAt, total, expected }: (typeof cases)[number]) => {
        const root = copyOf(from);
        const context = `${args.join(" ") || "install"} killed before change ${killAt} of ${total}`;
        const killed = await runKilled(shell, v2, root, args, killAt);
        assert.ok(killed.killed, `${context}: not killed (${killed.stderr})`);
        assertWholeFiles(root, context);
        // A rollback killed after its journal is gone had rolled back (only its lock was left to
        // remove); running it again would be a second rollback, which re-applies by design.
        const { [LOCK]: lock, ...tree } = snapshot(root);
        if (args.length > 0 && lock !== undefined && isDeepStrictEqual(tree, expected)) {
          finishedEarly.push(killAt);
          return;
        }
        const again = await start(shell, [v2, "--root", root, ...args]);
        assert.strictEqual(again.status, 0, `${context}, then run again: ${again.stderr}`);
        assert.deepStrictEqual(snapshot(root), expected, `${context}, then run again`);
        rmSync(root, { recursive: true });
      };
      // Two at a time (the roots are separate): both cores busy, the same checks.
      for (let next = 0; next < cases.length; next += 2) await Promise.all(cases.slice(next, next + 2).map(check));
      assert.deepStrictEqual(
        finishedEarly,
        rollbackChanges % 2 !== parity ? [rollbackChanges] : [],
        "only a kill before the lock's removal comes after the rollback finished",
      );
    });
  }
});
