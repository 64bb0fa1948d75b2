import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStack } from "../../cli/stack";
import { synthesize } from "../../cli/synth/run";

// index.ts's rings output, through synth: per ring and profile the MDM targeting and the release's hashes,
// read from the release file next to the stack file — wherever that file is.

const ROOT = path.resolve(__dirname, "..", "..");

describe("program: the rings output", function () {
  this.timeout(300_000);

  it("reads the release file next to a stack file in any folder and outputs each ring's targeting and hashes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rings-program-"));
    try {
      fs.copyFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), path.join(dir, "Pulumi.prod.yaml"));
      // The committed file, with the pilot recorded on another day: only this copy says 2026-01-02.
      const committed = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.release.json"), "utf8");
      const json = JSON.parse(committed);
      json.rings.pilot.releasedAt = "2026-01-02";
      fs.writeFileSync(path.join(dir, "Pulumi.prod.release.json"), JSON.stringify(json));

      const result = await synthesize(readStack(path.join(dir, "Pulumi.prod.yaml")));
      const rings = result.outputs.rings as {
        name: string;
        releasedAt: string;
        groups: string[];
        profiles: Record<string, { includeGroups: string[]; excludeGroups: string[]; policyHash: string }>;
      }[];
      assert.deepStrictEqual(
        rings.map((r) => [r.name, r.releasedAt]),
        [
          ["pilot", "2026-01-02"],
          ["broad", json.rings.broad.releasedAt],
        ],
      );
      assert.deepStrictEqual(rings[0].groups, [
        "Eng - Backend",
        "Vendors - Offshore QA",
        "Security - AppSec",
        "Platform Engineering",
      ]);
      assert.deepStrictEqual(rings[0].profiles.developer, {
        includeGroups: ["Eng - Backend"],
        excludeGroups: ["claude-code-prod-platform", "claude-code-prod-security-reviewer"],
        policyHash: json.rings.pilot.profiles.developer,
        settingsSha256: {
          posix: result.plan.rings[0].profiles.developer.release.settingsSha256,
          windows: result.plan.rings[0].profiles.developer.release.windows.settingsSha256,
        },
        resolvedSha256: {
          posix: result.plan.rings[0].profiles.developer.release.resolvedSha256,
          windows: result.plan.rings[0].profiles.developer.release.windows.resolvedSha256,
        },
      });
      assert.deepStrictEqual(rings[1].profiles.developer.includeGroups, [
        "Eng - Frontend",
        "Eng - Mobile",
        "Data Science",
      ]);
      assert.deepStrictEqual(rings[1].profiles.developer.excludeGroups, [
        "claude-code-prod-platform",
        "claude-code-prod-security-reviewer",
        "Eng - Backend",
      ]);
      // Today's per-profile outputs stay: the current compile.
      const profiles = result.outputs.profiles as Record<string, { policyHash: string }>;
      assert.strictEqual(
        profiles.developer.policyHash,
        result.rollout.profiles.find((p) => p.name === "developer")!.policyHash,
      );
      assert.strictEqual(result.policyReport.mandatoryViolations, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
