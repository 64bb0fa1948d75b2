// verifyProfile: prove one compiled profile against the real client. Independent of the compiler:
// it takes the document bytes and scenarios, nothing else.
import { runSuite, SuiteSession } from "./adversarial";
import { intentOf } from "./intent";
import { judge, ScenarioOutcome } from "./outcome";
import { resolvedSha256 } from "../../components/settings";
import { NamespaceMode } from "./sandbox";
import { derivedScenarios, innermostPaths, Scenario, stackScenarios, ToolScenario, VerifyScenario } from "./scenarios";
import { DEFAULT_CLIENT, runSession, SessionRecord } from "./session";
import { settleAll } from "./slots";
import { pinsProviderOrTelemetry, unexpectedDifferences, verificationCopy } from "./verification-copy";

export interface ProfileInput {
  readonly name: string;
  /** The exact managed-settings.json bytes that ship. */
  readonly settingsJson: string;
  /** The exact managed-mcp.json bytes, when the profile has one. */
  readonly mcpJson?: string;
  readonly scenarios: readonly VerifyScenario[];
  /** Deny rules the organisation requires (policy config); probed even when the document lacks them. */
  readonly requiredDenies?: readonly string[];
  /** `CompiledProfile.intent`; when absent or malformed, the intent is read back from the document. */
  readonly intent?: unknown;
}

export interface VerifyOptions {
  readonly mode: NamespaceMode;
  readonly clientVersion: string;
  readonly client?: string;
  /** Tool calls per model turn; default: all in one turn (measured fastest, see README). */
  readonly toolsPerTurn?: number;
  /** Per client session (default 120 s: generous, a session normally takes a few seconds). */
  readonly timeoutMs?: number;
  /** Run the adversarial suite and the job scenarios (default true). */
  readonly adversarial?: boolean;
  /** Which suite sessions to run (default: all of SUITE_SESSIONS). */
  readonly suiteSessions?: readonly SuiteSession[];
}

export interface ResolvedHash {
  /** sha256 the compiled document resolves to, by the client's function (resolvedSha256 in components/settings/render.ts). */
  readonly expected: string;
  /** What the client reported for the exact document, when its telemetry could reach loopback. */
  readonly observedExact?: string;
  /** What the client reported for the verification copy, and the copy's computed value. */
  readonly observedCopy?: string;
  readonly expectedCopy?: string;
}

export interface ProfileResult {
  readonly profile: string;
  readonly clientVersion: string;
  readonly passed: boolean;
  readonly outcomes: ScenarioOutcome[];
  /** Derived probes that could not be made, and why. */
  readonly skipped: string[];
  readonly resolved: ResolvedHash;
  /** Present when the scenarios ran against a verification copy: the keys it replaced. */
  readonly copySubstitutions?: string[];
  /** With a copy: how the client ended when started on the exact document (no model reachable). */
  readonly exactStartup?: { exitCode: number | null; message: string };
  /** Wall time of the scenario session (one client start). */
  readonly sessionSeconds: number;
}

/** Deadline of one client session; generous on purpose (a shared 2-core machine can be slow). */
export const DEFAULT_SESSION_TIMEOUT_MS = 120_000;
const EVENT = "claude_code.managed_settings_resolved";
const HASH_ATTRIBUTE = "managed_settings.resolved_sha256";

