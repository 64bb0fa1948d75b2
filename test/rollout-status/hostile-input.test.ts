// Hostile events files: what an export can hold that no collector writes (values nested thousands
// deep, integers that are not numbers, timestamps that are no time, a FIFO instead of a file) gives
// a correct report or exit 1 naming the file and the fix — never a crash, a hang or a wrong count.
import * as assert from "assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MAX_EVENTS_BYTES, runRolloutStatus } from "../../cli/rollout-status";
import { RolloutStatusInputError } from "../../cli/rollout-status/input-error";
import { parseOtlpExports } from "../../cli/rollout-status/otlp-export";
import { PolicyEventOrSkip, policyEventOf } from "../../cli/rollout-status/policy-event";
import { FleetReport } from "../../cli/rollout-status/report";
import { IDENTITY_ATTRIBUTES, INSTALL_ID_ATTRIBUTE } from "../../components/plan/audit/names";
import { roleOf } from "./fleet";
import { DeviceReport, deviceExport } from "./fleet-fixture";

type Export = ReturnType<typeof deviceExport>;
type LogRecord = Export["resourceLogs"][number]["scopeLogs"][number]["logRecords"][number];

const AT = "2026-12-01T08:00:00Z";
const DEVICE: DeviceReport = {
  oid: "user-1",
  installId: "install-1",
  profile: "developer",
  roles: [roleOf("Dev - Backend")],
  resolvedSha256: "a".repeat(64),
  at: AT,
};

/** One collector-stamped export of DEVICE, its log record changed by `edit`. */
function exportWith(edit: (record: LogRecord) => void, report: DeviceReport = DEVICE): Export {
  const document = deviceExport(report);
  edit(document.resourceLogs[0].scopeLogs[0].logRecords[0]);
  return document;
}

function setAttribute(record: LogRecord, key: string, value: Record<string, unknown>): void {
  record.attributes = [...record.attributes.filter((a) => a.key !== key), { key, value }];
}

function outcomeOf(document: Export | string): PolicyEventOrSkip {
  const text = typeof document === "string" ? document : JSON.stringify(document);
  const outcomes = parseOtlpExports(text, "events.json").map(policyEventOf).filter(Boolean);
  assert.strictEqual(outcomes.length, 1);
  return outcomes[0];
}

function timeOf(document: Export): number | string {
  const outcome = outcomeOf(document);
  return outcome && "event" in outcome ? outcome.event.timeMs : outcome!.skipped;
}

