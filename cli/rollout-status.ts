// `npm run rollout-status -- <stack> [--events FILE] [--json] [--now ISO]`
// Fleet conformance from the client's own evidence: per ring and profile, the devices on the ring's
// release, on an older pinned release, on an unknown hash, refused, and the assigned groups nobody
// reports from; machine clients apart; then promote or hold per ring. Exit 0 when every verdict is
// computed (hold is an answer, not an error), 2 on bad usage, 1 on unusable input.
import { CloudWatchLogsClient, StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import * as fs from "node:fs";
import { ConfigError } from "../components/config";
import { telemetryNames } from "../components/plan/audit/names";
import { RolloutPlan } from "../components/plan";
import { rolloutStatusArgs, USAGE } from "./rollout-status/args";
import { FleetInput } from "./rollout-status/fleet-input";
import { RolloutStatusInputError, RolloutStatusUsageError } from "./rollout-status/input-error";
import { LogsSend, queryPolicyRecords } from "./rollout-status/logs-insights";
import { parseOtlpExports } from "./rollout-status/otlp-export";
import { fleetInputOf } from "./rollout-status/plan-input";
import { PolicyEvent, policyEventOf, StoredRecord } from "./rollout-status/policy-event";
import { renderJson, renderMarkdown } from "./rollout-status/render";
import { buildFleetReport } from "./rollout-status/report";
import { planStack } from "./synth/run";
import { readStack, StackFile } from "./stack";

const DAY_MS = 86_400_000;
/** Generous: Logs Insights over a few weeks of one log group takes seconds to a minute. */
const QUERY_DEADLINE_MS = 5 * 60_000;

export async function rolloutStatus(argv: readonly string[], connect = cloudWatchLogs): Promise<string> {
  const args = rolloutStatusArgs(argv, () => new Date());
  const { plan, stackName, region } = loadPlan(args.stack);
  const input = fleetInputOf(plan.config, plan.rollout, plan.rings);
  const records = args.events
    ? parseOtlpExports(readEvents(args.events), args.events)
    : await liveRecords(plan, stackName, region, input, args.now, connect);
  const events: PolicyEvent[] = [];
  const skipped: string[] = [];
  for (const record of records) {
    const outcome = policyEventOf(record);
    if (outcome && "event" in outcome) events.push(outcome.event);
    else if (outcome) skipped.push(outcome.skipped);
  }
  const report = buildFleetReport(input, events, skipped, { now: args.now });
  return args.json ? renderJson(report) : renderMarkdown(report);
}

function loadPlan(name: string): { plan: RolloutPlan; stackName: string; region: string | undefined } {
  let stack: StackFile;
  try {
    stack = readStack(name);
  } catch (error) {
    // readStack throws only for the file: missing, misnamed or not YAML.
    throw new RolloutStatusInputError(error instanceof Error ? error.message : String(error));
  }
  try {
    return { plan: planStack(stack), stackName: stack.stack, region: stack.allConfig["aws:region"] };
  } catch (error) {
    if (error instanceof ConfigError) throw new RolloutStatusInputError(error.message);
    throw error;
  }
}

/**
 * Largest events file read (bytes): parsing takes about five times its size in memory, and a
 * string holds at most 512 MiB. Live mode needs no export at all.
 */
export const MAX_EVENTS_BYTES = 256 * 1024 * 1024;

function readEvents(file: string): string {
  try {
    // A FIFO, a device or a directory would block or never end: only a regular file is read.
    const stat = fs.statSync(file);
    if (!stat.isFile())
      throw new RolloutStatusInputError(
        `--events ${file}: not a regular file (a directory, pipe or device) — pass an OTLP/JSON logs export saved to a file`,
      );
    if (stat.size > MAX_EVENTS_BYTES)
      throw new RolloutStatusInputError(
        `--events ${file}: ${stat.size} bytes, more than the ${MAX_EVENTS_BYTES} rollout-status reads — export only the managed_settings_resolved records over the longest soak plus one day, or run without --events to query the audit log group`,
      );
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof RolloutStatusInputError) throw error;
    throw new RolloutStatusInputError(
      `--events ${file}: ${error instanceof Error ? error.message : String(error)} — pass an OTLP/JSON logs export`,
    );
  }
}

/** A CloudWatch Logs connection for a region: tests pass a stub, the command the SDK client. */
export type LogsConnector = (region: string) => { readonly send: LogsSend; close(): void };

const cloudWatchLogs: LogsConnector = (region) => {
  const client = new CloudWatchLogsClient({ region });
  return {
    send: (command) => (command instanceof StartQueryCommand ? client.send(command) : client.send(command)),
    close: () => client.destroy(),
  };
};

async function liveRecords(
  plan: RolloutPlan,
  stackName: string,
  region: string | undefined,
  input: FleetInput,
  now: Date,
  connect: LogsConnector,
): Promise<StoredRecord[]> {
  if (!plan.telemetry)
    throw new RolloutStatusInputError(
      `stack ${stackName} configures no telemetry, so there is no audit log group to read — configure telemetry, or pass --events FILE`,
    );
  if (!region) throw new RolloutStatusInputError(`stack ${stackName} sets no aws:region — set it in the stack file`);
  const longestSoak = Math.max(0, ...input.rings.map((ring) => ring.soakDays));
  const logGroupName = telemetryNames(plan.config.environment).auditLogGroup;
  const logs = connect(region);
  try {
    return await queryPolicyRecords(logs.send, {
      logGroupName,
      startMs: now.getTime() - (longestSoak + 1) * DAY_MS,
      endMs: now.getTime(),
      deadlineMs: QUERY_DEADLINE_MS,
      pollMs: 2000,
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
  } catch (error) {
    if (error instanceof RolloutStatusInputError || !(error instanceof Error)) throw error;
    // The SDK's own errors (no credentials, access denied, no such log group) are the caller's to fix.
    throw new RolloutStatusInputError(
      `CloudWatch Logs (${region}, ${logGroupName}): ${error.name}: ${error.message} — use AWS credentials allowed logs:StartQuery and logs:GetQueryResults on the log group and kms:Decrypt on its key, or pass --events FILE`,
    );
  } finally {
    logs.close();
  }
}

/** The command's outcome: what to print where, and the exit code. */
export interface CommandResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runRolloutStatus(argv: readonly string[], connect = cloudWatchLogs): Promise<CommandResult> {
  try {
    return { exitCode: 0, stdout: await rolloutStatus(argv, connect), stderr: "" };
  } catch (error) {
    if (error instanceof RolloutStatusUsageError)
      return { exitCode: 2, stdout: "", stderr: `rollout-status: ${error.message}\n${USAGE}\n` };
    if (error instanceof RolloutStatusInputError)
      return { exitCode: 1, stdout: "", stderr: `rollout-status: ${error.message}\n` };
    throw error;
  }
}

if (require.main === module) {
  void runRolloutStatus(process.argv.slice(2)).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  });
}
