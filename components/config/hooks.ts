import { z } from "zod";

/**
 * Managed hooks, validated as strictly as the client does (reference §5): an invalid managed
 * PreToolUse or PermissionRequest hook makes the client refuse to start, so nothing loose ships.
 */

export const HOOK_EVENTS = [
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "PostToolBatch",
  "PermissionRequest",
  "PermissionDenied",
  "Notification",
  "UserPromptSubmit",
  "UserPromptExpansion",
  "SessionStart",
  "SessionEnd",
  "Stop",
  "StopFailure",
  "Setup",
  "SubagentStart",
  "SubagentStop",
  "TeammateIdle",
  "TaskCreated",
  "TaskCompleted",
  "PreCompact",
  "PostCompact",
  "PreModelSwitch",
  "PostModelSwitch",
  "Elicitation",
  "ElicitationResult",
  "ConfigChange",
  "WorktreeCreate",
  "WorktreeRemove",
  "InstructionsLoaded",
  "CwdChanged",
  "FileChanged",
  "DirectoryAdded",
  "MessageDisplay",
] as const;

const timeout = z.number().int().positive().describe("seconds");
const onFailure = z.enum(["continue", "block"]);

const commandHook = z.strictObject({
  type: z.literal("command"),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  shell: z.enum(["bash", "powershell"]).optional(),
  timeout: timeout.optional(),
  async: z.boolean().optional(),
  asyncRewake: z.boolean().optional(),
  once: z.boolean().optional(),
  statusMessage: z.string().optional(),
  if: z.string().min(1).optional(),
  onFailure: onFailure.optional(),
});

const promptHook = z.strictObject({
  type: z.literal("prompt"),
  prompt: z.string().min(1),
  model: z.string().optional(),
  timeout: timeout.optional(),
  continueOnBlock: z.boolean().optional(),
});

const agentHook = z.strictObject({
  type: z.literal("agent"),
  prompt: z.string().min(1),
  model: z.string().optional(),
  timeout: timeout.optional(),
});

const httpHook = z.strictObject({
  type: z.literal("http"),
  url: z.url({ protocol: /^https$/ }),
  headers: z.record(z.string(), z.string()).optional(),
  allowedEnvVars: z.array(z.string()).optional(),
  timeout: timeout.optional(),
  onFailure: onFailure.optional(),
});

const mcpToolHook = z.strictObject({
  type: z.literal("mcp_tool"),
  server: z.string().min(1),
  tool: z.string().min(1),
  input: z.record(z.string(), z.unknown()).optional(),
  onFailure: onFailure.optional(),
});

const hookSchema = z.discriminatedUnion("type", [commandHook, promptHook, agentHook, httpHook, mcpToolHook]);

const hookMatcherSchema = z.strictObject({
  matcher: z.string().optional().describe("tool-name pattern, e.g. Bash or Edit|Write"),
  hooks: z.array(hookSchema).min(1),
});

export const hooksSchema = z.partialRecord(z.enum(HOOK_EVENTS), z.array(hookMatcherSchema));

export type Hooks = z.infer<typeof hooksSchema>;
