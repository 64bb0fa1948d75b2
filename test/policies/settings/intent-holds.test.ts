import { strict as assert } from "node:assert";
import { loadRolloutConfig } from "../../../components/config";
import { compileRollout } from "../../../components/settings";
import { settingsIntentHolds } from "../../../policies/rules/settings/intent-holds";
import { sampleConfig } from "../../fixtures/config";
import { resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

const compiled = compileRollout(loadRolloutConfig(sampleConfig(), "dev"), "2.1.329");
/** A compiled document of the sample, as JSON data a test may break. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break the document into shapes its type forbids (deleted locks, false for true)
const doc = (name: string, os: "posix" | "windows" = "posix"): Record<string, any> => {
  const profile = compiled.profiles.find((p) => p.name === name)!;
  return JSON.parse(os === "posix" ? profile.settingsJson : profile.windows.settingsJson);
};
const key = (profile: string, os: "posix" | "windows" = "posix") =>
  `profiles/${profile}/0123abcd/${os === "windows" ? "windows/" : ""}managed-settings.json`;
const run = (document: unknown, objectKey = key("standard"), config: object = {}) =>
  runResource(settingsIntentHolds, resourceArgs(SETTINGS_OBJECT, settingsObject(document, objectKey), { config }));

describe("policy settings-intent-holds", () => {
  it("passes every compiled document of every profile, on both OS families", () => {
    for (const profile of compiled.profiles) {
      for (const os of ["posix", "windows"] as const)
        assert.deepEqual(run(doc(profile.name, os), key(profile.name, os)), [], `${profile.name} ${os}`);
    }
    assert.deepEqual(
      run(doc("restricted"), key("restricted"), {
        readOnlyProfiles: ["restricted"],
        noNetworkProfiles: ["restricted"],
      }),
      [],
    );
  });

  it("finds every path to write in a document that claims read-only", () => {
    const broken = doc("restricted");
    broken.permissions.deny = broken.permissions.deny.filter(
      (r: string) => r !== "NotebookEdit" && !r.includes("touch"),
    );
    // Edit(./src/**) and cp are dead under the remaining denies (Edit, cp *), so they open no path.
    broken.permissions.allow = ["Bash(touch *)", "Edit(./src/**)", "Bash(git *)", "Bash(git status)", "Bash(cp a b)"];
    delete broken.permissions.denyInsteadOfPrompting;
    broken.sandbox.filesystem.denyWrite = broken.sandbox.filesystem.denyWrite.filter((p: string) => p !== ".");
    broken.sandbox.filesystem.allowWrite = ["/tmp/out"];
    assert.deepEqual(run(broken, key("restricted")), [
      "read-only: permissions.deny lacks the write tool(s) NotebookEdit.",
      'read-only: permissions.allow "Bash(touch *)" can change files.',
      'read-only: permissions.allow "Bash(git *)" can change files.',
      "read-only: permissions.denyInsteadOfPrompting must be true, or any unlisted command is one approval away.",
      'read-only: sandbox.filesystem.denyWrite lacks ".": sandboxed commands can write the working directory.',
      "read-only: sandbox.filesystem.allowWrite opens paths to write.",
    ]);
  });

  it("holds a profile the config names read-only even when its document lost every sign of it", () => {
    const standard = doc("standard");
    assert.deepEqual(run(standard, key("standard")), []);
    const problems = run(standard, key("standard"), { readOnlyProfiles: ["standard"] });
    assert.ok(
      Array.isArray(problems) &&
        problems[0] ===
          "read-only: permissions.deny lacks the write tool(s) Edit, NotebookEdit, Write, EnterWorktree, ExitWorktree, Monitor.",
      String(problems),
    );
  });

  it("keeps an offline profile offline and WebFetch allows inside the sandbox's hosts", () => {
    const restricted = doc("restricted");
    restricted.permissions.deny = restricted.permissions.deny.filter((r: string) => r !== "WebFetch");
    restricted.permissions.allow = ["WebFetch(domain:example.com)"];
    assert.deepEqual(run(restricted, key("restricted")), [
      "no network: permissions.deny lacks WebFetch.",
      'permissions.allow "WebFetch(domain:example.com)" reaches a host outside the profile\'s network.',
    ]);
    const standard = doc("standard");
    standard.permissions.allow.push("WebFetch(domain:registry.npmjs.org)", "WebFetch(domain:evil.example)");
    assert.deepEqual(run(standard), [
      'permissions.allow "WebFetch(domain:evil.example)" reaches a host outside the profile\'s network.',
    ]);
    assert.deepEqual(run(doc("standard"), key("standard"), { noNetworkProfiles: ["standard"] }), [
      "no network: permissions.deny lacks Artifact, RemoteTrigger, SendUserFile, WebFetch, WebSearch.",
      "no network: sandbox.network.allowedDomains lists registry.npmjs.org.",
    ]);
  });

  it("requires the locks, auto mode off and the root guard on every document", () => {
    for (const os of ["posix", "windows"] as const) {
      const broken = doc("standard", os);
      delete broken.allowManagedPermissionRulesOnly;
      broken.allowManagedHooksOnly = false;
      delete broken.disableAutoMode;
      delete broken.permissions.disableAutoMode;
      broken.hooks.PreToolUse[0].hooks[0].command = "true";
      assert.deepEqual(
        run(broken, key("standard", os)),
        [
          "allowManagedPermissionRulesOnly must be true: repository and user files could add allow rules.",
          "allowManagedHooksOnly must be true: repository hooks run outside the sandbox.",
          'disableAutoMode must be "disable".',
          'hooks.PreToolUse has no root guard (matcher "*", a command hook that blocks a root or elevated session).',
        ],
        os,
      );
    }
    const posixGuardOnWindows = doc("standard", "windows");
    posixGuardOnWindows.hooks = doc("standard").hooks;
    assert.equal(run(posixGuardOnWindows, key("standard", "windows")).length, 1);
  });
});
