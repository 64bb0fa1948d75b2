// Shell denies and asks ship in every combination of their words' aliases; a rule that multiplies
// past the budget is refused at its path, and words that are Object.prototype names are plain words.
import * as assert from "assert";
import { loadRolloutConfig } from "../../components/config";
import { aliasCombinations, MAX_ALIAS_COMBINATIONS } from "../../components/config/spelling-budget";
import { compileRollout } from "../../components/settings";
import { shellSpellings } from "../../components/settings/spellings";
import { configProblems, sampleConfig } from "../fixtures/config";

describe("alias-combination budget", () => {
  it("counts the product over the words of one plus their aliases, for commands whose options go anywhere", () => {
    assert.equal(aliasCombinations("kubectl delete namespace *"), 2);
    assert.equal(aliasCombinations("oc delete namespace deployment *"), 6);
    assert.equal(aliasCombinations("oc delete namespace namespace namespace namespace *"), 81);
    assert.equal(aliasCombinations("kubectl:*"), 1);
    assert.equal(aliasCombinations("git push *"), 1);
    assert.equal(aliasCombinations("*kubectl delete namespace*"), 1);
  });

  it("matches what the compiler spells: at the limit a rule compiles, its alias forms all present", () => {
    // Three words with two other names each (namespace: ns, project) and one with one: 3 × 3 × 3 × 2 = 54.
    const specifier = "oc delete namespace namespace namespace deployment *";
    assert.equal(aliasCombinations(specifier), 54);
    assert.ok(54 <= MAX_ALIAS_COMBINATIONS);
    const spelled = shellSpellings(specifier);
    assert.ok(spelled.includes("oc *delete *ns *project *namespace *deploy*"));
  });

  it("refuses a deny or ask past the budget at its stack-file path", () => {
    const raw = sampleConfig();
    raw.profiles.platform.permissions = {
      deny: ["Bash(oc delete namespace namespace namespace namespace *)"],
      ask: ["PowerShell(kubectl delete namespace namespace namespace namespace namespace namespace namespace *)"],
    };
    assert.deepStrictEqual(configProblems(raw), [
      `profiles.platform.permissions.ask[0]: "PowerShell(kubectl delete namespace namespace namespace namespace namespace namespace namespace *)" names 128 combinations of aliased words (the compiler spells each; the limit is ${MAX_ALIAS_COMBINATIONS}) — write one rule per resource type`,
      `profiles.platform.permissions.deny[0]: "Bash(oc delete namespace namespace namespace namespace *)" names 81 combinations of aliased words (the compiler spells each; the limit is ${MAX_ALIAS_COMBINATIONS}) — write one rule per resource type`,
    ]);
  });

  it("treats words named like Object.prototype members as plain words, in every command table", () => {
    const raw = sampleConfig();
    raw.profiles.platform.permissions = {
      allow: ["Bash(constructor)", "Bash(toString --help)"],
      ask: ["Bash(kubectl delete constructor *)", "Bash(constructor __proto__ *)"],
      deny: ["Bash(oc hasOwnProperty valueOf *)"],
    };
    const rollout = compileRollout(loadRolloutConfig(raw, "dev"), "2.1.329");
    const platform = rollout.profiles.find((p) => p.name === "platform");
    assert.ok(platform);
    const { ask, deny } = (platform.settings as { permissions: { ask: string[]; deny: string[] } }).permissions;
    assert.ok(ask.includes("Bash(kubectl delete constructor *)"));
    assert.ok(ask.includes("Bash(kubectl *delete *constructor*)"));
    assert.ok(deny.includes("Bash(oc *hasOwnProperty *valueOf*)"));
  });
});
