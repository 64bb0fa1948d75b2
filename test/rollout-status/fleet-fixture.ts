// Fleet exports for rollout-status tests, made from what the pinned client really sent
// (test/fixtures/otlp, captured by capture.ts): each device report clones a captured
// managed_settings_resolved record and varies only the hash, the time, the device and its token's
// roles and profile — after applying what the collector stamps (components/plan/audit/collector-config.ts):
// the resource's profile and groups attribute replaced by the verified profile and token roles, the client's user.id kept as the
// install id and replaced by the verified object id. The client's own copies of OTEL_RESOURCE_ATTRIBUTES
// on the log record stay as it sent them, as the collector leaves them.
import { ResultField } from "@aws-sdk/client-cloudwatch-logs";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CLIENT_IDENTITY_KEYS,
  GROUPS_ATTRIBUTE,
  IDENTITY_ATTRIBUTES,
  IDENTITY_SOURCE,
  INSTALL_ID_ATTRIBUTE,
  PROFILE_ATTRIBUTE,
  RESOLVED_SHA256_ATTRIBUTE,
} from "../../components/plan/audit/names";
import { StoredRecord } from "../../cli/rollout-status/policy-event";

const FIXTURES = path.join(__dirname, "..", "fixtures", "otlp");

/** Captured client runs: a normal start, a failing policyHelper, requiredMinimumVersion above the client. */
export type CapturedRun = "startup" | "policy-helper-failed" | "policy-helper-continue" | "minimum-version-refused";

export interface DeviceReport {
  readonly run?: CapturedRun;
  /** Verified Entra object id of the user. */
  readonly oid: string;
  /** The client's anonymous install id; omitted = the captured client's own; null = the collector kept none. */
  readonly installId?: string | null;
  /** Server-stamped profile; omitted = none on the resource (the collector drops such records; a defence test). */
  readonly profile?: string;
  /** The token's roles claim (ClaudeCode.Group.<key>, ClaudeCode.Automation, …); a string is sent as one comma-joined value. */
  readonly roles?: readonly string[] | string;
  /** For `startup`: the hash the device resolved. */
  readonly resolvedSha256?: string;
  /** ISO time of the event. */
  readonly at: string;
  /** false: the record as the client sent it, never through the collector (no verified identity). */
  readonly stamped?: false;
  /** What a lying client claims on the log record, as if a collector let it through (never read by rollout-status). */
  readonly forged?: { readonly profile?: string; readonly groups?: string };
}

interface KeyValue {
  key: string;
  value: Record<string, unknown>;
}
interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  body: { stringValue: string };
  attributes: KeyValue[];
}
interface Export {
  resourceLogs: { resource: { attributes: KeyValue[] }; scopeLogs: { scope: unknown; logRecords: LogRecord[] }[] }[];
}

/** The captured export holding the client's managed_settings_resolved record. */
function captured(run: CapturedRun): Export {
  const lines = fs
    .readFileSync(path.join(FIXTURES, `${run}.json`), "utf8")
    .trim()
    .split("\n");
  const found = lines
    .map((line) => JSON.parse(line) as Export)
    .find((e) =>
      e.resourceLogs[0].scopeLogs[0].logRecords.some((r) => r.body.stringValue.endsWith("managed_settings_resolved")),
    );
  if (!found) throw new Error(`${run}.json holds no managed_settings_resolved record`);
  return found;
}

/** One export (as one client request, after the collector) per report, as JSON lines. */
export function fleetExport(reports: readonly DeviceReport[]): string {
  return reports.map((report) => `${JSON.stringify(deviceExport(report))}\n`).join("");
}

