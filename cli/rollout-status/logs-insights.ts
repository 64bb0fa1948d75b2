// Live mode: the latest policy event of every device in the audit log group, through CloudWatch Logs
// Insights (StartQuery, then GetQueryResults until complete or the deadline). Logs Insights keeps one
// row per device (stats latest … by device), so a fleet of any size reads in one result page; each
// row's @message is the collector's JSON record, mapped to the same record the file parser gives.
import {
  GetQueryResultsCommand,
  GetQueryResultsCommandOutput,
  ResultField,
  StartQueryCommand,
  StartQueryCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { isRecord } from "../../components/config/json";
import { IDENTITY_ATTRIBUTES, INSTALL_ID_ATTRIBUTE } from "../../components/plan/audit/names";
import { POLICY_EVENT } from "../../components/plan/audit/policy-status";
import { RolloutStatusInputError } from "./input-error";
import { StoredRecord } from "./policy-event";

/** The one SDK call rollout-status makes, injected so tests stub it (CloudWatchLogsClient.send in production). */
export type LogsSend = (
  command: StartQueryCommand | GetQueryResultsCommand,
) => Promise<StartQueryCommandOutput | GetQueryResultsCommandOutput>;

export interface LiveQuery {
  readonly logGroupName: string;
  /** The window, ms since the epoch. */
  readonly startMs: number;
  readonly endMs: number;
  /** Give up after this long (ms): a deadline against a stuck query, not a speed requirement. */
  readonly deadlineMs: number;
  readonly pollMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Logs Insights returns at most this many rows; reaching it means the answer was cut off. */
export const MAX_ROWS = 10_000;

/** One row per device: the latest record's JSON and when it was written. */
export const DEVICE_QUERY = [
  `filter body = "${POLICY_EVENT}"`,
  `| fields concat(\`attributes.${IDENTITY_ATTRIBUTES.userId}\`, " ", coalesce(\`attributes.${INSTALL_ID_ATTRIBUTE}\`, "")) as device`,
  "| stats latest(@message) as message, latest(@timestamp) as last_seen by device",
  `| limit ${MAX_ROWS}`,
].join("\n");

export async function queryPolicyRecords(send: LogsSend, query: LiveQuery): Promise<StoredRecord[]> {
  const started = query.now();
  const start = (await send(
    new StartQueryCommand({
      logGroupName: query.logGroupName,
      startTime: Math.floor(query.startMs / 1000),
      endTime: Math.ceil(query.endMs / 1000),
      queryString: DEVICE_QUERY,
      limit: MAX_ROWS,
    }),
  )) as StartQueryCommandOutput;
  if (!start.queryId) throw new RolloutStatusInputError(`Logs Insights started no query on ${query.logGroupName}`);
  for (;;) {
    const result = (await send(new GetQueryResultsCommand({ queryId: start.queryId }))) as GetQueryResultsCommandOutput;
    if (result.status === "Complete") return rowsToRecords(result.results ?? [], query.logGroupName);
    if (result.status !== "Scheduled" && result.status !== "Running")
      throw new RolloutStatusInputError(
        `Logs Insights query ${start.queryId} on ${query.logGroupName} ended ${result.status ?? "without a status"} — run it again, or read an export with --events FILE`,
      );
    if (query.now() - started >= query.deadlineMs)
      throw new RolloutStatusInputError(
        `Logs Insights query ${start.queryId} on ${query.logGroupName} did not complete within ${Math.round(query.deadlineMs / 1000)} s — run it again`,
      );
    await query.sleep(query.pollMs);
  }
}

/** Query rows → stored records (each row's `message` is one awscloudwatchlogs exporter record). */
export function rowsToRecords(rows: readonly (readonly ResultField[])[], logGroupName: string): StoredRecord[] {
  if (rows.length >= MAX_ROWS)
    throw new RolloutStatusInputError(
      `${logGroupName}: ${rows.length} devices reached Logs Insights' ${MAX_ROWS}-row limit, so the answer is cut off — export the events and pass --events FILE`,
    );
  return rows.map((row, index) => {
    const fields = new Map(row.map((field) => [field.field ?? "", field.value ?? ""]));
    let message: unknown;
    try {
      message = JSON.parse(fields.get("message") ?? "");
    } catch {
      message = undefined;
    }
    if (!isRecord(message))
      throw new RolloutStatusInputError(
        `${logGroupName}: query row ${index + 1} holds no JSON record in "message" — is the log group the collector's audit log group?`,
      );
    const lastSeen = Date.parse(`${(fields.get("last_seen") ?? "").replace(" ", "T")}Z`);
    return {
      body: message.body,
      attributes: plainMap(message.attributes),
      resource: plainMap(message.resource),
      timeMs: Number.isFinite(lastSeen) ? lastSeen : undefined,
    };
  });
}

function plainMap(value: unknown): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, isRecord(value) ? value : {});
}
