import * as assert from "assert";
import { DEFAULT_SOAK_DAYS, loadRolloutConfig, RawRolloutConfig } from "../../components/config";
import { configProblems, sampleConfig } from "../fixtures/config";

// The stack file's rollout section: defaults, and every bad ring at its exact path with the fix.

/** sampleConfig (groups Contractors, Eng - Frontend, Platform) with a rollout section. */
function withRollout(rollout: unknown): RawRolloutConfig {
  return { ...sampleConfig(), rollout } as RawRolloutConfig;
}

describe("config: rollout rings", () => {
  it("fills the defaults: soak a week, promote on one device, no refusal, no drift, no hand-over", () => {
    const config = loadRolloutConfig(
      withRollout({ rings: [{ name: "pilot", groups: ["Platform"] }, { name: "broad" }] }),
      "dev",
    );
    assert.strictEqual(DEFAULT_SOAK_DAYS, 7);
    assert.deepStrictEqual(config.rollout, {
      rings: [
        { name: "pilot", groups: ["Platform"], soakDays: 7 },
        { name: "broad", groups: [], soakDays: 7 },
      ],
      promotion: { minDevices: 1, maxRefused: 0, maxDrift: 0 },
      handOverTo: [],
    });
    assert.strictEqual(loadRolloutConfig(sampleConfig(), "dev").rollout, undefined);
  });

  it("an unknown group: its path, and the nearest assigned group", () => {
    assert.deepStrictEqual(
      configProblems(withRollout({ rings: [{ name: "pilot", groups: ["Platfrom"] }, { name: "broad" }] })),
      [
        'rollout.rings[0].groups[0]: unknown assigned group "Platfrom" — did you mean "Platform"? (a ring covers groups of assignments)',
      ],
    );
    assert.deepStrictEqual(
      configProblems(withRollout({ rings: [{ name: "pilot", groups: ["platform"] }, { name: "broad" }] })),
      [
        'rollout.rings[0].groups[0]: unknown assigned group "platform" — did you mean "Platform"? (a ring covers groups of assignments)',
      ],
    );
  });

  it("a group in two rings (or twice in one)", () => {
    const rings = [
      { name: "pilot", groups: ["Platform"] },
      { name: "early", groups: ["Contractors", "Platform"] },
      { name: "broad" },
    ];
    assert.deepStrictEqual(configProblems(withRollout({ rings })), [
      'rollout.rings[1].groups[1]: group "Platform" is already in ring "pilot" — a device gets one ring; list the group once',
    ]);
    const twice = [{ name: "pilot", groups: ["Platform", "Platform"] }, { name: "broad" }];
    assert.deepStrictEqual(configProblems(withRollout({ rings: twice })), [
      'rollout.rings[0].groups[1]: group "Platform" is already in ring "pilot" — a device gets one ring; list the group once',
    ]);
  });

  it("groups on the last ring, a single ring with groups, a ring before the last without groups", () => {
    assert.deepStrictEqual(
      configProblems(
        withRollout({
          rings: [
            { name: "pilot", groups: ["Platform"] },
            { name: "broad", groups: ["Contractors"] },
          ],
        }),
      ),
      [
        "rollout.rings[1].groups: the last ring takes every assigned group no earlier ring lists — remove its groups, or add a ring after it",
      ],
    );
    assert.deepStrictEqual(configProblems(withRollout({ rings: [{ name: "pilot", groups: ["Platform"] }] })), [
      "rollout.rings[0].groups: a single ring covers every assigned group — remove its groups, or add a second ring after it for the rest",
    ]);
    assert.deepStrictEqual(configProblems(withRollout({ rings: [{ name: "pilot" }, { name: "broad" }] })), [
      "rollout.rings[0].groups: only the last ring takes the rest — list the assigned groups this ring covers",
    ]);
  });

  it("every assigned group in an earlier ring: the last ring would target nobody and never promote", () => {
    const all = ["Contractors", "Eng - Frontend", "Platform"];
    assert.deepStrictEqual(
      configProblems(
        withRollout({
          rings: [
            { name: "pilot", groups: ["Platform"] },
            { name: "early", groups: all.slice(0, 2) },
            { name: "broad" },
          ],
        }),
      ),
      [
        'rollout.rings[2]: every assigned group is in an earlier ring, so ring "broad" (the last, everyone else) would target nobody and never gather the evidence to promote on — leave the groups of your broad rollout out of the earlier rings, or remove this ring',
      ],
    );
    // One ring, or no assignment at all: nothing to stage, and nothing wrong with the rings.
    const single = withRollout({ rings: [{ name: "broad" }] });
    assert.strictEqual(loadRolloutConfig(single, "dev").rollout?.rings[0].name, "broad");
    assert.deepStrictEqual(loadRolloutConfig({ ...single, assignments: [] }, "dev").assignments, []);
  });

  it("duplicate and invalid ring names", () => {
    assert.deepStrictEqual(
      configProblems(withRollout({ rings: [{ name: "pilot", groups: ["Platform"] }, { name: "pilot" }] })),
      ['rollout.rings[1].name: ring "pilot" is already defined at rollout.rings[0] — name each ring once'],
    );
    assert.deepStrictEqual(
      configProblems(withRollout({ rings: [{ name: "Pilot 1", groups: ["Platform"] }, { name: "broad" }] })),
      ["rollout.rings[0].name: ring names are lowercase letters, digits and -, starting with a letter (at most 31)"],
    );
  });

  it("handOverTo naming this stack, or a stack twice; bad thresholds; unknown keys", () => {
    const rings = [{ name: "pilot", groups: ["Platform"] }, { name: "broad" }];
    assert.deepStrictEqual(configProblems(withRollout({ rings, handOverTo: ["prod", "dev", "prod"] })), [
      'rollout.handOverTo[1]: "dev" is this stack — name the other stacks of the tenant that take its groups',
      'rollout.handOverTo[2]: "prod" is listed twice — list each stack once',
    ]);
    assert.deepStrictEqual(configProblems(withRollout({ rings, promotion: { minDevices: 0, maxDrift: -1 } })), [
      "rollout.promotion.minDevices: minDevices counts devices: a whole number, 1 or more",
      "rollout.promotion.maxDrift: maxDrift counts devices: a whole number, 0 or more",
    ]);
    assert.deepStrictEqual(configProblems(withRollout({ rings, promotion: { maxRefused: 0.5 } })), [
      "rollout.promotion.maxRefused: maxRefused counts devices: a whole number, 0 or more",
    ]);
    const soaks = [-1, 1.5, 1e9].map((soakDays, i) => ({
      name: `r${i}`,
      groups: [["Platform", "Contractors", "Eng - Frontend"][i]],
      soakDays,
    }));
    assert.deepStrictEqual(
      configProblems(withRollout({ rings: [...soaks.slice(0, 2), { name: "broad", soakDays: 1e9 }] })),
      [
        "rollout.rings[0].soakDays: soakDays is whole days, 0 to 365",
        "rollout.rings[1].soakDays: soakDays is whole days, 0 to 365",
        "rollout.rings[2].soakDays: soakDays is whole days, 0 to 365 — a release soaking longer than a year is not being promoted",
      ],
    );
    assert.deepStrictEqual(
      configProblems(withRollout({ rings: [{ name: "pilot", groups: ["Platform"], soak: 3 }, { name: "broad" }] })),
      ['rollout.rings[0]: unknown key "soak" — remove or correct it (see stacks/stack-config.schema.json)'],
    );
  });
});
