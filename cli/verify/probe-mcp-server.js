// Minimal stdio MCP server used as the "extra" server a user tries to add: it answers the MCP
// handshake so that, when the client does NOT load it, the cause is policy and not a broken server.
// Plain JavaScript so the client can start it with the Node binary directly.
"use strict";
const readline = require("node:readline");

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    return;
  }
  if (request.id === undefined) return; // notifications need no answer
  const result = answer(request.method, request.params || {});
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: request.id, ...result }) + "\n");
});

function answer(method, params) {
  switch (method) {
    case "initialize":
      return {
        result: {
          protocolVersion: params.protocolVersion || "2025-06-18",
          capabilities: { tools: {} },
          serverInfo: { name: "verify-probe", version: "1.0.0" },
        },
      };
    case "tools/list":
      return {
        result: {
          tools: [{ name: "ping", description: "Answers pong.", inputSchema: { type: "object", properties: {} } }],
        },
      };
    case "tools/call":
      return { result: { content: [{ type: "text", text: "pong" }] } };
    case "ping":
      return { result: {} };
    default:
      return { error: { code: -32601, message: `method not found: ${method}` } };
  }
}
