import * as assert from "assert";
import { chownSync, existsSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { sha256Hex } from "../../components/settings";
import {
  assertFailedWith,
  hasTool,
  IN_CI,
  IS_ROOT,
  NOBODY,
  run,
  SHELLS,
  snapshot,
  V1,
  V1_FILES,
  Workspace,
} from "./installer-harness";

// The Linux sandbox fails closed without bubblewrap (bwrap) and socat. install.sh installs them
// with the system package manager or refuses; detect.sh reports them missing. Run for real: the
// tools and package managers are really absent from PATH (a folder of links to every other
// program), and a stand-in package manager really "installs" them into a folder on PATH.

const MANAGERS = ["apt-get", "dnf", "zypper"] as const;
const EXPECTED_ARGS: Record<(typeof MANAGERS)[number], string> = {
  "apt-get": "DEBIAN_FRONTEND=noninteractive install -y --no-install-recommends bubblewrap socat",
  dnf: "DEBIAN_FRONTEND= install -y bubblewrap socat",
  zypper: "DEBIAN_FRONTEND= --non-interactive install bubblewrap socat",
};

describe("installers and the Linux sandbox tools (executed for real)", function () {
  this.timeout(900_000);
  let ws: Workspace;
  let bare = "";
  before(function () {
    if (!IS_ROOT || !hasTool("dash")) {
      if (IN_CI) throw new Error("the sandbox-tool cases run as root with dash");
      console.warn("    skipped: run as root with dash installed");
      this.skip();
    }
    ws = new Workspace("cc-sandbox-tools-");
    bare = ws.pathWithout(["bwrap", "socat", ...MANAGERS]);
  });
  after(() => ws?.remove());

  /** A stand-in package manager that logs its arguments and, if `installs`, puts bwrap and socat into `into`. */
  function manager(name: string, into: string, exit: number, installs: boolean): { dir: string; log: string } {
    const log = join(ws.dir, `${name}-${Math.random().toString(36).slice(2)}.log`);
    const make = installs
      ? ["bwrap", "socat"]
          .map((tool) => `printf '#!/bin/sh\\n' >"${into}/${tool}" && chmod 0755 "${into}/${tool}"`)
          .join("\n")
      : "";
    const dir = ws.programs({
      [name]: `#!/bin/sh\necho "DEBIAN_FRONTEND=\${DEBIAN_FRONTEND:-} $*" >>"${log}"\n${make}\nexit ${exit}\n`,
    });
    return { dir, log };
  }

  for (const shell of SHELLS) {
    describe(`under ${shell}`, () => {
      it("present: nothing is installed, the output is the install line alone", () => {
        const root = ws.folder("root");
        const result = run(shell, [ws.scripts(V1_FILES).install, "--root", root]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.doesNotMatch(result.stdout, /bubblewrap/);
        assert.strictEqual(result.stdout.split("\n").length, 2, result.stdout);
      });

      for (const name of MANAGERS) {
        it(`missing and installable with ${name}: installs them first, says so, then installs the profile`, () => {
          const root = ws.folder("root");
          const tools = ws.folder("tools");
          const pm = manager(name, tools, 0, true);
          const result = run(shell, [ws.scripts(V1_FILES).install, "--root", root], {
            PATH: `${pm.dir}:${tools}:${bare}`,
            DEBIAN_FRONTEND: "",
          });
          assert.strictEqual(result.status, 0, result.stderr);
          assert.strictEqual(readFileSync(pm.log, "utf8"), `${EXPECTED_ARGS[name]}\n`);
          assert.match(
            result.stdout,
            new RegExp(
              `^claude-code-install: installed bubblewrap and socat \\(missing: bwrap socat\\) with ${name}\\nclaude-code-install: installed profile standard \\(test\\)`,
            ),
          );
          assert.strictEqual(readFileSync(join(root, "etc/claude-code/managed-settings.json"), "utf8"), V1.settings);
        });
      }

      for (const [what, setup, message] of [
        [
          "no package manager",
          () => bare,
          /^claude-code-install: the Linux sandbox needs bubblewrap and socat \(missing: bwrap socat\) and no apt-get, dnf or zypper is on PATH to install them; install them, then run this again; nothing written$/,
        ],
        [
          "apt-get fails",
          () => `${manager("apt-get", ws.folder("tools"), 100, false).dir}:${bare}`,
          /^claude-code-install: the Linux sandbox needs bubblewrap and socat \(missing: bwrap socat\) and 'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap socat' failed; run it to see why; nothing written$/,
        ],
        [
          "apt-get succeeds but installs nothing",
          () => `${manager("apt-get", ws.folder("tools"), 0, false).dir}:${bare}`,
          /^claude-code-install: 'env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap socat' succeeded but bwrap is still not on PATH; the Linux sandbox needs it; nothing written$/,
        ],
        [
          "only a folder someone else can write offers them",
          () => {
            const theirs = ws.folder("theirs");
            for (const tool of ["bwrap", "socat"]) writeFileSync(join(theirs, tool), "#!/bin/sh\n", { mode: 0o755 });
            chownSync(theirs, NOBODY, NOBODY);
            return `${theirs}:${bare}`;
          },
          /^claude-code-install: the Linux sandbox needs bubblewrap and socat \(missing: bwrap socat\) and no apt-get/,
        ],
      ] as const) {
        it(`missing and not installable (${what}): refuses with one line and writes nothing`, () => {
          const root = ws.folder("root");
          assertFailedWith(run(shell, [ws.scripts(V1_FILES).install, "--root", root], { PATH: setup() }), message);
          assert.deepStrictEqual(snapshot(root), {});
        });
      }

      it("detect.sh reports each missing tool on Linux, and none on macOS", () => {
        const root = ws.folder("root");
        const scripts = ws.scripts(V1_FILES);
        assert.strictEqual(run(shell, [scripts.install, "--root", root]).status, 0);
        assert.strictEqual(run(shell, [scripts.detect, "--root", root]).status, 0);
        const partial = ws.folder("tools");
        writeFileSync(join(partial, "socat"), "#!/bin/sh\n", { mode: 0o755 });
        const detect = run(shell, [scripts.detect, "--root", root], { PATH: `${partial}:${bare}` });
        assert.strictEqual(detect.status, 1, detect.stdout);
        assert.ok(
          detect.stdout.endsWith(
            "bwrap: not found on PATH (the Linux sandbox the settings turn on needs bubblewrap and socat; install.sh installs them)\n<result>drift</result>\n",
          ),
          detect.stdout,
        );
        assert.ok(!detect.stdout.includes("socat: not found"), detect.stdout);

        const mac = ws.folder("mac");
        const darwin = `${ws.programs({ uname: "#!/bin/sh\necho Darwin\n" })}:${ws.pathWithout(["bwrap", "socat", "uname"])}`;
        assert.strictEqual(run(shell, [scripts.install, "--root", mac], { PATH: darwin }).status, 0);
        const onMac = run(shell, [scripts.detect, "--root", mac], { PATH: darwin });
        assert.strictEqual(onMac.status, 0, onMac.stdout);
        assert.ok(existsSync(join(mac, "Library/Application Support/ClaudeCode/managed-settings.json")));
        assert.strictEqual(
          sha256Hex(readFileSync(join(mac, "Library/Application Support/ClaudeCode/managed-settings.json"), "utf8")),
          sha256Hex(V1.settings),
        );
      });
    });
  }
});
