import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { ProfileObject } from "../../components/plan/artefacts/objects";
import { IN_CI, IS_ROOT, managedDir, run, Workspace } from "./installer-harness";
import { planFor, ring, slice, twoReleases } from "./rings-fixture";

// Each ring's published installer, run for real: broad's installs the release broad keeps, the pilot's the
// candidate, and each ring's drift check accepts only its own release. Root is needed (the installers
// chown); CI runs as root, so there a missing root is a failure, not a skip.

const { before: released, after: candidate } = twoReleases();
const developerOf = (c: typeof released) => c.rollout.profiles.find((p) => p.name === "developer")!;
const plan = slice(
  planFor(candidate, [
    ring("pilot", candidate.rollout, candidate.rollout.profiles),
    ring("broad", candidate.rollout, released.rollout.profiles),
  ]),
);

describe("ring installers (executed): each ring installs its own release", function () {
  let work: Workspace;
  const scripts = (objects: readonly ProfileObject[]) => {
    const dir = work.folder("ring");
    for (const object of objects.filter((o) => o.path === "install.sh" || o.path === "detect.sh")) {
      writeFileSync(join(dir, object.path), object.content, { mode: 0o755 });
    }
    return { install: join(dir, "install.sh"), detect: join(dir, "detect.sh") };
  };

  before(function () {
    if (!IS_ROOT && !IN_CI) this.skip();
    work = new Workspace("ring-installers-");
  });
  after(() => work?.remove());

  it("broad's install.sh writes the old developer document, the pilot's the new one; each detect.sh accepts only its own", () => {
    const [pilot, broad] = plan.rings.map((r) => scripts(r.objects.developer));
    const root = work.folder("root");
    const settings = join(managedDir(root), "managed-settings.json");

    const installBroad = run("sh", [broad.install, "--root", root]);
    assert.strictEqual(installBroad.status, 0, installBroad.stderr);
    assert.strictEqual(readFileSync(settings, "utf8"), developerOf(released).settingsJson);
    assert.strictEqual(run("sh", [broad.detect, "--root", root]).status, 0);
    assert.strictEqual(run("sh", [pilot.detect, "--root", root]).status, 1);

    const installPilot = run("sh", [pilot.install, "--root", root]);
    assert.strictEqual(installPilot.status, 0, installPilot.stderr);
    assert.strictEqual(readFileSync(settings, "utf8"), developerOf(candidate).settingsJson);
    assert.strictEqual(run("sh", [pilot.detect, "--root", root]).status, 0);
    assert.strictEqual(run("sh", [broad.detect, "--root", root]).status, 1);
    assert.notStrictEqual(developerOf(released).settingsJson, developerOf(candidate).settingsJson);
  });
});
