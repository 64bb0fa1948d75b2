// Runs the adversarial suite and the job scenarios of one profile against the real client: the
// full suite under acceptEdits (the most permissive mode a user may pick), a probe under each mode
// the policy must refuse, every Bash attack with every prompt approved (the sandbox alone must then
// hold), a session started as root, and the profile's jobs. Each session gets its own planted
// secrets, workspace and exfiltration sink.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ATTACK_SCRIPT, attackScript, splitScriptOutput } from "./attack-script";
import {
  adversarialScenarios,
  AttackScenario,
  attackName,
  materialize,
  modeProbeScenarios,
  protectedPaths,
  rootGuardScenarios,
  sandboxScenarios,
} from "./attacks";
import { VerifyIntent } from "./intent";
import { jobName, jobScenarios } from "./jobs";
import { judgeCall, judgeManagedFile, judgeMode, judgeSink, PlannedCall } from "./judge-attacks";
import { RecordedToolResult } from "./loopback-server";
import { classifyToolResult, ScenarioOutcome } from "./outcome";
import { plantSecrets, PlantedSecret, secretFiles } from "./secrets";
import { runSession, SessionOptions } from "./session";
import { settleAll } from "./slots";
import { startExfiltrationSink } from "./sink";
import { ScriptedToolUse } from "./sse";
import { prepareWorkspace } from "./workspace";

export interface SuiteSession {
  readonly label: string;
  /** attacks: the full suite; mode-probe: a few attacks; sandbox: Bash attacks only; root; jobs. */
  readonly kind: "attacks" | "mode-probe" | "sandbox" | "root" | "jobs";
  readonly extraArgs: readonly string[];
  /** Modes the session must not end up in. */
  readonly forbiddenModes: readonly string[];
  /** Install the prompts-approved copy (see `promptsApprovedCopy`). */
  readonly approveAll?: boolean;
}

export const SUITE_SESSIONS: readonly SuiteSession[] = [
  { label: "acceptEdits", kind: "attacks", extraArgs: ["--permission-mode", "acceptEdits"], forbiddenModes: [] },
  {
    label: "bypassPermissions",
    kind: "mode-probe",
    extraArgs: ["--permission-mode", "bypassPermissions"],
    forbiddenModes: ["bypassPermissions"],
  },
  {
    label: "dangerously-skip-permissions",
    kind: "mode-probe",
    extraArgs: ["--dangerously-skip-permissions"],
    forbiddenModes: ["bypassPermissions"],
  },
  { label: "auto", kind: "mode-probe", extraArgs: ["--permission-mode", "auto"], forbiddenModes: ["auto"] },
  { label: "prompts approved", kind: "sandbox", extraArgs: [], forbiddenModes: [], approveAll: true },
  { label: "root", kind: "root", extraArgs: [], forbiddenModes: [] },
  // Jobs run the way a user lets a profile work: edits accepted, commands as the rules allow.
  { label: "jobs", kind: "jobs", extraArgs: ["--permission-mode", "acceptEdits"], forbiddenModes: [] },
];

export interface SuiteInput {
  /** The documents a session installs (the shipped bytes, or their verification copy). */
  documents(baseUrl: string): { settingsJson: string; mcpJson?: string };
  readonly settings: Record<string, unknown>;
  readonly intent: VerifyIntent;
  readonly requiredDenies: readonly string[];
}

/** Most tool calls per scripted model turn (a long single turn is fine; this keeps each reply small). */
const CALLS_PER_TURN = 25;

export async function runSuite(
  input: SuiteInput,
  options: SessionOptions,
  sessions: readonly SuiteSession[] = SUITE_SESSIONS,
): Promise<ScenarioOutcome[]> {
  // Independent sessions, started together; the client slots (slots.ts) bound how many run at once.
  const outcomes = await settleAll(sessions.map((session) => runSuiteSession(input, session, options)));
  return outcomes.flat();
}

/** Added to a session's deadline per scripted call: a profile with hundreds of denies gets the time it needs. */
const DEADLINE_PER_CALL_MS = 1_000;

/** The deadline of one suite session: the base deadline plus time per scripted call. */
export function sessionDeadline(
  input: Pick<SuiteInput, "intent" | "settings" | "requiredDenies">,
  session: Pick<SuiteSession, "kind">,
  baseMs: number,
): number {
  return baseMs + suiteCalls(input, session).length * DEADLINE_PER_CALL_MS;
}