export function deviceExport(report: DeviceReport): Export {
  const source = captured(report.run ?? "startup");
  const resourceLogs = source.resourceLogs[0];
  const scopeLogs = resourceLogs.scopeLogs[0];
  const record = structuredClone(
    scopeLogs.logRecords.find((r) => r.body.stringValue.endsWith("managed_settings_resolved"))!,
  );
  const nanos = `${BigInt(Date.parse(report.at)) * 1_000_000n}`;
  record.timeUnixNano = nanos;
  record.observedTimeUnixNano = nanos;
  const clientUserId = text(record.attributes, IDENTITY_ATTRIBUTES.userId);
  const stamped = report.stamped !== false;
  // The collector drops the client's identity and its record-level copies of the keys it stamps.
  const dropped: readonly string[] = [
    ...CLIENT_IDENTITY_KEYS,
    PROFILE_ATTRIBUTE,
    GROUPS_ATTRIBUTE,
    INSTALL_ID_ATTRIBUTE,
  ];
  let attributes = stamped ? record.attributes.filter((a) => !dropped.includes(a.key)) : record.attributes;
  attributes = set(attributes, "event.timestamp", { stringValue: new Date(report.at).toISOString() });
  if (report.resolvedSha256 !== undefined)
    attributes = set(attributes, RESOLVED_SHA256_ATTRIBUTE, { stringValue: report.resolvedSha256 });
  if (report.forged?.profile !== undefined)
    attributes = set(attributes, PROFILE_ATTRIBUTE, { stringValue: report.forged.profile });
  if (report.forged?.groups !== undefined)
    attributes = set(attributes, GROUPS_ATTRIBUTE, { stringValue: report.forged.groups });
  // The collector: user.id becomes the verified user; the client's own id is kept as the install id.
  const installId = report.installId === undefined ? clientUserId : report.installId;
  if (stamped) {
    attributes.push({ key: IDENTITY_ATTRIBUTES.userId, value: { stringValue: report.oid } });
    attributes.push({ key: IDENTITY_ATTRIBUTES.endUserId, value: { stringValue: report.oid } });
    attributes.push({ key: IDENTITY_ATTRIBUTES.source, value: { stringValue: IDENTITY_SOURCE } });
    if (installId !== null && installId !== undefined)
      attributes.push({ key: INSTALL_ID_ATTRIBUTE, value: { stringValue: installId } });
  }
  record.attributes = attributes;
  if (!stamped)
    return { resourceLogs: [{ ...resourceLogs, scopeLogs: [{ scope: scopeLogs.scope, logRecords: [record] }] }] };

  let resource = resourceLogs.resource.attributes.filter(
    (a) => a.key !== PROFILE_ATTRIBUTE && a.key !== GROUPS_ATTRIBUTE,
  );
  if (report.profile !== undefined) resource = set(resource, PROFILE_ATTRIBUTE, { stringValue: report.profile });
  if (report.roles !== undefined)
    resource = set(
      resource,
      GROUPS_ATTRIBUTE,
      typeof report.roles === "string"
        ? { stringValue: report.roles }
        : { arrayValue: { values: report.roles.map((role) => ({ stringValue: role })) } },
    );
  return {
    resourceLogs: [
      { resource: { attributes: resource }, scopeLogs: [{ scope: scopeLogs.scope, logRecords: [record] }] },
    ],
  };
}

function set(attributes: KeyValue[], key: string, value: Record<string, unknown>): KeyValue[] {
  return [...attributes.filter((a) => a.key !== key), { key, value }];
}

function text(attributes: readonly KeyValue[], key: string): string | undefined {
  const value = attributes.find((a) => a.key === key)?.value.stringValue;
  return typeof value === "string" ? value : undefined;
}

/** What the awscloudwatchlogs exporter writes for a record: body, attributes and resource as plain JSON. */
export function cloudWatchRow(record: StoredRecord): ResultField[] {
  const message = JSON.stringify({
    body: record.body,
    attributes: { ...record.attributes },
    resource: { ...record.resource },
    scope: { name: "com.anthropic.claude_code.events", version: "2.1.329" },
  });
  const lastSeen = new Date(record.timeMs!).toISOString().replace("T", " ").replace("Z", "");
  return [
    // The query's device key: user.id and the install id, joined by a space.
    {
      field: "device",
      value: `${String(record.attributes["user.id"])} ${String(record.attributes["claude_code_rollout.install_id"] ?? "")}`,
    },
    { field: "message", value: message },
    { field: "last_seen", value: lastSeen },
  ];
}
