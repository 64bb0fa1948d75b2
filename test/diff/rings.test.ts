// Rings in the permission diff: a promotion PR (the release file moves a ring) shows which rings run which
// release, per profile, although no profile's document changes.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runDiff } from "../../cli/diff";
import { releaseKey } from "../../cli/diff/load";
import { resolvedSha256 } from "../../components/settings/render";
import { Change, RingDoc, RolloutDoc } from "../../cli/diff/model";
import { renderJson, renderMarkdown } from "../../cli/diff/render";
import { buildReport } from "../../cli/diff/report";

const OLD = "0123456789ab".padEnd(64, "0");
const NEW = "fedcba987654".padEnd(64, "f");
const CONTRACTOR = "c0ffee000000".padEnd(64, "c");

/** The same compile on both sides: only rings differ. */
const doc = (rings?: unknown): RolloutDoc => ({
  stack: "prod",
  clientVersion: "2.1.329",
  profiles: [
    { name: "contractor", priority: 10, policyHash: CONTRACTOR, settings: {} },
    { name: "developer", priority: 20, policyHash: NEW, settings: {} },
  ],
  assignments: [
    { group: "Contractors", profile: "contractor" },
    { group: "Eng - Backend", profile: "developer" },
    { group: "Pilot - Eng Backend", profile: "developer" },
    { group: "Platform Engineering", profile: "developer" },
  ],
  ...(rings === undefined ? {} : { rings: rings as RingDoc[] }),
});
const ring = (name: string, groups: string[], releases: Record<string, string>): RingDoc => ({
  name,
  groups,
  profiles: Object.fromEntries(
    Object.entries(releases).map(([profile, policyHash]) => [profile, { policyHash, settingsSha256: "x" }]),
  ),
});
const changesOf = (base: RolloutDoc, head: RolloutDoc) =>
  buildReport({ dir: "base", rollout: base }, { dir: "head", rollout: head }).changes;
const facts = (changes: Change[]) =>
  changes.map((c) => [c.risk, c.kind, c.subject, c.before, c.after, c.profiles, c.groups, c.details]);

const PILOT_GROUPS = ["Pilot - Eng Backend", "Platform Engineering"];
const BROAD_GROUPS = ["Contractors", "Eng - Backend"];
const before = [
  ring("pilot", PILOT_GROUPS, { developer: OLD }),
  ring("broad", BROAD_GROUPS, { contractor: CONTRACTOR, developer: OLD }),
];