async function runSuiteSession(
  input: SuiteInput,
  session: SuiteSession,
  options: SessionOptions,
): Promise<ScenarioOutcome[]> {
  const deadline = sessionDeadline(input, session, options.timeoutMs);
  const sink = await startExfiltrationSink();
  const nonce = randomBytes(6).toString("hex");
  let planned: SuiteCall[] = [];
  let secrets: PlantedSecret[] = [];
  try {
    const record = await runSession(
      {
        attemptBypass: false,
        extraArgs: session.extraArgs,
        asRoot: session.kind === "root",
        documents: (baseUrl) => {
          const documents = input.documents(baseUrl);
          return session.approveAll
            ? { ...documents, settingsJson: promptsApprovedCopy(documents.settingsJson) }
            : documents;
        },
        prepare: (paths) => {
          prepareWorkspace(paths, session.kind === "jobs" ? "benign" : "hostile", sink);
          if (session.kind === "sandbox") {
            const script = attackScript(
              planned.filter(inScript).map((call) => ({ id: call.id, command: String(call.input.command) })),
            );
            fs.writeFileSync(path.join(paths.work, ATTACK_SCRIPT), script, { mode: 0o755 });
          }
        },
        turns: (paths) => {
          const context = { home: paths.home, work: paths.work, sinkHttp: sink.httpPort, sinkTcp: sink.tcpPort };
          secrets = plantSecrets(protectedPaths(input.intent), paths, nonce);
          const suite = suiteCalls(input, session).map((call) => ({
            ...call,
            input: materialize(call.input, context),
            untouched: materialize(call.untouched, context),
            ...(call.job ? { job: materialize(call.job, context) } : {}),
          }));
          planned = suite;
          const direct = session.kind === "sandbox" ? suite.filter((call) => !inScript(call)) : suite;
          const calls: ScriptedToolUse[] = [
            ...(session.kind === "sandbox"
              ? [
                  {
                    id: SCRIPT_CALL_ID,
                    name: "Bash",
                    input: { command: `./${ATTACK_SCRIPT}`, description: "verify attack script" },
                  },
                ]
              : []),
            ...direct.map((call) => ({ id: call.id, name: call.tool, input: call.input })),
          ];
          const turns: ScriptedToolUse[][] = [];
          for (let start = 0; start < calls.length; start += CALLS_PER_TURN)
            turns.push(calls.slice(start, start + CALLS_PER_TURN));
          return { turns, files: secretFiles(secrets) };
        },
        watch: () =>
          planned.flatMap((call) => [...call.untouched, ...(call.job?.changed ? [call.job.changed.file] : [])]),
      },
      { ...options, timeoutMs: deadline },
    );
    const stable = (text: string) => stabilize(text, record.paths, sink, secrets);
    const script = record.toolResults.get(SCRIPT_CALL_ID);
    const results =
      session.kind === "sandbox" ? new Map([...record.toolResults, ...scriptResults(script)]) : record.toolResults;
    const evidence = { label: session.label, results, files: record.files, secrets, stable };
    return [
      ...(session.forbiddenModes.length > 0
        ? [judgeMode(session.label, session.forbiddenModes, record.init?.permissionMode)]
        : []),
      session.kind === "sandbox"
        ? judgeScriptRan(session.label, script, stable)
        : judgeAnswered(
            session.label,
            planned,
            record.toolResults,
            record.exitCode,
            session.kind === "mode-probe" && record.init === undefined,
          ),
      ...planned.map((call) => judgeCall(call, evidence)),
      judgeSink(session.label, sink.hits, evidence),
      judgeManagedFile(session.label, record.managed),
    ];
  } finally {
    await sink.close();
  }
}

const SCRIPT_CALL_ID = "toolu_suite_script";

/** In the sandbox session, every Bash attack runs from the script except those asking to leave the sandbox. */
function inScript(call: SuiteCall): boolean {
  return call.tool === "Bash" && call.input.dangerouslyDisableSandbox !== true;
}

/** Each attack's section of the script's output, as if it had been a tool call of its own. */
function scriptResults(script: RecordedToolResult | undefined): Map<string, RecordedToolResult> {
  const sections = script === undefined ? new Map<string, string>() : splitScriptOutput(script.content);
  return new Map(
    [...sections].map(([id, content]) => [id, { toolUseId: id, content: content.trim(), isError: false }]),
  );
}

