import * as assert from "assert";
import { loadRolloutConfig } from "../../components/config";
import { compileRollout, renderCanonicalJson, sha256Hex } from "../../components/settings";
import { sampleConfig } from "../fixtures/config";

const VERSION = "2.1.329";
const compile = (raw = sampleConfig()) => compileRollout(loadRolloutConfig(raw, "dev"), VERSION);
const profile = (name: string, raw = sampleConfig()) => compile(raw).profiles.find((p) => p.name === name)!;

describe("compileRollout", () => {
  it("compiles platform: inherited rules accumulate, every document is locked, asks ship in every spelling", () => {
    const platform = profile("platform");
    const { OTEL_RESOURCE_ATTRIBUTES, ...env } = platform.settings.env;
    const { allow, ask, deny, ...permissions } = platform.settings.permissions;
    assert.deepEqual(
      { ...platform.settings, permissions, env, sandbox: undefined, hooks: undefined },
      {
        permissions: {
          disableBypassPermissionsMode: "disable",
          disableAutoMode: "disable",
          blockWritesOutsideWorkingDirectories: true,
        },
        disableAutoMode: "disable",
        allowManagedPermissionRulesOnly: true,
        allowManagedHooksOnly: true,
        allowManagedMcpServersOnly: true,
        disableSkillShellExecution: true,
        sandbox: undefined,
        allowedMcpServers: [{ serverName: "github" }],
        enableAllProjectMcpServers: false,
        env: {},
        hooks: undefined,
        requiredMinimumVersion: "2.1.329",
      },
    );
    assert.deepEqual(allow, ["Bash(npm test)", "mcp__github__get_*"]);
    const spelled = (command: string) =>
      ["* ", '*"', "*'", "*(", "*/", "*`"].flatMap((p) => [`${p}${command.replace(" ", " -* ")}*`, `${p}${command}*`]);
    assert.deepEqual(
      ask,
      [
        ...spelled("git push"),
        ...spelled("terraform apply"),
        "git -* push *",
        "git push *",
        "terraform -* apply *",
        "terraform apply *",
      ]
        .map((s) => `Bash(${s})`)
        .sort(),
    );
    for (const rule of [
      "Bash(curl *)",
      "Bash(* curl*)",
      "Bash(terraform destroy *)",
      "Bash(terraform -* destroy *)",
      'Bash(*"terraform -* destroy*)',
      "Read(./.env)",
      "Read(~/.ssh)",
      "Read(~/.ssh/**)",
      "PowerShell",
    ]) {
      assert.ok(deny.includes(rule), `platform denies ${rule}`);
    }
    assert.equal(
      OTEL_RESOURCE_ATTRIBUTES,
      `deployment.environment=dev,claude_code_rollout.profile=platform,claude_code_rollout.policy_hash=${platform.policyHash}`,
    );
  });

  it("renders canonical bytes and hashes exactly those bytes", () => {
    const platform = profile("platform");
    assert.equal(platform.settingsJson, renderCanonicalJson(platform.settings));
    assert.equal(platform.settingsSha256, sha256Hex(platform.settingsJson));
    assert.ok(
      platform.settingsJson.startsWith(
        '{\n  "allowManagedHooksOnly": true,\n  "allowManagedMcpServersOnly": true,\n  "allowManagedPermissionRulesOnly": true,\n  "allowedMcpServers": [',
      ),
    );
    assert.ok(platform.settingsJson.endsWith("}\n") && !platform.settingsJson.includes("\r"));
  });

  it("keeps the policy hash when only the order of the input changes", () => {
    const reordered = sampleConfig();
    reordered.profiles.standard.permissions!.allow = ["mcp__github__get_*", "Bash(npm test)", "Bash(npm test)"];
    reordered.baseline!.permissions!.deny = ["Bash(curl *)", "Read(~/.ssh/**)", "Read(./.env)"];
    assert.equal(profile("platform", reordered).settingsJson, profile("platform").settingsJson);
  });

  it("changes the policy hash when a rule changes", () => {
    const changed = sampleConfig();
    changed.profiles.platform.permissions!.ask = ["Bash(terraform apply -auto-approve *)"];
    assert.notEqual(profile("platform", changed).policyHash, profile("platform").policyHash);
  });

  it("writes the org-provided MCP servers in the client's managed-mcp.json shape", () => {
    assert.equal(
      profile("standard").mcp!.json,
      '{\n  "mcpServers": {\n    "github": {\n      "type": "http",\n      "url": "https://api.githubcopilot.com/mcp/"\n    }\n  }\n}\n',
    );
    assert.equal(profile("restricted").mcp, undefined);
    assert.deepEqual(profile("restricted").settings.allowedMcpServers, []);
  });

  it("resolves overlaps by priority: each profile excludes every higher one", () => {
    const compiled = compile();
    assert.deepEqual(
      compiled.profiles.map((p) => [p.name, p.includeGroup, p.excludeGroups, p.assignedGroups]),
      [
        [
          "restricted",
          "claude-code-dev-restricted",
          ["claude-code-dev-platform", "claude-code-dev-standard"],
          ["Contractors"],
        ],
        ["standard", "claude-code-dev-standard", ["claude-code-dev-platform"], ["Eng - Frontend"]],
        ["platform", "claude-code-dev-platform", [], ["Platform"]],
      ],
    );
  });

  it("warns about an allow that an inherited deny or ask makes dead", () => {
    const raw = sampleConfig();
    raw.profiles.platform.permissions!.allow = [
      "Bash(curl https://internal.example.com)",
      "Bash(git push origin feature)",
    ];
    assert.deepEqual(
      compile(raw).warnings.filter((w) => w.startsWith("profiles.platform: allow")),
      [
        'profiles.platform: allow "Bash(curl https://internal.example.com)" is dead — deny "Bash(curl *)" always wins',
        'profiles.platform: allow "Bash(git push origin feature)" never applies — ask "Bash(git push *)" is checked first',
      ],
    );
  });

  it("warns about an allow that an expanded spelling of a deny makes dead", () => {
    const raw = sampleConfig();
    raw.profiles.platform.permissions!.allow = ["Bash(git -C infra push origin)", "Bash(sudo terraform destroy)"];
    assert.deepEqual(
      compile(raw).warnings.filter((w) => w.startsWith("profiles.platform: allow")),
      [
        'profiles.platform: allow "Bash(git -C infra push origin)" never applies — ask "Bash(git -* push *)" is checked first',
        'profiles.platform: allow "Bash(sudo terraform destroy)" is dead — deny "Bash(* terraform destroy*)" always wins',
      ],
    );
  });

  it("warns about an allow that approves more than it seems to", () => {
    const raw = sampleConfig();
    raw.profiles.standard.permissions!.allow = ["Bash(git * status)"];
    assert.deepEqual(
      compile(raw).warnings.filter((w) => w.includes("git * status")),
      [
        'profiles.standard: allow "Bash(git * status)": a "*" before the subcommand also approves injected options (e.g. "git -c …")',
        'profiles.platform: allow "Bash(git * status)": a "*" before the subcommand also approves injected options (e.g. "git -c …")',
      ],
    );
  });

  it("binds models with enforceAvailableModels and pins Bedrock with its credential helper", () => {
    const raw = sampleConfig();
    raw.profiles.standard.models = { available: ["sonnet"], default: "sonnet" };
    raw.credentials = {
      provider: "bedrock",
      accountId: "210987654321",
      region: "eu-west-1",
      models: {
        sonnet: {
          foundationModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
          inferenceProfileId: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        },
      },
    };
    const standard = profile("standard", raw);
    assert.deepEqual(
      [standard.settings.availableModels, standard.settings.enforceAvailableModels, standard.settings.model],
      [["sonnet"], true, "sonnet"],
    );
    assert.deepEqual(standard.settings.allowedProviders, ["bedrock"]);
    assert.equal(standard.settings.env.CLAUDE_CODE_USE_BEDROCK, "1");
    assert.equal(standard.settings.env.ANTHROPIC_DEFAULT_SONNET_MODEL, "eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert.equal(standard.settings.awsCredentialExport, "/opt/claude-code-rollout/bin/aws-credential-export");
    assert.equal(
      standard.windows.settings.awsCredentialExport,
      'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "C:\\Program Files\\ClaudeCode\\bin\\aws-credential-export.ps1"',
    );
    const same = (s: typeof standard.settings) => ({
      ...s,
      awsCredentialExport: undefined,
      permissions: undefined,
      sandbox: undefined,
      hooks: undefined,
    });
    assert.deepEqual(same(standard.windows.settings), same(standard.settings));
  });
});
