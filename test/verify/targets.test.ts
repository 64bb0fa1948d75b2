// Which documents `npm run verify` proves (no client runs here): the compile, and each release a ring runs
// that differs from it, with the release's own intent and scenarios; and what resolved.json then says.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseDocument, YAMLSeq } from "yaml";
import { release } from "../../cli/release";
import { readStack } from "../../cli/stack";
import { planStack } from "../../cli/synth/run";
import { resolvedJson } from "../../cli/verify/report";
import { labelProfile, releaseLabel, verifyTargets } from "../../cli/verify/targets";
import type { ReleasedProfile } from "../../components/plan/rings";
import { stackCopy } from "../fixtures/stack-copy";

const REQUIRED = ["Read(./.env)"];
const OLD_HASH = "0123456789abcdef".padEnd(64, "0");
const GONE_HASH = "fedcba9876543210".padEnd(64, "f");

describe("verify: the documents it covers", () => {
  // dev has no rings: its compile is what its one ring runs.
  const candidate = planStack(readStack("dev")).rollout.profiles;
  const developer = candidate.find((p) => p.name === "developer") as ReleasedProfile;
  /** An older release of developer: another document, its own intent and scenarios. */
  const older: ReleasedProfile = {
    ...developer,
    policyHash: OLD_HASH,
    settingsJson: '{"permissions":{"deny":["Bash(curl *)"]}}\n',
    mcp: undefined,
    intent: { ...developer.intent, edits: "none" },
    verify: [{ name: "old scenario", tool: "Bash", input: { command: "ls" }, expect: "executed" }],
  } as ReleasedProfile;
  const gone = { ...older, name: "retired", policyHash: GONE_HASH } as ReleasedProfile;

  it("verifies a release equal to the compile once, as the compile", () => {
    const targets = verifyTargets(candidate, candidate, REQUIRED);
    assert.deepStrictEqual(
      targets.map((t) => t.input.name),
      candidate.map((p) => p.name),
    );
    const input = targets.find((t) => t.profile === "developer")?.input;
    assert.deepStrictEqual(input, {
      name: "developer",
      settingsJson: developer.settingsJson,
      mcpJson: developer.mcp?.json,
      scenarios: developer.verify,
      requiredDenies: REQUIRED,
      intent: developer.intent,
    });
  });

  it("adds each differing release after its profile, named <profile>@<12 hex of its policyHash>, with its own documents", () => {
    const targets = verifyTargets(candidate, [developer, older, gone], REQUIRED);
    assert.deepStrictEqual(
      targets.map((t) => [t.input.name, t.profile, t.policyHash]),
      [
        ...candidate
          .map((p) => [p.name, p.name, p.policyHash])
          .flatMap((row) =>
            row[0] === "developer" ? [row, ["developer@0123456789ab", "developer", OLD_HASH]] : [row],
          ),
        ["retired@fedcba987654", "retired", GONE_HASH],
      ],
    );
    const release = targets.find((t) => t.input.name === "developer@0123456789ab")?.input;
    assert.deepStrictEqual(release, {
      name: "developer@0123456789ab",
      settingsJson: '{"permissions":{"deny":["Bash(curl *)"]}}\n',
      mcpJson: undefined,
      scenarios: older.verify,
      requiredDenies: REQUIRED,
      intent: { ...developer.intent, edits: "none" },
    });
  });

  it("with --profile keeps that profile's compile and releases only", () => {
    assert.deepStrictEqual(
      verifyTargets(candidate, [older, gone], REQUIRED, "developer").map((t) => t.input.name),
      ["developer", "developer@0123456789ab"],
    );
    assert.deepStrictEqual(
      verifyTargets(candidate, [older, gone], REQUIRED, "retired").map((t) => t.input.name),
      ["retired@fedcba987654"],
    );
    assert.deepStrictEqual(verifyTargets(candidate, [older], REQUIRED, "nobody"), []);
  });

  it("names labels by profile and resolved.json lists every digest a profile's devices may report", () => {
    assert.strictEqual(releaseLabel(older), "developer@0123456789ab");
    assert.strictEqual(labelProfile("developer@0123456789ab"), "developer");
    assert.strictEqual(labelProfile("developer"), "developer");
    const digest = (c: string) => c.repeat(64);
    assert.strictEqual(
      resolvedJson([
        { profile: "developer@0123456789ab", resolved: { expected: digest("b"), observedExact: digest("c") } },
        { profile: "developer", resolved: { expected: digest("a") } },
        { profile: "contractor", resolved: { expected: digest("d"), observedExact: digest("d") } },
      ]),
      `{\n  "contractor": "${digest("d")}",\n  "developer": [\n    "${digest("a")}",\n    "${digest("c")}"\n  ]\n}\n`,
    );
  });

  it("after prod's pilot is released, verifies the pilot's new developer release and broad's old one, each once", () => {
    const document = parseDocument(fs.readFileSync(path.join("stacks", "Pulumi.prod.yaml"), "utf8"));
    (document.getIn(["config", "claude-code-rollout:profiles", "developer", "permissions", "allow"]) as YAMLSeq).add(
      "Bash(npm run typecheck)",
    );
    const file = stackCopy("prod", String(document));
    try {
      const errors: string[] = [];
      assert.strictEqual(release([file, "--ring", "pilot"], { out: () => {}, err: (line) => errors.push(line) }), 0);
      assert.deepStrictEqual(errors, []);

      const plan = planStack(readStack(file));
      const runs = (ring: string) => plan.rings.find((r) => r.name === ring)?.profiles.developer?.release;
      const [compiled, pilot, broad] = [
        plan.rollout.profiles.find((p) => p.name === "developer"),
        runs("pilot"),
        runs("broad"),
      ];
      assert.ok(compiled && pilot && broad);
      assert.strictEqual(pilot.policyHash, compiled.policyHash);
      assert.notStrictEqual(broad.policyHash, compiled.policyHash);

      const targets = verifyTargets(plan.rollout.profiles, plan.releases, REQUIRED);
      assert.deepStrictEqual(
        targets.filter((t) => t.profile === "developer").map((t) => [t.input.name, t.policyHash]),
        [
          ["developer", compiled.policyHash],
          [`developer@${broad.policyHash.slice(0, 12)}`, broad.policyHash],
        ],
      );
      const old = targets.find((t) => t.policyHash === broad.policyHash)?.input;
      assert.strictEqual(old?.settingsJson, broad.settingsJson);
      assert.ok(
        !old?.settingsJson.includes("npm run typecheck") && compiled.settingsJson.includes("npm run typecheck"),
      );
      // Every release a ring runs is proven exactly once; the other profiles are the compile itself.
      for (const r of plan.releases)
        assert.strictEqual(targets.filter((t) => t.profile === r.name && t.policyHash === r.policyHash).length, 1);
      assert.strictEqual(targets.length, plan.rollout.profiles.length + 1);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
