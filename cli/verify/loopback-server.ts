// One loopback HTTP server per client session: a scripted Anthropic Messages API and an OTLP/HTTP
// (http/json) receiver. It answers the main loop with scripted tool_use turns and records every
// tool_result and log record the client sends back.
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { ScriptedToolUse, textMessage, textStream, toolUseStream } from "./sse";

/** What the client returned for one scripted tool call. */
export interface RecordedToolResult {
  readonly toolUseId: string;
  readonly content: string;
  readonly isError: boolean;
}

/** One OTLP log record, flattened: body plus attributes as plain values. */
export interface RecordedLogRecord {
  readonly body: string;
  readonly attributes: Record<string, unknown>;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`: ANTHROPIC_BASE_URL and the OTLP base endpoint at once. */
  readonly baseUrl: string;
  /** tool_result blocks by tool_use id, in the order they first arrived. */
  readonly toolResults: Map<string, RecordedToolResult>;
  readonly logRecords: RecordedLogRecord[];
  /** Main-loop requests answered (those carrying tools), for throughput figures and debugging. */
  readonly mainLoopRequests: number;
  /** Replaces the scripted turns (before the client starts). */
  script(turns: readonly (readonly ScriptedToolUse[])[]): void;
  close(): Promise<void>;
}

const MODEL = "claude-sonnet-4-5";
const FINAL_TEXT = "Verification script finished.";

/**
 * Starts the server. `turns[i]` is what the model answers on the i-th main-loop request (one or
 * more tool calls); after the last turn it ends the conversation with a text reply.
 */
export async function startLoopbackServer(
  initialTurns: readonly (readonly ScriptedToolUse[])[],
): Promise<LoopbackServer> {
  let turns = initialTurns;
  const toolResults = new Map<string, RecordedToolResult>();
  const logRecords: RecordedLogRecord[] = [];
  let mainLoopRequests = 0;
  let messageCounter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = parseJson(Buffer.concat(chunks).toString("utf8"));
      const path = (req.url ?? "").split("?")[0];
      if (path === "/v1/logs") {
        logRecords.push(...flattenOtlpLogs(body));
        return sendJson(res, {});
      }
      if (path === "/v1/metrics" || path === "/v1/traces") return sendJson(res, {});
      if (path === "/v1/messages/count_tokens") return sendJson(res, { input_tokens: 1 });
      if (path !== "/v1/messages")
        return sendJson(res, { type: "error", error: { type: "not_found_error", message: path } }, 404);

      const messageId = `msg_verify_${++messageCounter}`;
      const request = (body ?? {}) as MessagesRequest;
      const isMainLoop = Array.isArray(request.tools) && request.tools.length > 0;
      if (!isMainLoop) return reply(res, textStreamOrMessage(request, messageId, "ok"));

      mainLoopRequests++;
      for (const result of extractToolResults(request)) {
        if (!toolResults.has(result.toolUseId)) toolResults.set(result.toolUseId, result);
      }
      // Stateless turn index: retries and re-sent history always get the same answer.
      const turn = (request.messages ?? []).filter((m) => m.role === "assistant").length;
      if (turn < turns.length) return reply(res, { sse: toolUseStream(messageId, MODEL, turns[turn]) });
      return reply(res, textStreamOrMessage(request, messageId, FINAL_TEXT));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    toolResults,
    logRecords,
    get mainLoopRequests() {
      return mainLoopRequests;
    },
    script: (next) => {
      turns = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The tool_result blocks of a Messages request, content flattened to text. */
function extractToolResults(request: MessagesRequest): RecordedToolResult[] {
  const results: RecordedToolResult[] = [];
  for (const message of request.messages ?? []) {
    if (message.role !== "user" || !Array.isArray(message.content)) continue;
    for (const block of message.content) {
      if (block.type !== "tool_result" || typeof block.tool_use_id !== "string") continue;
      results.push({
        toolUseId: block.tool_use_id,
        content: contentText(block.content),
        isError: block.is_error === true,
      });
    }
  }
  return results;
}

/** OTLP/HTTP JSON `ExportLogsServiceRequest` → flat records. */
export function flattenOtlpLogs(body: unknown): RecordedLogRecord[] {
  const records: RecordedLogRecord[] = [];
  const resourceLogs = (body as { resourceLogs?: OtlpResourceLogs[] } | undefined)?.resourceLogs ?? [];
  for (const resourceLog of resourceLogs) {
    for (const scopeLog of resourceLog.scopeLogs ?? []) {
      for (const record of scopeLog.logRecords ?? []) {
        const attributes: Record<string, unknown> = {};
        for (const attribute of record.attributes ?? []) attributes[attribute.key] = anyValue(attribute.value);
        records.push({ body: String(anyValue(record.body) ?? ""), attributes });
      }
    }
  }
  return records;
}

interface MessagesRequest {
  stream?: boolean;
  tools?: unknown[];
  messages?: { role: string; content: string | ContentBlock[] }[];
}
interface ContentBlock {
  type: string;
  tool_use_id?: string;
  is_error?: boolean;
  content?: string | { type: string; text?: string }[];
}
interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}
interface OtlpResourceLogs {
  scopeLogs?: { logRecords?: { body?: OtlpAnyValue; attributes?: OtlpKeyValue[] }[] }[];
}

function anyValue(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(anyValue);
  if (value.kvlistValue) {
    return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, anyValue(kv.value)]));
  }
  return undefined;
}

/** Text of a tool_result, without the reminders the client appends for the model. */
function contentText(content: ContentBlock["content"]): string {
  const text =
    typeof content === "string"
      ? content
      : (content ?? []).map((part) => (part.type === "text" ? (part.text ?? "") : `[${part.type}]`)).join("\n");
  return text.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, "").trim();
}

function textStreamOrMessage(
  request: MessagesRequest,
  messageId: string,
  text: string,
): { sse: string } | { json: unknown } {
  return request.stream ? { sse: textStream(messageId, MODEL, text) } : { json: textMessage(messageId, MODEL, text) };
}

function reply(res: http.ServerResponse, answer: { sse: string } | { json: unknown }): void {
  if ("json" in answer) return sendJson(res, answer.json);
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.end(answer.sse);
}

function sendJson(res: http.ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
