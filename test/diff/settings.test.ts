// One profile's settings against another: which change gets which risk and flag.
import * as assert from "assert";
import { SettingChange } from "../../cli/diff/model";
import { allowRuleRisk } from "../../cli/diff/rules";
import { diffProfileSettings, EMPTY_PROFILE } from "../../cli/diff/settings";

const settings = (value: Record<string, unknown>) => ({ settings: value, mcpServers: {} });
/** [kind, subject, risk, effect] per change: the facts a reviewer reads. */
const summary = (changes: SettingChange[]) =>
  changes.map((change) => [change.kind, change.subject, change.risk, change.effect]);
const diff = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  summary(diffProfileSettings(settings(before), settings(after)));

describe("diff: settings of one profile", () => {
  it("ranks new allow rules by what the tool can do", () => {
    assert.deepStrictEqual(
      [
        "Bash",
        "Bash(*)",
        "PowerShell",
        "Bash(npm test *)",
        "Edit(/src/**)",
        "WebFetch(domain:example.com)",
        "mcp__github__get_*",
        "Write(/tmp/**)",
        "Read(./docs/**)",
        "WebSearch",
      ].map((rule) => [rule, allowRuleRisk(rule)]),
      [
        ["Bash", "critical"],
        ["Bash(*)", "critical"],
        ["PowerShell", "critical"],
        ["Bash(npm test *)", "high"],
        ["Edit(/src/**)", "high"],
        ["WebFetch(domain:example.com)", "high"],
        ["mcp__github__get_*", "high"],
        ["Write(/tmp/**)", "medium"],
        ["Read(./docs/**)", "medium"],
        ["WebSearch", "medium"],
      ],
    );
  });

  it("flags removed deny and ask rules as widening and new ones as tightening", () => {
    assert.deepStrictEqual(
      diff(
        { permissions: { allow: ["Read(./src/**)"], ask: ["Bash(git push *)"], deny: ["Bash(curl *)"] } },
        { permissions: { allow: [], ask: ["Bash(rm *)"], deny: ["Read(./.env)"] } },
      ),
      [
        ["rule-removed", "Read(./src/**)", "low", "tightening"],
        ["rule-added", "Bash(rm *)", "low", "tightening"],
        ["rule-removed", "Bash(git push *)", "high", "widening"],
        ["rule-added", "Read(./.env)", "low", "tightening"],
        ["rule-removed", "Bash(curl *)", "critical", "widening"],
      ],
    );
  });

  it("treats a lock that stops holding as weakened, whatever the new value", () => {
    assert.deepStrictEqual(
      diff(
        {
          permissions: { disableBypassPermissionsMode: "disable" },
          allowManagedMcpServersOnly: true,
          enforceAvailableModels: true,
        },
        {
          permissions: {},
          allowManagedMcpServersOnly: false,
          enableAllProjectMcpServers: true,
          enforceAvailableModels: true,
        },
      ),
      [
        ["lock-weakened", "permissions.disableBypassPermissionsMode", "critical", "widening"],
        ["lock-weakened", "allowManagedMcpServersOnly", "critical", "widening"],
        ["lock-weakened", "enableAllProjectMcpServers", "critical", "widening"],
      ],
    );
    assert.deepStrictEqual(diff({ enforceAvailableModels: true }, {}), [
      ["lock-weakened", "enforceAvailableModels", "high", "widening"],
    ]);
    assert.deepStrictEqual(diff({}, { allowManagedHooksOnly: true }), [
      ["lock-tightened", "allowManagedHooksOnly", "low", "tightening"],
    ]);
  });

  it("treats dropping an allowlist as the widest MCP and model change", () => {
    assert.deepStrictEqual(
      diff(
        { allowedMcpServers: [{ serverName: "github" }], availableModels: ["sonnet"], allowedProviders: ["bedrock"] },
        {},
      ),
      [
        ["mcp-list-removed", "allowedMcpServers", "critical", "widening"],
        ["model-allowlist-removed", "availableModels", "high", "widening"],
        ["provider-allowlist-removed", "allowedProviders", "high", "widening"],
      ],
    );
    assert.deepStrictEqual(diff({ deniedMcpServers: [{ serverName: "evil" }] }, {}), [
      ["mcp-list-removed", "deniedMcpServers", "critical", "widening"],
    ]);
    assert.deepStrictEqual(diff({}, { deniedMcpServers: [], allowedMcpServers: [] }), [
      ["mcp-list-added", "allowedMcpServers", "low", "tightening"],
      ["mcp-list-added", "deniedMcpServers", "low", "tightening"],
    ]);
    assert.deepStrictEqual(
      diff(
        {
          allowedMcpServers: [{ serverName: "github" }],
          deniedMcpServers: [{ serverCommand: ["npx", "-y", "evil"] }],
          allowedProviders: ["bedrock"],
        },
        {
          allowedMcpServers: [{ serverName: "github" }, { serverUrl: "https://*.corp.example/*" }],
          deniedMcpServers: [],
          allowedProviders: ["anthropic", "bedrock"],
        },
      ),
      [
        ["mcp-allowed-added", "url: https://*.corp.example/*", "high", "widening"],
        ["mcp-denied-removed", "command: npx -y evil", "critical", "widening"],
        ["provider-allowed", "anthropic", "high", "widening"],
      ],
    );
  });

  it("reports managed MCP servers added, removed and repointed", () => {
    const changes = diffProfileSettings(
      {
        settings: {},
        mcpServers: {
          github: { url: "https://api.githubcopilot.com/mcp/" },
          wiki: { command: "wiki-mcp", args: ["--ro"] },
        },
      },
      {
        settings: {},
        mcpServers: {
          github: { url: "https://github.corp.example/mcp/" },
          jira: { url: "https://jira.corp.example/mcp" },
        },
      },
    );
    assert.deepStrictEqual(
      changes.map((change) => [change.kind, change.subject, change.risk, change.before, change.after, change.details]),
      [
        [
          "managed-mcp-server-changed",
          "github",
          "medium",
          "https://api.githubcopilot.com/mcp/",
          "https://github.corp.example/mcp/",
          [],
        ],
        ["managed-mcp-server-added", "jira", "high", undefined, undefined, ["https://jira.corp.example/mcp"]],
        ["managed-mcp-server-removed", "wiki", "low", undefined, undefined, []],
      ],
    );
  });

  it("treats losing the audit trail as critical and ignores the stamped policy hash", () => {
    const before = {
      env: {
        CLAUDE_CODE_ENABLE_TELEMETRY: "1",
        OTEL_LOGS_EXPORTER: "otlp",
        OTEL_METRICS_EXPORTER: "otlp",
        OTEL_RESOURCE_ATTRIBUTES: "claude_code_rollout.profile=standard,claude_code_rollout.policy_hash=aaaa",
      },
    };
    const after = {
      env: {
        OTEL_LOGS_EXPORTER: "console",
        OTEL_METRICS_EXPORTER: "none",
        OTEL_LOG_TOOL_CONTENT: "1",
        OTEL_RESOURCE_ATTRIBUTES: "claude_code_rollout.profile=standard,claude_code_rollout.policy_hash=bbbb,team=web",
      },
    };
    assert.deepStrictEqual(diff(before, after), [
      ["telemetry-disabled", "env.CLAUDE_CODE_ENABLE_TELEMETRY", "critical", "widening"],
      ["telemetry-exporter-disabled", "env.OTEL_LOGS_EXPORTER", "critical", "widening"],
      // The compiler never writes OTEL_LOG_TOOL_CONTENT, so the env guard makes it critical.
      ["content-logging-enabled", "env.OTEL_LOG_TOOL_CONTENT", "critical", "widening"],
      ["telemetry-exporter-disabled", "env.OTEL_METRICS_EXPORTER", "high", "widening"],
      ["telemetry-attribute-changed", "env.OTEL_RESOURCE_ATTRIBUTES team", "low", "neutral"],
    ]);
    assert.deepStrictEqual(
      diff(
        { env: { OTEL_RESOURCE_ATTRIBUTES: "a=1,claude_code_rollout.policy_hash=x" } },
        { env: { OTEL_RESOURCE_ATTRIBUTES: "a=1,claude_code_rollout.policy_hash=y" } },
      ),
      [],
    );
  });

  it("reports provider env, default model and mode under their own kinds, and every other key as a setting", () => {
    assert.deepStrictEqual(
      diff(
        {
          model: "sonnet",
          env: { AWS_REGION: "eu-west-1", MCP_TIMEOUT: "1" },
          permissions: { defaultMode: "plan" },
          hooks: {},
          cleanupPeriodDays: 14,
        },
        {
          model: "opus",
          env: { AWS_REGION: "us-east-1" },
          permissions: { defaultMode: "acceptEdits", additionalDirectories: ["/srv"] },
          hooks: { Stop: [] },
          cleanupPeriodDays: 14,
        },
      ),
      [
        ["default-mode-changed", "permissions.defaultMode", "medium", "widening"],
        ["default-model-changed", "model", "low", "neutral"],
        ["provider-env-changed", "env.AWS_REGION", "medium", "neutral"],
        ["setting-changed", "env.MCP_TIMEOUT", "low", "neutral"],
        ["setting-changed", "hooks", "medium", "neutral"],
        ["directory-added", "/srv", "medium", "widening"],
      ],
    );
  });

  it("rates every change to an env variable the guard refuses as critical, in any letter case, with the reason", () => {
    const before = {
      env: {
        AWS_REGION: "eu-west-1",
        NODE_OPTIONS: "--require /tmp/x.js",
        OTEL_LOGS_EXPORTER: "otlp",
        MCP_TIMEOUT: "1",
      },
    };
    const after = {
      env: {
        AWS_REGION: "eu-west-1",
        OTEL_LOGS_EXPORTER: "otlp",
        otel_logs_exporter: "none",
        anthropic_base_url: "https://gateway.example",
        ANTHROPIC_BASE_URL: "https://gateway.example",
        HTTPS_PROXY: "http://127.0.0.1:8080",
        CLAUDE_CODE_SKIP_BEDROCK_AUTH: "1",
        MCP_TIMEOUT: "2",
      },
    };
    const changes = diffProfileSettings(settings(before), settings(after));
    assert.deepStrictEqual(summary(changes), [
      ["provider-env-changed", "env.ANTHROPIC_BASE_URL", "critical", "widening"],
      ["provider-env-changed", "env.CLAUDE_CODE_SKIP_BEDROCK_AUTH", "critical", "widening"],
      ["setting-changed", "env.HTTPS_PROXY", "critical", "widening"],
      ["setting-changed", "env.MCP_TIMEOUT", "low", "neutral"],
      // Removing it is still critical to review, but it no longer widens anything.
      ["setting-changed", "env.NODE_OPTIONS", "critical", "neutral"],
      ["setting-changed", "env.anthropic_base_url", "critical", "widening"],
      ["setting-changed", "env.otel_logs_exporter", "critical", "widening"],
    ]);
    assert.deepStrictEqual(changes.find((change) => change.subject === "env.otel_logs_exporter")!.details, [
      '"otel_logs_exporter" (OTEL_LOGS_EXPORTER in another letter case) is set by the compiler from the credentials and telemetry sections — configure it there',
    ]);
    assert.deepStrictEqual(changes.find((change) => change.subject === "env.MCP_TIMEOUT")!.details, []);
  });

  it("finds nothing between equal documents, whatever their key order", () => {
    const document = {
      permissions: { deny: ["Bash(curl *)"], allow: ["Read"] },
      env: { A: "1", B: "2" },
      hooks: { Stop: [{ x: 1, y: 2 }] },
    };
    const reordered = {
      hooks: { Stop: [{ y: 2, x: 1 }] },
      env: { B: "2", A: "1" },
      permissions: { allow: ["Read"], deny: ["Bash(curl *)"] },
    };
    assert.deepStrictEqual(diff(document, reordered), []);
    assert.deepStrictEqual(diffProfileSettings(EMPTY_PROFILE, EMPTY_PROFILE), []);
  });
});