export async function verifyProfile(input: ProfileInput, options: VerifyOptions): Promise<ProfileResult> {
  const settings = parseDocument(input);
  const sessionOptions = {
    client: options.client ?? DEFAULT_CLIENT,
    mode: options.mode,
    timeoutMs: options.timeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
  };
  const useCopy = pinsProviderOrTelemetry(settings);
  let copy: { substitutions: string[]; expected: string } | undefined;
  let planned: { scenarios: Scenario[]; skipped: string[] } = { scenarios: [], skipped: [] };

  const documents = (baseUrl: string) => installedDocuments(input, settings, useCopy, baseUrl).documents;
  // The scenario session, the exact-bytes start and the suite are independent: all start together,
  // the client slots (slots.ts) bound how many run at once.
  const conformance = runSession(
    {
      attemptBypass: true,
      documents: (baseUrl) => {
        const installed = installedDocuments(input, settings, useCopy, baseUrl);
        copy = installed.copy;
        return installed.documents;
      },
      turns: (paths) => {
        const derived = derivedScenarios(withRequiredDenies(settings, input.requiredDenies ?? []), paths);
        planned = {
          scenarios: [...stackScenarios(input.scenarios, paths), ...derived.scenarios],
          skipped: derived.skipped,
        };
        return scriptTurns(planned.scenarios, options.toolsPerTurn);
      },
    },
    sessionOptions,
  );
  const exactStartup = useCopy ? runSession(exactStartupPlan(input), sessionOptions) : conformance;
  const suiteOutcomes =
    options.adversarial === false
      ? Promise.resolve([])
      : runSuite(
          { documents, settings, intent: intentOf(input, settings), requiredDenies: input.requiredDenies ?? [] },
          sessionOptions,
          options.suiteSessions,
        );
  const [record, exact, suite] = await settleAll([conformance, exactStartup, suiteOutcomes] as const);
  const substitutions = copy?.substitutions;
  const resolved: ResolvedHash = {
    expected: resolvedSha256(settings),
    observedExact: reportedHash(exact),
    ...(useCopy ? { observedCopy: reportedHash(record), expectedCopy: copy?.expected } : {}),
  };
  const outcomes = [...judgeAll(planned.scenarios, record), ...hashOutcomes(resolved, useCopy), ...suite];
  return {
    profile: input.name,
    clientVersion: options.clientVersion,
    passed: outcomes.every((outcome) => outcome.passed),
    outcomes,
    skipped: planned.skipped,
    resolved,
    ...(useCopy
      ? { copySubstitutions: substitutions, exactStartup: { exitCode: exact.exitCode, message: firstWords(exact) } }
      : {}),
    sessionSeconds: record.seconds,
  };
}

/** Tool-use id of the i-th scenario; stable, so results map back without relying on order. */
export function toolUseId(index: number): string {
  return `toolu_verify_${String(index).padStart(3, "0")}`;
}

/** Groups the tool scenarios into model turns; also collects the files they need. */
export function scriptTurns(scenarios: readonly Scenario[], toolsPerTurn = Number.POSITIVE_INFINITY) {
  const calls = scenarios.flatMap((scenario, index) =>
    scenario.kind === "tool" ? [{ id: toolUseId(index), name: scenario.tool, input: scenario.input }] : [],
  );
  const turns = [];
  for (let start = 0; start < calls.length; start += Math.max(1, Math.min(toolsPerTurn, calls.length))) {
    turns.push(calls.slice(start, start + Math.max(1, Math.min(toolsPerTurn, calls.length))));
  }
  const wanted: Record<string, string> = Object.assign(
    {},
    ...scenarios.map((s) => (s.kind === "tool" ? (s as ToolScenario).files : {})),
  );
  // `Read(~/.aws)` and `Read(~/.aws/**)` probe ~/.aws and a file in it: the folder wins.
  const files = Object.fromEntries(innermostPaths(Object.keys(wanted)).map((file) => [file, wanted[file]]));
  return { turns, files };
}

/** Verdicts, with the session's temp paths written as `~` and `<work>` so reports are stable. */
function judgeAll(scenarios: readonly Scenario[], record: SessionRecord): ScenarioOutcome[] {
  const stable = (text: string) => text.split(record.paths.home).join("~").split(record.paths.work).join("<work>");
  return scenarios.map((scenario, index) => {
    const outcome = judge(scenario, record.toolResults, toolUseId(index), record.init);
    return { ...outcome, message: stable(outcome.message) };
  });
}

