// Unit level: SSE framing, the loopback server's answers and recordings, scenario derivation,
// verdicts, the verification copy and the resolved_sha256 function. No client involved.
import * as assert from "assert";
import { flattenOtlpLogs, startLoopbackServer } from "../../cli/verify/loopback-server";
import { classifyToolResult } from "../../cli/verify/outcome";
import { resolvedSha256 } from "../../components/settings";
import { derivedScenarios, readProbePath } from "../../cli/verify/scenarios";
import { sseEvent, toolUseStream } from "../../cli/verify/sse";
import { scriptTurns } from "../../cli/verify/verify-profile";
import { pinsProviderOrTelemetry, unexpectedDifferences, verificationCopy } from "../../cli/verify/verification-copy";

const paths = { home: "/h", work: "/w" };

describe("verify: SSE framing", () => {
  it("frames one event as event line, data line with the type inside, blank line", () => {
    assert.strictEqual(sseEvent("message_stop", {}), 'event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });

  it("streams each tool call as start / input_json_delta / stop at its own index, then stop_reason tool_use", () => {
    const events = toolUseStream("msg_1", "m", [
      { id: "toolu_a", name: "Bash", input: { command: "ls" } },
      { id: "toolu_b", name: "Read", input: { file_path: "/x" } },
    ])
      .trim()
      .split("\n\n")
      .map((frame) => JSON.parse(frame.split("\n")[1].slice("data: ".length)));
    assert.deepStrictEqual(
      events.map((e) => `${e.type}${e.index ?? ""}`),
      [
        "message_start",
        "content_block_start0",
        "content_block_delta0",
        "content_block_stop0",
        "content_block_start1",
        "content_block_delta1",
        "content_block_stop1",
        "message_delta",
        "message_stop",
      ],
    );
    assert.deepStrictEqual(events[1].content_block, { type: "tool_use", id: "toolu_a", name: "Bash", input: {} });
    assert.strictEqual(events[5].delta.partial_json, '{"file_path":"/x"}');
    assert.strictEqual(events[7].delta.stop_reason, "tool_use");
  });
});

describe("verify: loopback server", () => {
  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { type: response.headers.get("content-type"), text: await response.text() };
  };

  it("answers the main loop by turn, side requests with text, and records tool_results once", async () => {
    const server = await startLoopbackServer([[{ id: "toolu_1", name: "Bash", input: { command: "ls" } }]]);
    try {
      const first = await post(`${server.baseUrl}/v1/messages?beta=true`, {
        stream: true,
        tools: [{}],
        messages: [{ role: "user", content: "go" }],
      });
      assert.strictEqual(first.type, "text/event-stream");
      assert.match(first.text, /"id":"toolu_1","name":"Bash"/);
      const followUp = {
        stream: true,
        tools: [{}],
        messages: [
          { role: "user", content: "go" },
          { role: "assistant", content: [] },
          {
            role: "user",
            content: [
              {
                type: "tool_result",
                tool_use_id: "toolu_1",
                is_error: true,
                content: [{ type: "text", text: "no <system-reminder>x</system-reminder>" }],
              },
            ],
          },
        ],
      };
      const second = await post(`${server.baseUrl}/v1/messages?beta=true`, followUp);
      assert.match(second.text, /"stop_reason":"end_turn"/);
      await post(`${server.baseUrl}/v1/messages?beta=true`, followUp); // a retry must not duplicate
      const side = await post(`${server.baseUrl}/v1/messages`, { messages: [] });
      assert.strictEqual(JSON.parse(side.text).content[0].text, "ok");
      assert.deepStrictEqual(JSON.parse((await post(`${server.baseUrl}/v1/messages/count_tokens`, {})).text), {
        input_tokens: 1,
      });
      assert.deepStrictEqual(
        [...server.toolResults.values()],
        [{ toolUseId: "toolu_1", content: "no", isError: true }],
      );
      assert.strictEqual(server.mainLoopRequests, 3);
    } finally {
      await server.close();
    }
  });

  it("flattens OTLP http/json log records with typed attribute values", () => {
    const body = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  body: { stringValue: "claude_code.managed_settings_resolved" },
                  attributes: [
                    { key: "managed_settings.resolved_sha256", value: { stringValue: "ab" } },
                    { key: "event.sequence", value: { intValue: "3" } },
                    { key: "managed_settings.sources", value: { arrayValue: { values: [{ stringValue: "file" }] } } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    assert.deepStrictEqual(flattenOtlpLogs(body), [
      {
        body: "claude_code.managed_settings_resolved",
        attributes: {
          "managed_settings.resolved_sha256": "ab",
          "event.sequence": 3,
          "managed_settings.sources": ["file"],
        },
      },
    ]);
  });
});

describe("verify: scenarios and verdicts", () => {
  it("turns each Read deny form into a real file path", () => {
    assert.strictEqual(readProbePath("Read(~/.ssh/**)", paths), "/h/.ssh/verify-probe");
    assert.strictEqual(readProbePath("Read(./.env)", paths), "/w/.env");
    assert.strictEqual(readProbePath("Read(./.env.*)", paths), "/w/.env.verify-probe");
    assert.strictEqual(readProbePath("Read(./**/.env)", paths), "/w/.env");
    assert.strictEqual(readProbePath("Read(//etc/secrets/**)", paths), "/etc/secrets/verify-probe");
    assert.strictEqual(readProbePath("Read(.npmrc)", paths), "/w/.npmrc");
    assert.strictEqual(readProbePath("Read", paths), "/w/README.md");
    assert.deepStrictEqual(readProbePath("Read(/src/**)", paths), {
      skipped: "a root-relative path has no defined root in a managed file",
    });
    assert.deepStrictEqual(readProbePath("Read(//tmp/x)", paths), {
      skipped: "/tmp/x is not probed (pseudo or shared temp filesystem)",
    });
  });

  it("derives Read-deny probes, the bypass refusal and the MCP check from the document", () => {
    const settings = {
      permissions: {
        deny: ["Bash(curl *)", "Read(~/.aws/**)", "Read({a,b})"],
        disableBypassPermissionsMode: "disable",
      },
      allowedMcpServers: [{ serverName: "github" }],
    };
    const { scenarios, skipped } = derivedScenarios(settings, paths);
    assert.deepStrictEqual(
      scenarios.map((s) => s.name),
      ["deny Read(~/.aws/**)", "bypassPermissions cannot be entered", 'user MCP server "verify-extra" is not loaded'],
    );
    assert.deepStrictEqual(skipped, ["Read({a,b}): character classes and braces are not probed"]);
    assert.deepStrictEqual(derivedScenarios({}, paths).scenarios, []);
  });

  it("plants a folder's probe file, not the folder itself, when Read(p) and Read(p/**) are both denied", () => {
    const { scenarios } = derivedScenarios({ permissions: { deny: ["Read(~/.aws)", "Read(~/.aws/**)"] } }, paths);
    assert.deepStrictEqual(
      scenarios.map((s) => (s.kind === "tool" ? s.input.file_path : s.kind)),
      ["/h/.aws", "/h/.aws/verify-probe"],
    );
    assert.deepStrictEqual(scriptTurns(scenarios).files, {
      "/h/.aws/verify-probe": "verify-probe: this file exists so that a read would succeed if allowed\n",
    });
  });

  it("classifies the client's tool_result texts", () => {
    const r = (content: string, isError = true) => classifyToolResult({ toolUseId: "t", content, isError });
    assert.strictEqual(r("Permission to use Bash with command echo hello has been denied."), "denied");
    assert.strictEqual(
      r("<tool_use_error>File is in a directory that is denied by your permission settings.</tool_use_error>"),
      "denied",
    );
    assert.strictEqual(r("<tool_use_error>Error: No such tool available: Edit.</tool_use_error>"), "denied");
    assert.strictEqual(r("Claude requested permissions to use Bash, but you haven't granted it yet."), "asked");
    assert.strictEqual(r("This command requires approval"), "asked");
    assert.strictEqual(r("Exit code 1"), "executed");
    assert.strictEqual(r("hello", false), "executed");
    assert.strictEqual(r("File does not exist."), "error");
    assert.strictEqual(classifyToolResult(undefined), "missing");
  });
});

describe("verify: resolved_sha256 and the verification copy", () => {
  it("matches the value the 2.1.329 client reported for an unsorted document (sorted-keys compact JSON)", () => {
    // Document bytes and hash taken from a real client run (managed_settings_resolved event).
    const document =
      '{\n  "permissions": {"deny": ["Bash(echo *)", "Read(~/.ssh/**)"], "allow": ["Bash(ls *)"], "disableBypassPermissionsMode": "disable"},\n  "env": {"OTEL_LOG_MANAGED_SETTINGS": "1", "B": "2", "A": "1"},\n  "cleanupPeriodDays": 14\n}\n';
    assert.strictEqual(
      resolvedSha256(JSON.parse(document)),
      "2d67c154eb3f4169ce02f3e4b380b652f912f6793db555b54eebfdd573848062",
    );
  });

  it("replaces only provider and telemetry keys and keeps everything else identical", () => {
    const shipped = {
      permissions: { deny: ["Bash(curl *)"] },
      allowManagedPermissionRulesOnly: true,
      allowedProviders: ["bedrock"],
      awsCredentialExport: "/opt/x",
      env: {
        CLAUDE_CODE_USE_BEDROCK: "1",
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel",
        OTEL_RESOURCE_ATTRIBUTES: "a=b",
        ANTHROPIC_DEFAULT_SONNET_MODEL: "eu.sonnet",
      },
    };
    assert.strictEqual(pinsProviderOrTelemetry(shipped), true);
    assert.strictEqual(pinsProviderOrTelemetry({ permissions: {}, env: { OTEL_RESOURCE_ATTRIBUTES: "a=b" } }), false);
    const copy = verificationCopy(shipped, "http://127.0.0.1:9");
    assert.deepStrictEqual(copy.settings.permissions, shipped.permissions);
    assert.deepStrictEqual(copy.settings.allowedProviders, ["customEndpoint"]);
    assert.strictEqual("awsCredentialExport" in copy.settings, false);
    assert.deepStrictEqual(copy.settings.env, {
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
      ANTHROPIC_DEFAULT_SONNET_MODEL: "eu.sonnet",
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_LOGS_EXPORTER: "otlp",
      OTEL_LOG_MANAGED_SETTINGS: "1",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_RESOURCE_ATTRIBUTES: "a=b",
    });
    assert.ok(copy.substitutions.includes("env.CLAUDE_CODE_USE_BEDROCK (removed)"));
    assert.deepStrictEqual(unexpectedDifferences(shipped, copy.settings), []);
    assert.deepStrictEqual(
      unexpectedDifferences(shipped, { ...copy.settings, allowManagedPermissionRulesOnly: false }),
      ["allowManagedPermissionRulesOnly"],
    );
  });
});