/** A session proves something only for the calls the client answered (a killed session answers fewer). */
function judgeAnswered(
  label: string,
  planned: readonly PlannedCall[],
  results: ReadonlyMap<string, RecordedToolResult>,
  exitCode: number | null,
  refusedToStart: boolean,
): ScenarioOutcome {
  const answered = planned.filter((call) => results.has(call.id)).length;
  if (refusedToStart) {
    // Refusing to start under a locked mode flag is as good as refusing the mode.
    return {
      name: `[${label}] the client answered every call`,
      source: "adversarial",
      expected: `${planned.length}/${planned.length}`,
      observed: "client refused to start",
      passed: true,
      message: `exit ${exitCode} before any call`,
    };
  }
  return {
    name: `[${label}] the client answered every call`,
    source: "adversarial",
    expected: `${planned.length}/${planned.length}`,
    observed: `${answered}/${planned.length}`,
    passed: answered === planned.length,
    message:
      answered === planned.length
        ? "every scripted call has a tool_result"
        : `the client ended (exit ${exitCode}) before answering every call`,
  };
}

/** The sandbox session proves something only if its script really ran. */
function judgeScriptRan(
  label: string,
  script: RecordedToolResult | undefined,
  stable: (text: string) => string,
): ScenarioOutcome {
  const observed = classifyToolResult(script);
  return {
    name: `[${label}] attack script ran inside the sandbox`,
    source: "adversarial",
    expected: "executed",
    observed,
    passed: observed === "executed",
    message:
      observed === "executed"
        ? `./${ATTACK_SCRIPT} ran every Bash attack`
        : stable(script?.content ?? "(no tool_result)").slice(0, 400),
  };
}

/** A planned call plus what the scripted model sends. */
interface SuiteCall extends PlannedCall {
  readonly tool: string;
  readonly input: Record<string, unknown>;
}

/** The session's calls as templates, ids by position. */
export function suiteCalls(
  input: Pick<SuiteInput, "intent" | "settings" | "requiredDenies">,
  session: Pick<SuiteSession, "kind">,
): SuiteCall[] {
  const id = (index: number) => `toolu_suite_${String(index).padStart(3, "0")}`;
  if (session.kind === "jobs") {
    return jobScenarios(input.intent, input.settings).map((job, index) => ({
      id: id(index),
      name: jobName(job),
      tool: job.tool,
      input: job.input,
      mustBeDenied: false,
      sandboxed: job.tool === "Bash",
      untouched: [],
      job: { output: job.output, changed: job.changed },
    }));
  }
  const attacks: AttackScenario[] = {
    attacks: () => adversarialScenarios(input.intent, input.settings, input.requiredDenies),
    "mode-probe": () => modeProbeScenarios(input.intent),
    sandbox: () => sandboxScenarios(input.intent),
    root: () => rootGuardScenarios(),
  }[session.kind]();
  return attacks.map((attack, index) => ({
    id: id(index),
    name: attackName(attack),
    tool: attack.tool,
    input: attack.input,
    mustBeDenied: attack.mustBeDenied,
    sandboxed: attack.tool === "Bash",
    untouched: attack.untouched,
  }));
}

/**
 * The document a user who approves every prompt would effectively run under: Bash allowed, no ask
 * rules; every deny, the sandbox and all other keys as shipped. What still holds here holds
 * because of denies and the sandbox, not because `-p` cannot prompt.
 */
export function promptsApprovedCopy(settingsJson: string): string {
  const settings = JSON.parse(settingsJson) as Record<string, unknown>;
  const permissions = { ...((settings.permissions as Record<string, unknown> | undefined) ?? {}) };
  permissions.allow = [...(Array.isArray(permissions.allow) ? permissions.allow : []), "Bash"];
  delete permissions.ask;
  return `${JSON.stringify({ ...settings, permissions }, null, 2)}\n`;
}

/** Client text with this session's temp paths, sink ports and secret markers replaced by names. */
function stabilize(
  text: string,
  paths: { home: string; work: string },
  sink: { httpPort: number; tcpPort: number },
  secrets: readonly PlantedSecret[],
): string {
  let out = text.split(paths.home).join("~").split(paths.work).join("<work>");
  out = out
    .split(`:${sink.httpPort}`)
    .join(":<sink-http>")
    .split(`:${sink.tcpPort}`)
    .join(":<sink-tcp>")
    .split(`/${sink.tcpPort}`)
    .join("/<sink-tcp>");
  for (const secret of secrets) out = out.split(secret.marker).join(`<secret of ${secret.protects}>`);
  return out;
}
