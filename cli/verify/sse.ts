// Anthropic Messages API streaming frames (SSE), as the pinned client accepts them.
// Pure: every function returns the exact text written to the socket.

/** One tool call the scripted model makes. `id` is how its tool_result is found again. */
export interface ScriptedToolUse {
  readonly id: string;
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/** One SSE event: `event:` line, `data:` line with compact JSON, blank line. */
export function sseEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** A whole streamed assistant message that calls the given tools (stop_reason tool_use). */
export function toolUseStream(messageId: string, model: string, calls: readonly ScriptedToolUse[]): string {
  const blocks = calls.map(
    (call, index) =>
      sseEvent("content_block_start", {
        index,
        content_block: { type: "tool_use", id: call.id, name: call.name, input: {} },
      }) +
      sseEvent("content_block_delta", {
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(call.input) },
      }) +
      sseEvent("content_block_stop", { index }),
  );
  return messageStart(messageId, model) + blocks.join("") + messageEnd("tool_use");
}

/** A whole streamed assistant message holding one text block (stop_reason end_turn). */
export function textStream(messageId: string, model: string, text: string): string {
  return (
    messageStart(messageId, model) +
    sseEvent("content_block_start", { index: 0, content_block: { type: "text", text: "" } }) +
    sseEvent("content_block_delta", { index: 0, delta: { type: "text_delta", text } }) +
    sseEvent("content_block_stop", { index: 0 }) +
    messageEnd("end_turn")
  );
}

/** The same text reply as a non-streamed JSON body (for requests without `stream: true`). */
export function textMessage(messageId: string, model: string, text: string): Record<string, unknown> {
  return {
    id: messageId,
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  };
}

function messageStart(messageId: string, model: string): string {
  return sseEvent("message_start", {
    message: {
      id: messageId,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 1 },
    },
  });
}

function messageEnd(stopReason: "tool_use" | "end_turn"): string {
  return (
    sseEvent("message_delta", {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: 1 },
    }) + sseEvent("message_stop", {})
  );
}
