// Turning what the client did into verdicts. Pure.
import { RecordedToolResult } from "./loopback-server";
import { EXTRA_MCP_SERVER, Scenario } from "./scenarios";

export type Observed = "executed" | "denied" | "asked" | "error" | "missing";

/** One scenario's verdict, with the client's own words as evidence. */
export interface ScenarioOutcome {
  readonly name: string;
  readonly source: "stack" | "derived" | "adversarial" | "job";
  readonly expected: string;
  readonly observed: string;
  readonly passed: boolean;
  /** The client's message: tool_result content, or the init-message field that was checked. */
  readonly message: string;
}

/** The parts of the stream-json `init` message the session checks read. */
export interface InitFacts {
  readonly permissionMode: string;
  readonly mcpServers: readonly { name: string; status: string }[];
}

/**
 * Classifies a tool_result. Texts seen from 2.1.329: a matched deny says "has been denied" (Bash)
 * or "denied by your permission settings" (file tools); a tool removed by a deny is "No such tool
 * available"; a call that needs approval under `-p` says "haven't granted it yet", "requires
 * approval" or "needs approval"; a command that ran and failed starts with "Exit code".
 */
export function classifyToolResult(result: RecordedToolResult | undefined): Observed {
  if (!result) return "missing";
  if (!result.isError) return "executed";
  const text = result.content;
  if (/has been denied|denied by your permission settings|was blocked|No such tool available/.test(text))
    return "denied";
  // A managed PreToolUse hook that exits 2 (the root guard) blocks the call before it runs.
  if (/^(<tool_use_error>)?PreToolUse:\S+ hook error/.test(text)) return "denied";
  if (/haven't granted it yet|requires approval|needs approval/.test(text)) return "asked";
  if (/^Exit code \d+/.test(text)) return "executed";
  return "error";
}

/** Verdict for one scenario, given everything the session recorded. */
export function judge(
  scenario: Scenario,
  results: ReadonlyMap<string, RecordedToolResult>,
  toolUseId: string,
  init: InitFacts | undefined,
): ScenarioOutcome {
  const base = { name: scenario.name, source: scenario.source };
  if (scenario.kind === "tool") {
    const result = results.get(toolUseId);
    const observed = classifyToolResult(result);
    const message = result?.content ?? "(the client returned no tool_result for this call)";
    return { ...base, expected: scenario.expect, observed, passed: observed === scenario.expect, message };
  }
  if (!init)
    return {
      ...base,
      expected: expectedText(scenario.kind),
      observed: "no init message",
      passed: false,
      message: "(the client printed no init message)",
    };
  if (scenario.kind === "bypass-refused") {
    const passed = init.permissionMode !== "bypassPermissions";
    return {
      ...base,
      expected: expectedText(scenario.kind),
      observed: `permissionMode ${init.permissionMode}`,
      passed,
      message: `init.permissionMode = "${init.permissionMode}" after --permission-mode bypassPermissions`,
    };
  }
  const extra = init.mcpServers.find((server) => server.name === EXTRA_MCP_SERVER);
  return {
    ...base,
    expected: expectedText(scenario.kind),
    observed: extra ? `loaded (${extra.status})` : "not loaded",
    passed: extra === undefined,
    message: `init.mcp_servers = ${JSON.stringify(init.mcpServers)}`,
  };
}

function expectedText(kind: "bypass-refused" | "extra-mcp-not-loaded"): string {
  return kind === "bypass-refused" ? "permissionMode not bypassPermissions" : "not loaded";
}
