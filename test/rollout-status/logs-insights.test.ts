// Live mode against a stubbed CloudWatch Logs client: the query it starts, the polling, and the
// mapping of Logs Insights rows (the collector's JSON records) to the records the file parser gives.
import {
  GetQueryResultsCommand,
  GetQueryResultsCommandOutput,
  StartQueryCommand,
  StartQueryCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import * as assert from "assert";
import { RolloutStatusInputError } from "../../cli/rollout-status/input-error";
import {
  DEVICE_QUERY,
  LiveQuery,
  LogsSend,
  MAX_ROWS,
  queryPolicyRecords,
} from "../../cli/rollout-status/logs-insights";
import { parseOtlpExports } from "../../cli/rollout-status/otlp-export";
import { cloudWatchRow, DeviceReport, fleetExport } from "./fleet-fixture";
import { BACKEND_ROLE, NEW_POSIX, PILOT_ROLE } from "./fleet";

const LOG_GROUP = "/claude-code-rollout/prod/audit";
const DEVICES: DeviceReport[] = [
  {
    oid: "user-1",
    profile: "developer",
    roles: [PILOT_ROLE, BACKEND_ROLE],
    resolvedSha256: NEW_POSIX,
    at: "2026-11-29T08:00:00.250Z",
  },
  {
    oid: "user-2",
    run: "policy-helper-failed",
    profile: "developer",
    roles: [PILOT_ROLE],
    at: "2026-11-30T10:11:12.000Z",
  },
];

function stub(answers: GetQueryResultsCommandOutput[]): {
  send: LogsSend;
  sent: (StartQueryCommand | GetQueryResultsCommand)[];
} {
  const sent: (StartQueryCommand | GetQueryResultsCommand)[] = [];
  const send: LogsSend = async (command) => {
    sent.push(command);
    if (command instanceof StartQueryCommand)
      return { queryId: "q-1", $metadata: {} } satisfies StartQueryCommandOutput;
    const answer = answers.shift();
    if (!answer) throw new Error("polled after the last answer");
    return answer;
  };
  return { send, sent };
}

function query(clock = { t: 0 }): LiveQuery {
  return {
    logGroupName: LOG_GROUP,
    startMs: Date.parse("2026-11-28T00:00:00Z"),
    endMs: Date.parse("2026-12-02T09:00:00.500Z"),
    deadlineMs: 60_000,
    pollMs: 1000,
    now: () => clock.t,
    sleep: async (ms) => {
      clock.t += ms;
    },
  };
}

describe("rollout-status: live mode (Logs Insights, stubbed client)", () => {
  const fileRecords = parseOtlpExports(fleetExport(DEVICES), "fleet.json");
  const rows = fileRecords.map(cloudWatchRow);

  it("starts one query over the window on the audit log group, polls until complete, maps rows to the file parser's records", async () => {
    const { send, sent } = stub([
      { status: "Scheduled", $metadata: {} },
      { status: "Running", $metadata: {} },
      { status: "Complete", results: rows, $metadata: {} },
    ]);
    const records = await queryPolicyRecords(send, query());
    assert.strictEqual(sent.length, 4);
    const start = sent[0] as StartQueryCommand;
    assert.deepStrictEqual(start.input, {
      logGroupName: LOG_GROUP,
      startTime: Date.parse("2026-11-28T00:00:00Z") / 1000,
      endTime: Math.ceil(Date.parse("2026-12-02T09:00:00.500Z") / 1000),
      queryString: DEVICE_QUERY,
      limit: MAX_ROWS,
    });
    assert.deepStrictEqual(
      sent.slice(1).map((c) => (c as GetQueryResultsCommand).input),
      [{ queryId: "q-1" }, { queryId: "q-1" }, { queryId: "q-1" }],
    );
    assert.deepStrictEqual(
      records.map((r) => ({ ...r, attributes: { ...r.attributes }, resource: { ...r.resource } })),
      fileRecords.map((r) => ({ ...r, attributes: { ...r.attributes }, resource: { ...r.resource } })),
    );
  });

  it("the query keeps one row per device: the latest record of each (user, install id)", () => {
    assert.match(DEVICE_QUERY, /^filter body = "claude_code\.managed_settings_resolved"\n/);
    assert.match(
      DEVICE_QUERY,
      /concat\(`attributes\.user\.id`, " ", coalesce\(`attributes\.claude_code_rollout\.install_id`, ""\)\) as device/,
    );
    assert.match(DEVICE_QUERY, /stats latest\(@message\) as message, latest\(@timestamp\) as last_seen by device/);
  });

  it("fails with the query id when the query fails or outlives the deadline", async () => {
    const failed = stub([{ status: "Failed", $metadata: {} }]);
    await assert.rejects(
      queryPolicyRecords(failed.send, query()),
      (e: Error) =>
        e instanceof RolloutStatusInputError &&
        /q-1 on \/claude-code-rollout\/prod\/audit ended Failed/.test(e.message),
    );
    const slow = stub(Array.from({ length: 100 }, () => ({ status: "Running" as const, $metadata: {} })));
    await assert.rejects(queryPolicyRecords(slow.send, query()), /did not complete within 60 s/);
    assert.strictEqual(slow.sent.length, 1 + 61);
  });

  it("refuses a cut-off answer and a row that is no collector record", async () => {
    const full = Array.from({ length: MAX_ROWS }, () => rows[0]);
    await assert.rejects(
      queryPolicyRecords(stub([{ status: "Complete", results: full, $metadata: {} }]).send, query()),
      /10000-row limit/,
    );
    const junk = [[{ field: "message", value: "not json" }]];
    await assert.rejects(
      queryPolicyRecords(stub([{ status: "Complete", results: junk, $metadata: {} }]).send, query()),
      /query row 1 holds no JSON record/,
    );
  });
});
