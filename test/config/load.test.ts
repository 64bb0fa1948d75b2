import * as assert from "assert";
import { ConfigError, loadRolloutConfig } from "../../components/config";
import { sampleConfig } from "../fixtures/config";

function problemsOf(raw: unknown): string[] {
  try {
    loadRolloutConfig(raw, "dev");
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("expected the config to be rejected");
}

describe("loadRolloutConfig", () => {
  it("accepts the sample and fills defaults", () => {
    const config = loadRolloutConfig(sampleConfig(), "dev");
    assert.equal(config.environment, "dev");
    assert.deepEqual(config.profiles.restricted.permissions.allow, []);
    assert.deepEqual(config.profiles.restricted.mcp, []);
    assert.equal(config.profiles.restricted.automation, false);
    assert.deepEqual(config.profiles.restricted.telemetry, { logUserPrompts: false, logToolDetails: true });
    assert.deepEqual(config.mcpServers.github, {
      type: "http",
      url: "https://api.githubcopilot.com/mcp/",
      purpose: "PRs and issues",
    });
  });

  it("names a misspelt profile in an assignment with a suggestion", () => {
    const raw = sampleConfig();
    raw.assignments![1].profile = "standrd";
    assert.deepEqual(problemsOf(raw), ['assignments[1].profile: unknown profile "standrd" — did you mean "standard"?']);
  });

  it("reports an extends cycle once, starting from the first name", () => {
    const raw = sampleConfig();
    raw.profiles.standard.extends = "platform";
    assert.deepEqual(problemsOf(raw), [
      "profiles.platform.extends: extends cycle platform → standard → platform — one of these profiles must not extend another",
    ]);
  });

  it("rejects an unbalanced rule with the fix", () => {
    const raw = sampleConfig();
    raw.profiles.standard.permissions!.allow = ["Bash(npm test"];
    assert.deepEqual(problemsOf(raw), [
      'profiles.standard.permissions.allow[0]: invalid rule "Bash(npm test": unbalanced parentheses: the rule must end with ")" — write "Bash(npm test)"',
    ]);
  });

  it("lists every problem in one error, each with its path", () => {
    const raw = sampleConfig();
    raw.profiles.standard.mcp = ["githb"];
    raw.profiles.platform.priority = 20;
    raw.profiles.platform.extends = "nope";
    raw.assignments!.push({ group: "contractors", profile: "restricted" });
    raw.profiles.restricted.locks = { allowManagedPermissionRulesOnly: false };
    assert.deepEqual(problemsOf(raw), [
      'profiles.standard.mcp[0]: unknown MCP server "githb" — did you mean "github"?',
      'profiles.platform.extends: unknown profile "nope" — expected one of "restricted", "standard"',
      "profiles.restricted.locks.allowManagedPermissionRulesOnly: cannot weaken the inherited lock allowManagedPermissionRulesOnly: true — remove this line",
      'profiles.standard.priority: priority 20 is also used by "platform" — priorities decide overlaps, so each must be unique',
      'assignments[3].group: group "contractors" is already assigned at assignments[0] — a group maps to one profile; remove one entry',
    ]);
  });

  it("states the whole problem list in the error message", () => {
    const raw = sampleConfig();
    raw.assignments![0].profile = "restrictd";
    assert.throws(() => loadRolloutConfig(raw, "prod"), {
      name: "ConfigError",
      message:
        'Invalid stack config for "prod" (1 problem):\n  - assignments[0].profile: unknown profile "restrictd" — did you mean "restricted"?',
    });
  });

  it("suggests the section for a misspelt top-level key", () => {
    const raw = { ...sampleConfig(), profles: {} };
    assert.deepEqual(problemsOf(raw), [
      '(root): unknown key "profles" — did you mean "profiles"? (see stacks/stack-config.schema.json)',
    ]);
  });

  it("rejects schema errors with the zod path", () => {
    const raw = sampleConfig();
    (raw.profiles.standard as Record<string, unknown>).priority = "high";
    raw.tenantId = "contoso";
    assert.deepEqual(problemsOf(raw), [
      "tenantId: expected the Entra tenant id (a GUID)",
      "profiles.standard.priority: Invalid input: expected number, received string",
    ]);
  });

  it("refuses bypass mode where the baseline disables it", () => {
    const raw = sampleConfig();
    raw.profiles.standard.permissions!.defaultMode = "bypassPermissions";
    assert.deepEqual(problemsOf(raw), [
      "profiles.standard.permissions.defaultMode: bypassPermissions is disabled for this profile — choose default, acceptEdits, plan or dontAsk",
    ]);
  });

  it("keeps the compiler's env variables out of hand-written env, in any letter case", () => {
    const raw = sampleConfig();
    raw.profiles.standard.env = { OTEL_LOGS_EXPORTER: "none", otel_logs_exporter: "none", MCP_TIMEOUT: "60000" };
    raw.baseline!.env = { MCP_TIMEOUT: "30000" };
    assert.deepEqual(problemsOf(raw), [
      'profiles.standard.env.OTEL_LOGS_EXPORTER: "OTEL_LOGS_EXPORTER" is set by the compiler from the credentials and telemetry sections — configure it there',
      'profiles.standard.env.otel_logs_exporter: "otel_logs_exporter" (OTEL_LOGS_EXPORTER in another letter case) is set by the compiler from the credentials and telemetry sections — configure it there',
      'profiles.standard.env.MCP_TIMEOUT: "MCP_TIMEOUT" is set by the baseline and cannot be overridden by a profile',
    ]);
  });

  it("refuses env that redirects or alters the client, naming the path", () => {
    const raw = sampleConfig();
    raw.baseline!.env = { NODE_OPTIONS: "--require /tmp/x.js", BASH_DEFAULT_TIMEOUT_MS: "120000" };
    raw.profiles.platform.env = {
      anthropic_base_url: "https://gateway.example",
      Https_Proxy: "http://127.0.0.1:8080",
      TEAM: "platform",
    };
    const problems = problemsOf(raw);
    assert.deepEqual(problems.slice(0, 3), [
      'baseline.env.NODE_OPTIONS: "NODE_OPTIONS" changes the code the client or the commands it runs load (interpreter options, preloaded libraries, tool configuration) — remove it',
      'profiles.platform.env.anthropic_base_url: "anthropic_base_url" selects the model provider, its endpoint or how the client signs in — only the credentials section configures that; remove it',
      'profiles.platform.env.Https_Proxy: "Https_Proxy" routes network traffic through a proxy or changes which TLS certificates are trusted — remove it',
    ]);
    assert.match(
      problems[3],
      /^profiles\.platform\.env\.TEAM: "TEAM" is not a variable reviewed as harmless — env may set only BASH_DEFAULT_TIMEOUT_MS, /,
    );
    assert.equal(problems.length, 4);
  });

  it("checks models against the baseline ceiling and the default against the list", () => {
    const raw = sampleConfig();
    raw.baseline!.models = { available: ["sonnet", "haiku"] };
    raw.profiles.platform.models = { available: ["opus", "sonnet"], default: "haiku" };
    assert.deepEqual(problemsOf(raw), [
      'profiles.platform.models.default: "haiku" is not in models.available — add it there or pick one of opus, sonnet',
      'profiles.platform.models.available[0]: "opus" is not allowed by baseline.models.available (sonnet, haiku)',
    ]);
  });

  it("rejects prompt logging unless the organisation allows it", () => {
    const raw = sampleConfig();
    raw.profiles.standard.telemetry = { logUserPrompts: true };
    assert.deepEqual(problemsOf(raw), [
      "profiles.standard.telemetry.logUserPrompts: prompt logging is off org-wide — set telemetry.logUserPrompts: true first, or remove this",
    ]);
  });

  it("checks a hook's `if` condition with the rule grammar", () => {
    const raw = sampleConfig();
    raw.baseline!.hooks = {
      PreToolUse: [
        { matcher: "Bash", hooks: [{ type: "command", command: "/usr/local/bin/audit", if: "bash(git *)" }] },
      ],
    };
    assert.deepEqual(problemsOf(raw), [
      'baseline.hooks.PreToolUse[0].hooks[0].if: invalid rule "bash(git *)": tool names start uppercase — use "Bash"',
    ]);
  });
});
