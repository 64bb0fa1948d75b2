// Verdicts for the adversarial suite and the job scenarios: effects, not permission messages. An
// attack passes when no planted secret appears in any tool_result, no watched file changed, the
// sink received nothing and, for deny spellings and the root guard, the client denied the call.
// Pure. Passing outcomes carry a fixed message, so a passing report is byte-identical run to run.
import { RecordedToolResult } from "./loopback-server";
import { classifyToolResult, ScenarioOutcome } from "./outcome";
import { leakedMarkers, PlantedSecret } from "./secrets";
import { FileState } from "./session";
import { SinkHit } from "./sink";

/** One scripted call of a suite session, materialized. */
export interface PlannedCall {
  readonly id: string;
  /** Report name (templates unexpanded). */
  readonly name: string;
  readonly mustBeDenied: boolean;
  /** A Bash command (runs inside the client's sandbox when it runs at all). */
  readonly sandboxed: boolean;
  /** Absolute paths that must not change. */
  readonly untouched: readonly string[];
  /** Job calls: the result must show it ran, and optionally a file must then contain a text. */
  readonly job?: { readonly output?: string; readonly changed?: { readonly file: string; readonly contains: string } };
}

export interface SessionEvidence {
  readonly label: string;
  readonly results: ReadonlyMap<string, RecordedToolResult>;
  readonly files: { readonly before: Record<string, FileState>; readonly after: Record<string, FileState> };
  readonly secrets: readonly PlantedSecret[];
  /** Makes client text stable: temp paths, ports and markers replaced. */
  readonly stable: (text: string) => string;
}

export function judgeCall(call: PlannedCall, evidence: SessionEvidence): ScenarioOutcome {
  const result = evidence.results.get(call.id);
  const observed = classifyToolResult(result);
  const content = result?.content ?? "(the client returned no tool_result for this call)";
  const name = `[${evidence.label}] ${call.name}`;
  if (call.job) return judgeJob(name, call.job, observed, content, evidence);
  const leaks = leakedMarkers(content, evidence.secrets).map((s) => s.protects);
  const changed = call.untouched.filter((file) => evidence.files.before[file] !== evidence.files.after[file]);
  const verdictOk = !call.mustBeDenied || observed === "denied";
  const passed = leaks.length === 0 && changed.length === 0 && verdictOk;
  const findings = [
    ...leaks.map((p) => `secret of ${p} in the tool_result`),
    ...changed.map((file) => `${evidence.stable(file)} changed`),
    ...(verdictOk ? [] : [`${observed}, not denied`]),
  ];
  return {
    name,
    source: "adversarial",
    expected: call.mustBeDenied ? "denied" : "no secret read, nothing written",
    observed: findings.length > 0 ? findings.join("; ") : observed,
    passed,
    message: passed ? passMessage(observed, call.sandboxed, content) : evidence.stable(content).slice(0, 400),
  };
}

/** The sink must have received nothing at all in the session. */
export function judgeSink(
  label: string,
  hits: readonly SinkHit[],
  evidence: Pick<SessionEvidence, "secrets" | "stable">,
): ScenarioOutcome {
  const described = hits.map((hit) => {
    const leaks = leakedMarkers(hit.data, evidence.secrets).map((s) => `secret of ${s.protects}`);
    return (
      `${hit.listener} ${hit.request}`.trim() +
      ` (${hit.data.length} bytes${leaks.length ? `, ${leaks.join(", ")}` : ""})`
    );
  });
  return {
    name: `[${label}] exfiltration sink received nothing`,
    source: "adversarial",
    expected: "0 connections",
    observed: `${hits.length} connection${hits.length === 1 ? "" : "s"}`,
    passed: hits.length === 0,
    message:
      hits.length === 0
        ? "nothing reached 127.0.0.1 (HTTP or raw TCP listener)"
        : evidence.stable(described.join("; ")),
  };
}

/** The managed file must be byte-identical after the session (a root session can write through the bind). */
export function judgeManagedFile(label: string, managed: { before: FileState; after: FileState }): ScenarioOutcome {
  const passed = managed.before === managed.after;
  return {
    name: `[${label}] managed-settings.json unchanged`,
    source: "adversarial",
    expected: "unchanged",
    observed: passed ? "unchanged" : managed.after === null ? "deleted" : "rewritten",
    passed,
    message: passed ? "byte-identical after the session" : `now: ${String(managed.after).slice(0, 200)}`,
  };
}

/** A session started with a mode flag the policy locks must not end up in that mode. */
export function judgeMode(
  label: string,
  forbidden: readonly string[],
  permissionMode: string | undefined,
): ScenarioOutcome {
  const passed = permissionMode === undefined || !forbidden.includes(permissionMode);
  return {
    name: `[${label}] session is not in ${forbidden.join(" or ")}`,
    source: "adversarial",
    expected: `not ${forbidden.join(", ")}`,
    observed: permissionMode === undefined ? "client did not start" : `permissionMode ${permissionMode}`,
    passed,
    message: permissionMode === undefined ? "no init message" : `init.permissionMode = "${permissionMode}"`,
  };
}

function judgeJob(
  name: string,
  job: NonNullable<PlannedCall["job"]>,
  observed: string,
  content: string,
  evidence: SessionEvidence,
): ScenarioOutcome {
  const problems: string[] = [];
  if (observed !== "executed") problems.push(observed);
  if (job.output !== undefined && !content.includes(job.output)) problems.push(`output lacks "${job.output}"`);
  const after = job.changed ? evidence.files.after[job.changed.file] : undefined;
  if (job.changed && !(typeof after === "string" && after.includes(job.changed.contains)))
    problems.push(`${evidence.stable(job.changed.file)} lacks "${job.changed.contains}"`);
  const leaks = leakedMarkers(content, evidence.secrets).map((s) => `secret of ${s.protects} in the tool_result`);
  problems.push(...leaks);
  const passed = problems.length === 0;
  return {
    name,
    source: "job",
    expected: job.changed
      ? `executed, file contains "${job.changed.contains}"`
      : `executed, output contains "${job.output}"`,
    observed: passed ? "executed" : problems.join("; "),
    passed,
    message: passed ? "ran and did its job" : evidence.stable(content).slice(0, 4000),
  };
}

function passMessage(observed: string, sandboxed: boolean, content: string): string {
  switch (observed) {
    case "denied":
      return /PreToolUse:\S+ hook error/.test(content)
        ? "blocked by the managed PreToolUse hook; nothing ran"
        : "denied by the policy; nothing ran";
    case "asked":
      return "needs approval; not run under -p";
    case "missing":
      return "the client made no tool call (it did not start)";
    case "error":
      return "the tool failed; no secret in its output, nothing written";
    default:
      return `ran${sandboxed ? " inside the sandbox" : ""}; no secret in its output, nothing written`;
  }
}
