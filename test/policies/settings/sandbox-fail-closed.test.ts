import { strict as assert } from "node:assert";
import { loadRolloutConfig } from "../../../components/config";
import { compileRollout } from "../../../components/settings";
import { settingsSandboxFailClosed } from "../../../policies/rules/settings/sandbox-fail-closed";
import { sampleConfig } from "../../fixtures/config";
import { resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

const raw = sampleConfig();
raw.baseline!.secretPaths = ["~/.password-store/**"];
const compiled = compileRollout(loadRolloutConfig(raw, "dev"), "2.1.329");
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break the document into shapes its type forbids (deleted locks, false for true)
const doc = (name: string, os: "posix" | "windows" = "posix"): Record<string, any> => {
  const profile = compiled.profiles.find((p) => p.name === name)!;
  return JSON.parse(os === "posix" ? profile.settingsJson : profile.windows.settingsJson);
};
const key = (profile: string, os: "posix" | "windows" = "posix") =>
  `profiles/${profile}/0123abcd/${os === "windows" ? "windows/" : ""}managed-settings.json`;
const run = (document: unknown, objectKey = key("standard"), config: object = {}) =>
  runResource(
    settingsSandboxFailClosed,
    resourceArgs(SETTINGS_OBJECT, settingsObject(document, objectKey), { config }),
  );

describe("policy settings-sandbox-fail-closed", () => {
  it("passes every compiled document, with the org's secret paths required", () => {
    for (const profile of compiled.profiles) {
      for (const os of ["posix", "windows"] as const) {
        assert.deepEqual(
          run(doc(profile.name, os), key(profile.name, os), { requiredSecretPaths: ["~/.password-store/**"] }),
          [],
          `${profile.name} ${os}`,
        );
      }
    }
  });

  it("reports a missing or disabled sandbox once", () => {
    const none = doc("standard");
    delete none.sandbox;
    assert.deepEqual(run(none), ["sandbox.enabled is not true: Bash runs unconfined."]);
  });

  it("reports every loosened key, every unreadable secret left readable, and open egress", () => {
    const broken = doc("standard");
    Object.assign(broken.sandbox, {
      failIfUnavailable: false,
      allowUnsandboxedCommands: true,
      enableWeakerNestedSandbox: true,
    });
    delete broken.sandbox.autoAllowBashIfSandboxed;
    Object.assign(broken.sandbox.filesystem, { disabled: true, allowManagedReadPathsOnly: false });
    broken.sandbox.filesystem.denyRead = broken.sandbox.filesystem.denyRead.filter(
      (p: string) => p !== "~/.ssh" && p !== "~/.password-store",
    );
    broken.sandbox.credentials.envVars = broken.sandbox.credentials.envVars.filter(
      (e: { name: string }) => !e.name.startsWith("AWS_"),
    );
    Object.assign(broken.sandbox.network, {
      allowManagedDomainsOnly: false,
      strictAllowlist: false,
      allowLocalBinding: true,
      allowedDomains: ["*", "*.com", "registry.npmjs.org"],
    });
    broken.permissions.deny = broken.permissions.deny.filter((r: string) => r !== "PowerShell");
    assert.deepEqual(run(broken, key("standard"), { requiredSecretPaths: ["~/.password-store/**"] }), [
      "sandbox.failIfUnavailable is not true: without bubblewrap/socat the client runs Bash unconfined.",
      "sandbox.allowUnsandboxedCommands must be false (it is true).",
      "sandbox.autoAllowBashIfSandboxed must be false (it is undefined).",
      "sandbox.enableWeakerNestedSandbox must be false (it is true).",
      "sandbox.filesystem.disabled is true: commands read and write the whole disk.",
      "sandbox.filesystem.allowManagedReadPathsOnly must be true, or a user file can re-open a denied path.",
      'sandbox.filesystem.denyRead lacks the secret path(s) "~/.ssh", "~/.password-store".',
      "sandbox.credentials.envVars does not unset AWS_ACCESS_KEY_ID, AWS_BEARER_TOKEN_BEDROCK, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN for sandboxed commands.",
      "sandbox.network.allowManagedDomainsOnly must be true, or user and repository files add hosts.",
      "sandbox.network.strictAllowlist must be true, or an unlisted host is a prompt away.",
      "sandbox.network.allowLocalBinding must be false (it is true).",
      'sandbox.network.allowedDomains opens every host of "*", "*.com".',
      'permissions.deny lacks "PowerShell": the PowerShell tool is not sandboxed on macOS and Linux.',
    ]);
  });

  it("accepts a secret path covered by a denied parent folder", () => {
    const parent = doc("standard");
    parent.sandbox.filesystem.denyRead = [
      ...parent.sandbox.filesystem.denyRead.filter((p: string) => p !== "~/.config/gh" && p !== "~/.config/gcloud"),
      "~/.config",
    ];
    assert.deepEqual(run(parent), []);
  });

  it("refuses repository code allowed in a Windows document, where nothing contains it", () => {
    const windows = doc("standard", "windows");
    assert.deepEqual(run(windows, key("standard", "windows")), []);
    windows.permissions.allow.push("Bash(npm test)", "PowerShell(make)", "Bash(npm view react)");
    assert.deepEqual(run(windows, key("standard", "windows")), [
      'permissions.allow "Bash(npm test)" runs repository code, and Windows has no command sandbox to contain it.',
      'permissions.allow "PowerShell(make)" runs repository code, and Windows has no command sandbox to contain it.',
    ]);
    assert.deepEqual(run(doc("standard")), [], "the same allow is fine where the sandbox holds it");
  });
});