function hashOutcomes(resolved: ResolvedHash, useCopy: boolean): ScenarioOutcome[] {
  const outcome = (name: string, expected: string, observed: string | undefined): ScenarioOutcome => ({
    name,
    source: "derived",
    expected,
    observed: observed ?? "no managed_settings_resolved event",
    passed: observed === expected,
    message: observed
      ? `${HASH_ATTRIBUTE} = ${observed}`
      : "the client sent no managed_settings_resolved event with a hash to loopback",
  });
  if (!useCopy)
    return [
      outcome("client resolved the document in full (resolved_sha256)", resolved.expected, resolved.observedExact),
    ];
  // The copy pins this session's loopback port, so its hash changes run to run: the report states equality, not the value.
  const copyEqual = resolved.observedCopy !== undefined && resolved.observedCopy === resolved.expectedCopy;
  const outcomes: ScenarioOutcome[] = [
    {
      name: "client resolved the verification copy in full (resolved_sha256)",
      source: "derived",
      expected: "the copy's computed value",
      observed: copyEqual ? "equal" : (resolved.observedCopy ?? "no managed_settings_resolved event"),
      passed: copyEqual,
      message: copyEqual ? `${HASH_ATTRIBUTE} reported = computed` : `computed ${resolved.expectedCopy}`,
    },
  ];
  // The exact document's event reaches loopback only when its own telemetry is not pinned elsewhere.
  if (resolved.observedExact)
    outcomes.push(
      outcome(
        "client resolved the exact document in full (resolved_sha256)",
        resolved.expected,
        resolved.observedExact,
      ),
    );
  return outcomes;
}

/** The documents a session installs: the shipped bytes, or (pinned provider or telemetry) this session's copy. */
function installedDocuments(
  input: ProfileInput,
  settings: Record<string, unknown>,
  useCopy: boolean,
  baseUrl: string,
): { documents: { settingsJson: string; mcpJson?: string }; copy?: { substitutions: string[]; expected: string } } {
  if (!useCopy) return { documents: { settingsJson: input.settingsJson, mcpJson: input.mcpJson } };
  const copy = verificationCopy(settings, baseUrl);
  const drift = unexpectedDifferences(settings, copy.settings);
  if (drift.length > 0)
    throw new Error(
      `verification copy of ${input.name} changed more than provider/telemetry keys: ${drift.join(", ")}`,
    );
  return {
    documents: { settingsJson: copy.json, mcpJson: input.mcpJson },
    copy: { substitutions: copy.substitutions, expected: resolvedSha256(copy.settings) },
  };
}

function exactStartupPlan(input: ProfileInput) {
  return {
    attemptBypass: false,
    documents: () => ({ settingsJson: input.settingsJson, mcpJson: input.mcpJson }),
    turns: () => ({ turns: [], files: {} }),
  };
}

function reportedHash(record: SessionRecord): string | undefined {
  const event = record.logRecords.find(
    (log) => log.body === EVENT && typeof log.attributes[HASH_ATTRIBUTE] === "string",
  );
  return event?.attributes[HASH_ATTRIBUTE] as string | undefined;
}

function firstWords(record: SessionRecord): string {
  const text = record.stderr || record.resultText || "(no output)";
  return [
    ...new Set(
      text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ]
    .slice(0, 3)
    .join(" / ")
    .slice(0, 400);
}

function parseDocument(input: ProfileInput): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.settingsJson);
  } catch (error) {
    throw new Error(
      `profile ${input.name}: managed-settings.json is not valid JSON (${(error as Error).message}); recompile the profile.`,
      { cause: error },
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(
      `profile ${input.name}: managed-settings.json must be a JSON object; the client refuses anything else.`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** The document as far as probing goes: its own denies plus the required ones it may have lost. */
function withRequiredDenies(settings: Record<string, unknown>, required: readonly string[]): Record<string, unknown> {
  const permissions = (settings.permissions ?? {}) as { deny?: unknown[] };
  const deny = [...new Set([...(permissions.deny ?? []), ...required])];
  return { ...settings, permissions: { ...permissions, deny } };
}
