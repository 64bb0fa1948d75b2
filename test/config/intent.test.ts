import * as assert from "assert";
import { loadRolloutConfig, RawRolloutConfig } from "../../components/config";
import { compileRollout } from "../../components/settings";
import { configProblems, sampleConfig } from "../fixtures/config";

/** The sample with a contractor → security-reviewer chain, as the sample stacks have it. */
function withReviewer(intent?: NonNullable<RawRolloutConfig["profiles"][string]["intent"]>): RawRolloutConfig {
  const raw = sampleConfig();
  raw.profiles["security-reviewer"] = {
    priority: 40,
    description: "AppSec",
    extends: "restricted",
    ...(intent && { intent }),
  };
  return raw;
}

describe("profile intent", () => {
  it("is required on every profile without extends, field by field", () => {
    const raw = sampleConfig();
    delete raw.profiles.restricted.intent;
    raw.profiles.standard.intent = { network: "none" };
    assert.deepEqual(configProblems(raw), [
      "profiles.restricted.intent: required on a profile without extends — state what it may do, e.g. intent: { edits: none, network: none }",
      'profiles.standard.intent.edits: required on a profile without extends — "none" or "workdir"',
    ]);
  });

  it("is inherited: a child without intent gets its parent's", () => {
    const config = loadRolloutConfig(withReviewer(), "dev");
    assert.equal(config.profiles["security-reviewer"].intent, undefined);
    assert.doesNotThrow(() => loadRolloutConfig(withReviewer({ edits: "none", network: "none" }), "dev"));
  });

  it("may only be tightened below: every loosening names the path, the parent and the fix", () => {
    assert.deepEqual(configProblems(withReviewer({ edits: "workdir" })), [
      'profiles.security-reviewer.intent.edits: "workdir" loosens the parent "restricted" (none) — use "none" or drop extends',
    ]);
    assert.deepEqual(configProblems(withReviewer({ network: ["npm-registry"] })), [
      'profiles.security-reviewer.intent.network: "npm-registry" loosens the parent "restricted" (none) — name a subset of the parent\'s entries or "none"',
    ]);
    const raw = sampleConfig();
    raw.networkDomains!.github = { domains: ["github.com"], purpose: "code" };
    raw.profiles.standard.intent = { edits: "workdir", network: ["npm-registry"], writablePaths: ["~/.cache/npm"] };
    raw.profiles.platform.intent = {
      network: ["npm-registry", "github"],
      writablePaths: ["~/.cache/npm", "/var/tmp/build"],
    };
    assert.deepEqual(configProblems(raw), [
      'profiles.platform.intent.network: "github" loosens the parent "standard" (npm-registry) — name a subset of the parent\'s entries or "none"',
      'profiles.platform.intent.writablePaths: "/var/tmp/build" loosens the parent "standard" — name a subset of its writablePaths',
    ]);
    raw.profiles.platform.intent = { edits: "none", network: "none" };
    assert.doesNotThrow(() => loadRolloutConfig(raw, "dev"));
  });

  it("names unknown catalogue entries with a did-you-mean", () => {
    const raw = sampleConfig();
    raw.profiles.standard.intent = { edits: "workdir", network: ["npm-regisry", "pypi"] };
    assert.deepEqual(configProblems(raw), [
      'profiles.standard.intent.network[0]: unknown networkDomains entry "npm-regisry" — did you mean "npm-registry"?',
      'profiles.standard.intent.network[1]: unknown networkDomains entry "pypi" — expected one of "npm-registry"',
    ]);
  });

  it("checks the catalogue's hosts and the path syntax", () => {
    const raw = sampleConfig();
    raw.networkDomains = { everything: { domains: ["*", "https://example.com/x", "*.com"], purpose: "no" } };
    raw.baseline!.secretPaths = ["relative/path", "~/.vault/*.key", "/etc/../root", "~", "/", "~/**"];
    raw.profiles.standard.intent = { edits: "workdir", network: "none" };
    const hostHint =
      'expected a lowercase host such as "registry.npmjs.org" or "*.githubusercontent.com" (no scheme, path or bare "*")';
    const pathHint =
      'expected "~/path" or "/absolute/path" below the home or disk root (optionally ending in "/**"), without other wildcards or ".."';
    assert.deepEqual(configProblems(raw), [
      `baseline.secretPaths[0]: ${pathHint}`,
      `baseline.secretPaths[1]: ${pathHint}`,
      `baseline.secretPaths[2]: ${pathHint}`,
      `baseline.secretPaths[3]: ${pathHint}`,
      `baseline.secretPaths[4]: ${pathHint}`,
      `baseline.secretPaths[5]: ${pathHint}`,
      `networkDomains.everything.domains[0]: ${hostHint}`,
      `networkDomains.everything.domains[1]: ${hostHint}`,
      `networkDomains.everything.domains[2]: ${hostHint}`,
    ]);
  });

  it("refuses allows that break the intent: writes in a read-only profile, hosts outside the network, repository code with free arguments", () => {
    const raw = sampleConfig();
    raw.profiles.restricted.permissions!.allow = [
      "Edit(./src/**)",
      "Bash(sed -i *)",
      "Bash(git *)",
      "Bash(git status)",
    ];
    raw.profiles.standard.permissions!.allow = [
      "Bash(npm test *)",
      "Bash(npm:*)",
      "Bash(make build *)",
      "Bash(gitleaks detect *)",
      "WebFetch(domain:evil.example)",
      "Bash(npm view *)",
    ];
    assert.deepEqual(configProblems(raw), [
      'profiles.restricted.permissions.allow[0]: "Edit(./src/**)" can change files, but intent.edits is "none" — remove the rule, or set edits: "workdir"',
      'profiles.restricted.permissions.allow[1]: "Bash(sed -i *)" can change files, but intent.edits is "none" — remove the rule, or set edits: "workdir"',
      'profiles.restricted.permissions.allow[2]: "Bash(git *)" can change files, but intent.edits is "none" — remove the rule, or set edits: "workdir"',
      'profiles.standard.permissions.allow[0]: "Bash(npm test *)" runs repository-controlled code with any arguments (e.g. --node-options, a hostile script) — allow the exact command instead: "Bash(npm test)"',
      'profiles.standard.permissions.allow[1]: "Bash(npm:*)" runs repository-controlled code with any arguments (e.g. --node-options, a hostile script) — allow the exact command instead: "Bash(npm)"',
      'profiles.standard.permissions.allow[2]: "Bash(make build *)" runs repository-controlled code with any arguments (e.g. --node-options, a hostile script) — allow the exact command instead: "Bash(make build)"',
      'profiles.standard.permissions.allow[3]: "Bash(gitleaks detect *)" runs repository-controlled code with any arguments (e.g. --node-options, a hostile script) — allow the exact command instead: "Bash(gitleaks detect)"',
      'profiles.standard.permissions.allow[4]: "WebFetch(domain:evil.example)" reaches a host outside intent.network (registry.npmjs.org) — add a networkDomains entry with it to intent.network, or remove the rule',
    ]);
  });

  it("normalises secret and writable paths: a trailing /** or / names the folder", () => {
    const raw = sampleConfig();
    raw.baseline!.secretPaths = ["~/.password-store/", "/etc/corp/keys/**"];
    raw.profiles.standard.intent = {
      edits: "workdir",
      network: "none",
      writablePaths: ["~/.cache/npm/", "~/.cache/npm/**"],
    };
    const standard = compileRollout(loadRolloutConfig(raw, "dev"), "2.1.329").profiles.find(
      (p) => p.name === "standard",
    )!;
    assert.deepEqual(standard.intent.writablePaths, ["~/.cache/npm"]);
    assert.deepEqual(
      standard.intent.secretPaths.filter((p) => p.includes("password") || p.includes("corp")),
      ["/etc/corp/keys", "~/.password-store"],
    );
    assert.ok(
      standard.settings.permissions.deny.includes("Read(//etc/corp/keys/**)") &&
        standard.settings.permissions.deny.includes("Edit(~/.password-store)"),
    );
  });

  it("treats programs from the working tree and interpreters as repository code, whatever path names them", () => {
    const raw = sampleConfig();
    raw.profiles.standard.permissions!.allow = [
      "Bash(./scripts/test.sh *)",
      "Bash(/usr/bin/make *)",
      "Bash(bash ci/run.sh *)",
      "Bash(node_modules/.bin/jest *)",
      "Bash(./scripts/test.sh)",
      "Bash(make)",
      "Bash(ls *)",
      "Bash(/usr/bin/ls *)",
    ];
    assert.deepEqual(
      configProblems(raw).map((p) => p.replace(/ runs repository-controlled code.*(?=: ")/, " …")),
      [
        'profiles.standard.permissions.allow[0]: "Bash(./scripts/test.sh *)" …: "Bash(./scripts/test.sh)"',
        'profiles.standard.permissions.allow[1]: "Bash(/usr/bin/make *)" …: "Bash(/usr/bin/make)"',
        'profiles.standard.permissions.allow[2]: "Bash(bash ci/run.sh *)" …: "Bash(bash ci/run.sh)"',
        'profiles.standard.permissions.allow[3]: "Bash(node_modules/.bin/jest *)" …: "Bash(node_modules/.bin/jest)"',
      ],
    );
  });

  it("keeps writable paths away from secrets and out of read-only profiles", () => {
    const raw = sampleConfig();
    raw.profiles.standard.intent = {
      edits: "workdir",
      network: "none",
      writablePaths: ["~/.ssh/keys", "~/.config", "~/.cache"],
    };
    raw.profiles.restricted.intent = { edits: "none", network: "none", writablePaths: ["/tmp/out"] };
    assert.deepEqual(configProblems(raw), [
      'profiles.restricted.intent.writablePaths: only a profile with edits: "workdir" may write — remove writablePaths or set edits: "workdir"',
      'profiles.standard.intent.writablePaths[0]: "~/.ssh/keys" overlaps the secret path "~/.ssh" — name a narrower folder',
      'profiles.standard.intent.writablePaths[1]: "~/.config" overlaps the secret path "~/.config/gcloud" — name a narrower folder',
    ]);
  });

  it("rejects the modes every compiled profile disables, with or without a config switch", () => {
    const raw = sampleConfig();
    raw.baseline!.permissions!.disableBypassPermissionsMode = undefined;
    raw.profiles.standard.permissions!.defaultMode = "bypassPermissions";
    raw.profiles.restricted.permissions!.defaultMode = "auto";
    assert.deepEqual(configProblems(raw), [
      "profiles.restricted.permissions.defaultMode: auto mode is disabled for this profile — choose default, acceptEdits, plan or dontAsk",
      "profiles.standard.permissions.defaultMode: bypassPermissions is disabled for this profile — choose default, acceptEdits, plan or dontAsk",
    ]);
  });
});