describe("rollout-status: hostile events files", () => {
  it("a value nested 100 000 deep (arrayValue or kvlistValue) is read as absent, not a stack overflow", () => {
    const leaf = '{"stringValue":"x"}';
    const arrays = `${'{"arrayValue":{"values":['.repeat(100_000)}${leaf}${"]}}".repeat(100_000)}`;
    const kvlists = `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(100_000)}${leaf}${"}]}}".repeat(100_000)}`;
    for (const deep of [arrays, kvlists]) {
      const text = JSON.stringify(exportWith((r) => setAttribute(r, "deep", { stringValue: "@" }))).replace(
        '{"stringValue":"@"}',
        deep,
      );
      const [record] = parseOtlpExports(text, "deep.json").filter(
        (r) => r.body === "claude_code.managed_settings_resolved",
      );
      // Eight levels are kept; the ninth and deeper read as absent.
      let value: unknown = record.attributes.deep;
      for (let depth = 0; depth < 9; depth++) {
        assert.ok(value !== undefined, `depth ${depth}`);
        value = Array.isArray(value) ? value[0] : (value as Record<string, unknown>).k;
      }
      assert.strictEqual(value, undefined);
      const outcome = policyEventOf(record);
      assert.ok(outcome && "event" in outcome);
      assert.strictEqual(outcome.event.userId, "user-1");
    }
  });

  it("intValue must be an integer: garbage is absent, so garbage user ids never merge into one device", () => {
    const withUser = (value: Record<string, unknown>) =>
      exportWith((r) => setAttribute(r, IDENTITY_ATTRIBUTES.userId, value));
    for (const garbage of [{ intValue: "abc" }, { intValue: { a: 1 } }, { intValue: null }, { intValue: 1.5 }])
      assert.deepStrictEqual(outcomeOf(withUser(garbage)), { skipped: "no user.id" }, JSON.stringify(garbage));
    for (const [value, userId] of [
      [{ intValue: "42" }, "42"],
      [{ intValue: 42 }, "42"],
      [{ intValue: "-7" }, "-7"],
    ] as const) {
      const outcome = outcomeOf(withUser(value));
      assert.ok(outcome && "event" in outcome);
      assert.strictEqual(outcome.event.userId, userId);
    }
  });

  it("timestamps: unusable nanoseconds fall back to the client's ISO event.timestamp; no usable time is skipped", () => {
    const atMs = Date.parse(AT);
    const withNanos = (nanos: unknown) =>
      exportWith((r) => {
        Object.assign(r, { timeUnixNano: nanos, observedTimeUnixNano: nanos });
      });
    for (const garbage of ["yesterday", "-5", -5, "9".repeat(25), 1e300, "0", 0, {}, null])
      assert.strictEqual(timeOf(withNanos(garbage)), atMs, JSON.stringify(garbage));
    // Nanoseconds as a JSON number (past 2^53) are read by their digits.
    assert.strictEqual(timeOf(withNanos(1_764_576_000_000_000_000)), 1_764_576_000_000);
    const withTimestamp = (value: Record<string, unknown>) =>
      exportWith((r) => {
        Object.assign(r, { timeUnixNano: "x", observedTimeUnixNano: "x" });
        setAttribute(r, "event.timestamp", value);
      });
    // Date.parse reads these in the machine's local time (or as year -5): not a time the count may depend on.
    for (const value of [{ stringValue: "12/01/2026 08:00" }, { stringValue: "2026-12-01" }, { intValue: "-5" }])
      assert.strictEqual(timeOf(withTimestamp(value)), "no timestamp", JSON.stringify(value));
    assert.strictEqual(timeOf(withTimestamp({ stringValue: "2026-12-01T09:00:00+01:00" })), atMs);
  });

  it("refuses a top-level string and names the line a cut-off document starts on", () => {
    const line = JSON.stringify(deviceExport(DEVICE));
    const refuses = (text: string, message: RegExp) =>
      assert.throws(
        () => parseOtlpExports(text, "events.json"),
        (e: Error) => e instanceof RolloutStatusInputError && message.test(e.message),
      );
    refuses('"hello"', /^events\.json:1: not valid JSON \(unexpected "\\""\)/);
    refuses(`${line}\n"trailing junk"\n`, /^events\.json:2: not valid JSON \(unexpected "\\""\)/);
    // A line cut inside a string, then whole lines: line 1 is the broken one, not the file's end.
    const cut = line.slice(0, line.indexOf("managed_settings_resolved"));
    refuses(
      `${cut}\n${line}\n${line}\n`,
      /^events\.json:1: not valid JSON \(the document starting on this line is cut off\)/,
    );
    // Cut between values: the next lines nest inside it until the file ends.
    refuses(`${line}\n${line.slice(0, 40)}\n${line}\n`, /^events\.json:2: .*cut off/);
  });

  it("one device per (user, install id) whatever spaces either holds; a record repeated counts once", () => {
    const reports = [
      { ...DEVICE, oid: "a b", installId: "c" },
      { ...DEVICE, oid: "a", installId: "b c" },
      { ...DEVICE, oid: "a b c", installId: null },
    ];
    const text = [...reports, ...reports].map((r) => JSON.stringify(deviceExport(r))).join("\n");
    const devices = parseOtlpExports(text, "events.json")
      .map(policyEventOf)
      .flatMap((outcome) => (outcome && "event" in outcome ? [outcome.event.device] : []));
    assert.strictEqual(devices.length, 6);
    assert.strictEqual(new Set(devices).size, 3);
  });

  describe("the command", function () {
    // Plans the dev stack (compiles every profile): seconds, not milliseconds.
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-status-hostile-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("exit 1 for a directory, a FIFO, a device and a file too large to read — without reading them", async () => {
      const fifo = path.join(dir, "events.fifo");
      execFileSync("mkfifo", [fifo]);
      // Sparse: its size says 300 MiB and nothing is written.
      const large = path.join(dir, "large.json");
      fs.writeFileSync(large, "");
      fs.truncateSync(large, MAX_EVENTS_BYTES + 1);
      const cases: [string, RegExp][] = [
        [dir, /not a regular file \(a directory, pipe or device\) — pass an OTLP\/JSON logs export saved to a file/],
        [fifo, /not a regular file/],
        ["/dev/zero", /not a regular file/],
        [
          large,
          new RegExp(
            `${MAX_EVENTS_BYTES + 1} bytes, more than the ${MAX_EVENTS_BYTES} rollout-status reads — export only`,
          ),
        ],
      ];
      for (const [file, message] of cases) {
        const result = await runRolloutStatus(["dev", "--events", file, "--now", "2026-12-02"]);
        assert.deepStrictEqual([result.exitCode, result.stdout], [1, ""], file);
        assert.ok(result.stderr.startsWith(`rollout-status: --events ${file}: `), result.stderr);
        assert.match(result.stderr, message);
      }
    });

    it("exit 2 for --now off the calendar (Date would read 2026-02-30 as March 2)", async () => {
      for (const now of ["2026-02-30", "2026-02-29T08:00:00Z", "2026-13-01"]) {
        const result = await runRolloutStatus(["dev", "--now", now]);
        assert.strictEqual(result.exitCode, 2, now);
        assert.match(result.stderr, /--now must be an ISO-8601 date/);
      }
    });

    it("__proto__ as a profile, a hash and an error type: ordinary keys, exact counts", async () => {
      const proto = "__proto__";
      const events = path.join(dir, "proto.json");
      const records = [
        deviceExport({ ...DEVICE, oid: "u1", profile: proto }),
        deviceExport({ ...DEVICE, oid: "u2", resolvedSha256: proto }),
        deviceExport({ ...DEVICE, oid: "u3", run: "minimum-version-refused" }),
        exportWith((r) => setAttribute(r, "error.type", { stringValue: proto }), {
          ...DEVICE,
          oid: "u4",
          run: "minimum-version-refused",
        }),
        exportWith((r) => setAttribute(r, INSTALL_ID_ATTRIBUTE, { stringValue: proto }), { ...DEVICE, oid: "u5" }),
      ];
      fs.writeFileSync(events, records.map((r) => JSON.stringify(r)).join("\n"));
      const result = await runRolloutStatus(["dev", "--events", events, "--json", "--now", "2026-12-02"]);
      assert.strictEqual(result.exitCode, 0, result.stderr);
      const report = JSON.parse(result.stdout) as FleetReport;
      const developer = report.rings[0].profiles.find((p) => p.profile === "developer")!;
      assert.deepStrictEqual(
        [developer.devices, developer.unknown, developer.refused],
        [4, { [proto]: 1, ["a".repeat(64)]: 1 }, { [proto]: 1, version_below_minimum: 1 }],
      );
      assert.ok(Object.hasOwn(developer.unknown, proto) && Object.hasOwn(developer.refused, proto));
      assert.deepStrictEqual(report.unplaced, [
        { profile: proto, reason: "the profile is not in the stack", devices: 1 },
      ]);
      assert.strictEqual(report.devices, 5);
    });
  });
});
