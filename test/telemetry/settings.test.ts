import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadRolloutConfig } from "../../components/config";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { otelHeadersHelperScripts } from "../../components/telemetry";
import { sampleTelemetry } from "./fixtures";

function compile(telemetry: Record<string, unknown>, profileTelemetry: Record<string, unknown> = {}) {
  const config = loadRolloutConfig(
    {
      tenantId: "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b",
      profiles: {
        developer: {
          priority: 10,
          description: "Engineers",
          intent: { edits: "none", network: "none" },
          telemetry: profileTelemetry,
        },
      },
      assignments: [{ group: "Eng", profile: "developer" }],
      telemetry,
    },
    "prod",
  );
  return compileRollout(config, PINNED_CLIENT_VERSION).profiles[0];
}

const raw = { ...sampleTelemetry(), hostname: "otel.claude.prod.example.com" };

describe("compiled telemetry settings", () => {
  it("exports OTLP to the collector with the per-user token helper, tool details on, prompts off", () => {
    const profile = compile(raw);
    const env = profile.settings.env as Record<string, string>;
    assert.deepEqual(Object.fromEntries(Object.entries(env).filter(([k]) => k !== "OTEL_RESOURCE_ATTRIBUTES")), {
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
      CLAUDE_CODE_OTEL_HEADERS_HELPER_DEBOUNCE_MS: "240000",
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.claude.prod.example.com",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_LOGS_EXPORTER: "otlp",
      OTEL_LOG_MANAGED_SETTINGS: "1",
      OTEL_LOG_TOOL_DETAILS: "1",
      OTEL_METRICS_EXPORTER: "otlp",
    });
    assert.equal(
      env.OTEL_RESOURCE_ATTRIBUTES,
      `deployment.environment=prod,claude_code_rollout.profile=developer,claude_code_rollout.policy_hash=${profile.policyHash}`,
    );
    assert.equal(
      profile.settings.otelHeadersHelper,
      "/opt/claude-code-rollout/bin/otel-headers api://3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b/claude-code-prod-developer",
    );
    assert.equal(
      profile.windows.settings.otelHeadersHelper,
      'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "C:\\Program Files\\ClaudeCode\\bin\\otel-headers.ps1" api://3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b/claude-code-prod-developer',
    );
  });

  it("sends prompt text only where the organisation and the profile allow it, and tool details can be switched off", () => {
    const env = compile({ ...raw, logUserPrompts: true }, { logUserPrompts: true, logToolDetails: false }).settings
      .env as Record<string, string>;
    assert.equal(env.OTEL_LOG_USER_PROMPTS, "1");
    assert.equal(env.OTEL_LOG_TOOL_DETAILS, undefined);
  });
});

describe("otel-headers helper (POSIX)", function () {
  this.timeout(20000);
  const script = otelHeadersHelperScripts().posix;
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "otel-headers-"));
    fs.writeFileSync(path.join(dir, "otel-headers"), script.content, { mode: 0o755 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the helper with a fake `az` that prints `token` (or fails) and records its arguments. */
  function run(resource: string, azBody: string): { status: number; stdout: string; stderr: string; azArgs: string } {
    fs.writeFileSync(path.join(dir, "az"), `#!/bin/sh\necho "$*" > "${dir}/az-args"\n${azBody}\n`, { mode: 0o755 });
    fs.rmSync(path.join(dir, "az-args"), { force: true });
    try {
      const stdout = execFileSync(path.join(dir, "otel-headers"), [resource], {
        env: { PATH: `${dir}:/usr/bin:/bin` },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return { status: 0, stdout, stderr: "", azArgs: fs.readFileSync(path.join(dir, "az-args"), "utf8").trim() };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      return { status: e.status, stdout: e.stdout, stderr: e.stderr, azArgs: "" };
    }
  }

  it("prints the bearer header for the user's token for the profile's app", () => {
    const result = run("api://claude-code-prod-developer", "echo eyJhbGciOi.eyJzdWIiOi.c2ln-_x");
    assert.equal(result.stdout, '{"Authorization":"Bearer eyJhbGciOi.eyJzdWIiOi.c2ln-_x"}\n');
    assert.equal(
      result.azArgs,
      "account get-access-token --resource api://claude-code-prod-developer --query accessToken --output tsv",
    );
    assert.deepEqual(JSON.parse(result.stdout), { Authorization: "Bearer eyJhbGciOi.eyJzdWIiOi.c2ln-_x" });
  });

  it("fails without printing a header when az has no session or returns junk", () => {
    const failed = run("api://x", "exit 1");
    assert.deepEqual([failed.status, failed.stdout], [1, ""]);
    assert.match(failed.stderr, /run 'az login'/);
    const junk = run("api://x", `echo 'a"}, "X": "b'`);
    assert.deepEqual([junk.status, junk.stdout], [1, ""]);
  });

  it("refuses a missing or non-api:// resource", () => {
    assert.equal(run("", "echo t").status, 2);
    assert.equal(run("https://evil.example.com", "echo t").status, 2);
  });
});