describe("diff: rings", () => {
  it("shows a promotion: the pilot runs the new developer release, broad still the old one", () => {
    const after = [ring("pilot", PILOT_GROUPS, { developer: NEW }), before[1]];
    const report = buildReport({ dir: "base", rollout: doc(before) }, { dir: "head", rollout: doc(after) });
    assert.deepStrictEqual(facts(report.changes), [
      [
        "medium",
        "ring-release-changed",
        "pilot",
        "0123456789ab",
        "fedcba987654",
        ["developer"],
        ["Pilot - Eng Backend", "Platform Engineering"],
        [],
      ],
    ]);
    const markdown = renderMarkdown(report);
    assert.ok(
      markdown.includes(
        "| 1 | medium | — | ring runs another release of the profile: `pilot` — `0123456789ab` → `fedcba987654` | developer | Pilot - Eng Backend, Platform Engineering |",
      ),
      markdown,
    );
    assert.ok(!markdown.startsWith("no effective change"));
    assert.strictEqual(JSON.parse(renderJson(report)).changes[0].category, "rings");
  });

  it("marks a ring that took a release the ring before it does not run (--skip-earlier-rings), rated high", () => {
    const after = [before[0], ring("broad", BROAD_GROUPS, { contractor: CONTRACTOR, developer: NEW })];
    assert.deepStrictEqual(facts(changesOf(doc(before), doc(after))), [
      [
        "high",
        "ring-release-changed",
        "broad",
        "0123456789ab",
        "fedcba987654",
        ["developer"],
        ["Eng - Backend"],
        [
          "ahead of ring pilot, which runs 0123456789ab: released with --skip-earlier-rings, without the earlier ring's soak",
        ],
      ],
    ]);
    // The routine promotion (pilot already runs it) carries no such line.
    const promoted = [ring("pilot", PILOT_GROUPS, { developer: NEW }), after[1]];
    const routine = changesOf(doc([promoted[0], before[1]]), doc(promoted));
    assert.deepStrictEqual(
      routine.map((c) => [c.risk, c.subject, c.details]),
      [["medium", "broad", []]],
    );
  });

  it("shows a profile a ring starts or stops running", () => {
    const after = [
      ring("pilot", PILOT_GROUPS, { developer: OLD, contractor: CONTRACTOR }),
      ring("broad", BROAD_GROUPS, { contractor: CONTRACTOR }),
    ];
    assert.deepStrictEqual(facts(changesOf(doc(before), doc(after))), [
      ["medium", "ring-release-added", "pilot", null, "c0ffee000000", ["contractor"], [], []],
      ["medium", "ring-release-removed", "broad", "0123456789ab", null, ["developer"], ["Eng - Backend"], []],
    ]);
  });

  it("compares a ring-less (older) rollout.json as no rings: every ring is added, with its groups and releases", () => {
    assert.deepStrictEqual(facts(changesOf(doc(), doc(before))), [
      [
        "medium",
        "ring-added",
        "broad",
        undefined,
        undefined,
        ["contractor", "developer"],
        ["Contractors", "Eng - Backend"],
        ["groups: Contractors, Eng - Backend", "contractor: c0ffee000000", "developer: 0123456789ab"],
      ],
      [
        "medium",
        "ring-added",
        "pilot",
        undefined,
        undefined,
        ["developer"],
        ["Pilot - Eng Backend", "Platform Engineering"],
        ["groups: Pilot - Eng Backend, Platform Engineering", "developer: 0123456789ab"],
      ],
    ]);
    assert.deepStrictEqual(changesOf(doc(), doc()), []);
    assert.deepStrictEqual(changesOf(doc(before), doc(before)), []);
  });

  it("shows a group moved between rings, judged by the release its devices run before and after", () => {
    const after = [
      ring("pilot", ["Pilot - Eng Backend"], { developer: OLD }),
      ring("broad", [...BROAD_GROUPS, "Platform Engineering"], { contractor: CONTRACTOR, developer: OLD }),
    ];
    assert.deepStrictEqual(facts(changesOf(doc(before), doc(after))), [
      [
        "info",
        "ring-group-moved",
        "Platform Engineering",
        "pilot",
        "broad",
        ["developer"],
        ["Platform Engineering"],
        [],
      ],
    ]);
    const promoted = [
      ring("pilot", [...PILOT_GROUPS, "Eng - Backend"], { developer: NEW }),
      ring("broad", ["Contractors"], { contractor: CONTRACTOR, developer: OLD }),
    ];
    assert.deepStrictEqual(
      facts(changesOf(doc(before), doc(promoted))).filter((f) => f[1] === "ring-group-moved"),
      [
        [
          "medium",
          "ring-group-moved",
          "Eng - Backend",
          "broad",
          "pilot",
          ["developer"],
          ["Eng - Backend"],
          ["developer: 0123456789ab → fedcba987654"],
        ],
      ],
    );
  });

  it("shows a removed ring and rings in another order", () => {
    const after = [ring("broad", BROAD_GROUPS, { contractor: CONTRACTOR, developer: OLD }), before[0]];
    assert.deepStrictEqual(facts(changesOf(doc([...before, ring("late", [], {})]), doc(after))), [
      ["medium", "ring-removed", "late", undefined, undefined, [], [], ["groups: none"]],
      ["low", "rings-reordered", "rings", "pilot, broad", "broad, pilot", [], [], []],
    ]);
  });

  it("reads what it can of malformed rings and ignores the rest", () => {
    const odd = [
      { name: 7, groups: ["Contractors"] },
      {
        name: "pilot",
        groups: "Pilot - Eng Backend",
        // As JSON.parse reads it: an own "__proto__" key, a profile name like any other.
        profiles: JSON.parse(`{ "developer": { "policyHash": 1 }, "__proto__": { "policyHash": "${OLD}" } }`),
      },
      { name: "pilot", groups: [], profiles: {} },
      null,
    ];
    assert.deepStrictEqual(facts(changesOf(doc({ not: "a list" }), doc(odd))), [
      [
        "medium",
        "ring-added",
        "pilot",
        undefined,
        undefined,
        ["__proto__"],
        [],
        ["groups: none", "__proto__: 0123456789ab"],
      ],
    ]);
  });

  it("judges a ring's new release by what its devices gain, from the documents synth wrote per ring", () => {
    const after = [ring("pilot", PILOT_GROUPS, { developer: NEW }), before[1]];
    const releases = new Map([
      [releaseKey("developer", OLD), { settings: { permissions: { allow: ["Bash(ls *)"] } }, mcpServers: {} }],
      [
        releaseKey("developer", NEW),
        { settings: { permissions: { allow: ["Bash(ls *)", "Bash(git push *)"] } }, mcpServers: {} },
      ],
    ]);
    const changes = buildReport(
      { dir: "base", rollout: doc(before), releases: new Map([...releases].slice(0, 1)) },
      { dir: "head", rollout: doc(after), releases: new Map([...releases].slice(1)) },
    ).changes;
    assert.deepStrictEqual(
      changes.map((c) => [c.risk, c.effect, c.kind, c.subject, c.before, c.after, c.details]),
      [
        [
          "high",
          "widening",
          "ring-release-changed",
          "pilot",
          "0123456789ab",
          "fedcba987654",
          ["wider: allow rule added: Bash(git push *)"],
        ],
      ],
    );
  });

  it("reads each ring's documents from the synth output, and no path a ring name could point elsewhere", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "diff-rings-"));
    try {
      const write = (file: string, value: unknown) => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), JSON.stringify(value));
      };
      write("base/rollout.json", doc(before));
      write("base/rings/pilot/developer/managed-settings.json", { permissions: { deny: ["Bash(curl *)"] } });
      const escape = { name: "../../outside", groups: [], profiles: { developer: { policyHash: OLD } } };
      write("head/rollout.json", doc([ring("pilot", PILOT_GROUPS, { developer: NEW }), before[1], escape]));
      write("head/rings/pilot/developer/managed-settings.json", { permissions: { deny: [] } });
      write("outside/developer/managed-settings.json", { permissions: { allow: ["Bash(*)"] } });
      const report = JSON.parse(runDiff([path.join(root, "base"), path.join(root, "head"), "--format", "json"]));
      const pilot = report.changes.find((c: Change) => c.kind === "ring-release-changed");
      assert.deepStrictEqual(
        [pilot.risk, pilot.effect, pilot.details],
        ["critical", "widening", ["wider: deny rule removed: Bash(curl *)"]],
      );
      assert.ok(!JSON.stringify(report).includes("Bash(*)"));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("folds what a ring's new release re-publishes (the collector's accepted hashes) into the ring change", () => {
    const [oldSettings, newSettings] = [{ permissions: { allow: ["Bash(ls *)"] } }, { permissions: { allow: [] } }];
    // The collector accepts every release a ring runs: one more accepted hash once the pilot moves on.
    const collector = (...accepted: unknown[]) => [
      {
        type: "aws:ecs/taskDefinition:TaskDefinition",
        name: "telemetry-collector-task",
        inputs: { containerDefinitions: `accept ${accepted.map(resolvedSha256).join(" or ")}` },
      },
    ];
    const releases = new Map([
      [releaseKey("developer", OLD), { settings: oldSettings, mcpServers: {} }],
      [releaseKey("developer", NEW), { settings: newSettings, mcpServers: {} }],
    ]);
    const after = [ring("pilot", PILOT_GROUPS, { developer: NEW }), before[1]];
    const changes = buildReport(
      { dir: "base", rollout: doc(before), resources: collector(oldSettings), releases },
      { dir: "head", rollout: doc(after), resources: collector(newSettings, oldSettings), releases },
    ).changes;
    assert.deepStrictEqual(
      changes.map((c) => [c.risk, c.effect, c.kind, c.subject, c.details]),
      [["low", "tightening", "ring-release-changed", "pilot", ["narrower: allow rule removed: Bash(ls *)"]]],
    );
  });
});
