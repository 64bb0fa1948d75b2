// The command end to end on the dev stack (one implicit ring: the current compile everywhere) with an
// events file, its exit codes, and the plan adapter for a stack with rings.
import * as assert from "assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  GetQueryResultsCommandOutput,
  StartQueryCommand,
  StartQueryCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { parse, stringify } from "yaml";
import { LogsConnector, runRolloutStatus } from "../../cli/rollout-status";
import { LogsSend } from "../../cli/rollout-status/logs-insights";
import { parseOtlpExports } from "../../cli/rollout-status/otlp-export";
import { fleetInputOf } from "../../cli/rollout-status/plan-input";
import { FleetReport } from "../../cli/rollout-status/report";
import { readStack } from "../../cli/stack";
import { planStack } from "../../cli/synth/run";
import { AUTOMATION_ROLE } from "../../components/plan/group-roles";
import { RingPlan } from "../../components/plan/rings";
import { roleOf } from "./fleet";
import { cloudWatchRow, fleetExport } from "./fleet-fixture";

const RED_TEAM_ID = "2c4e6a8b-1d3f-4b5a-9c7e-8f0a1b2c3d4e"; // assigned by object id in the dev stack

describe("rollout-status: the command", function () {
  // Plans the dev stack (compiles every profile): seconds, not milliseconds.
  this.timeout(120_000);
  const plan = planStack(readStack("dev"));
  const developer = plan.rollout.profiles.find((p) => p.name === "developer")!;
  const platform = plan.rollout.profiles.find((p) => p.name === "platform")!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-status-"));
  const events = path.join(dir, "events.json");
  fs.writeFileSync(
    events,
    fleetExport([
      {
        oid: "user-1",
        profile: "developer",
        roles: [roleOf("Dev - Backend")],
        resolvedSha256: developer.resolvedSha256,
        at: "2026-12-01T08:00:00Z",
      },
      {
        oid: "user-2",
        profile: "developer",
        roles: [roleOf("Dev - Backend")],
        resolvedSha256: developer.windows.resolvedSha256,
        at: "2026-12-01T08:00:00Z",
      },
      {
        oid: "user-3",
        run: "minimum-version-refused",
        profile: "security-reviewer",
        roles: [roleOf(RED_TEAM_ID)],
        at: "2026-12-01T08:00:00Z",
      },
      // A CI job of the automation profile: its machine client's app-only token.
      {
        oid: "ci-1",
        profile: "platform",
        roles: [AUTOMATION_ROLE],
        resolvedSha256: platform.resolvedSha256,
        at: "2026-12-01T08:00:00Z",
      },
    ]),
  );
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints the report as JSON: one ring, exact counts, hold because other profiles have no devices", async () => {
    const result = await runRolloutStatus(["dev", "--events", events, "--json", "--now", "2026-12-02"]);
    assert.deepStrictEqual([result.exitCode, result.stderr], [0, ""]);
    const report = JSON.parse(result.stdout) as FleetReport;
    assert.strictEqual(report.now, "2026-12-02T00:00:00.000Z");
    assert.deepStrictEqual(report.thresholds, { minDevices: 1, maxRefused: 0, maxDrift: 0 });
    assert.deepStrictEqual(
      report.rings.map((r) => r.name),
      ["all"],
    );
    const rows = report.rings[0].profiles.map((p) => [p.profile, p.devices, p.current, p.refused]);
    assert.deepStrictEqual(rows, [
      ["contractor", 0, 0, {}],
      ["developer", 2, 2, {}],
      ["security-reviewer", 1, 0, { version_below_minimum: 1 }],
      ["platform", 0, 0, {}],
    ]);
    assert.deepStrictEqual(report.rings[0].reasons, [
      "contractor: 0 devices on the release, minDevices is 1",
      "security-reviewer: 0 devices on the release, minDevices is 1",
      "security-reviewer: 1 device refused the policy, maxRefused is 0",
      "platform: 0 devices on the release, minDevices is 1",
    ]);
    // Silent: Red Team (by object id) reports, AppSec (by display name) does not; the CI job is in no ring.
    const security = report.rings[0].profiles.find((p) => p.profile === "security-reviewer")!;
    assert.deepStrictEqual(security.silentGroups, ["Dev - AppSec"]);
    assert.deepStrictEqual(report.devices, 4);
    assert.deepStrictEqual(report.unplaced, []);
  });

  it("maps each token's group roles to the stack's groups offline, display names included; lists the CI job apart", async () => {
    const result = await runRolloutStatus(["dev", "--events", events, "--json", "--now", "2026-12-02"]);
    assert.strictEqual(result.exitCode, 0, result.stderr);
    const report = JSON.parse(result.stdout) as FleetReport;
    const groups = report.rings[0].profiles.map((p) => [p.profile, p.silentGroups]);
    assert.deepStrictEqual(groups, [
      ["contractor", ["Dev - Contractors", "Dev - QA Vendors"]],
      ["developer", ["Dev - Frontend", "Dev - Mobile"]],
      ["security-reviewer", ["Dev - AppSec"]],
      ["platform", ["Dev - Platform", "Dev - SRE"]],
    ]);
    assert.deepStrictEqual(report.automation, [
      { profile: "platform", devices: 1, releases: { [platform.policyHash]: 1 }, unknown: {}, refused: {} },
    ]);
    const markdown = await runRolloutStatus(["dev", "--events", events, "--now", "2026-12-02"]);
    assert.ok(
      markdown.stdout.includes(
        `## Automation devices (machine clients, in no ring)\n\n- platform: 1 device (\`${platform.policyHash.slice(0, 12)}\` 1)\n`,
      ),
      markdown.stdout,
    );
  });

  it("prod's two rings from its release file: a device in groups of both rings counts once, in the pilot", async () => {
    const prod = planStack(readStack("prod"));
    assert.deepStrictEqual(
      prod.rings.map((r) => r.name),
      ["pilot", "broad"],
    );
    const release = prod.rings[0].profiles.developer.release;
    // Eng - Backend is a pilot group, Eng - Frontend a broad one (the last ring takes every other group).
    const [backend, frontend] = [roleOf("Eng - Backend"), roleOf("Eng - Frontend")];
    const prodEvents = path.join(dir, "prod-events.json");
    const at = "2026-12-01T08:00:00Z";
    fs.writeFileSync(
      prodEvents,
      fleetExport([
        { oid: "user-1", profile: "developer", roles: [frontend, backend], resolvedSha256: release.resolvedSha256, at },
        { oid: "user-2", profile: "developer", roles: [frontend], resolvedSha256: "0".repeat(64), at },
      ]),
    );
    const result = await runRolloutStatus(["prod", "--events", prodEvents, "--json"]);
    assert.strictEqual(result.exitCode, 0, result.stderr);
    const report = JSON.parse(result.stdout) as FleetReport;
    const developerRows = report.rings.map((r) => {
      const row = r.profiles.find((p) => p.profile === "developer")!;
      return [r.name, row.devices, row.current, row.unknown];
    });
    assert.deepStrictEqual(developerRows, [
      ["pilot", 1, 1, {}],
      ["broad", 1, 0, { ["0".repeat(64)]: 1 }],
    ]);
  });

  describe("live mode (stubbed CloudWatch Logs)", () => {
    function connector(fail?: Error): { connect: LogsConnector; started: StartQueryCommand[]; regions: string[] } {
      const started: StartQueryCommand[] = [];
      const regions: string[] = [];
      const rows = parseOtlpExports(fs.readFileSync(events, "utf8"), "events").map(cloudWatchRow);
      const send: LogsSend = async (command) => {
        if (fail) throw fail;
        if (command instanceof StartQueryCommand) {
          started.push(command);
          return { queryId: "q", $metadata: {} } satisfies StartQueryCommandOutput;
        }
        return { status: "Complete", results: rows, $metadata: {} } satisfies GetQueryResultsCommandOutput;
      };
      return { connect: (region) => (regions.push(region), { send, close: () => undefined }), started, regions };
    }

    it("queries the stack's audit log group in its region over the longest soak plus a day; same report as the file", async () => {
      const stub = connector();
      const live = await runRolloutStatus(["dev", "--json", "--now", "2026-12-02T06:00:00Z"], stub.connect);
      assert.strictEqual(live.exitCode, 0, live.stderr);
      assert.deepStrictEqual(stub.regions, ["eu-west-1"]);
      assert.deepStrictEqual(
        stub.started.map((c) => [c.input.logGroupName, c.input.startTime, c.input.endTime]),
        [
          [
            "/claude-code-rollout/dev/audit",
            Date.parse("2026-12-01T06:00:00Z") / 1000,
            Date.parse("2026-12-02T06:00:00Z") / 1000,
          ],
        ],
      );
      const offline = await runRolloutStatus(["dev", "--json", "--now", "2026-12-02T06:00:00Z", "--events", events]);
      assert.strictEqual(live.stdout, offline.stdout);
    });

    it("prod's window is its longest soak (the pilot's 3 days) plus one", async () => {
      const stub = connector();
      await runRolloutStatus(["prod", "--now", "2026-12-02"], stub.connect);
      assert.strictEqual(stub.started[0].input.startTime, Date.parse("2026-11-28T00:00:00Z") / 1000);
    });

    it("exit 1 when AWS refuses, or the stack has no telemetry to read", async () => {
      const denied = Object.assign(new Error("not authorized to perform logs:StartQuery"), {
        name: "AccessDeniedException",
      });
      const refused = await runRolloutStatus(["dev"], connector(denied).connect);
      assert.strictEqual(refused.exitCode, 1);
      assert.match(
        refused.stderr,
        /CloudWatch Logs \(eu-west-1, \/claude-code-rollout\/dev\/audit\): AccessDeniedException: not authorized/,
      );
      const stackFile = path.join(dir, "Pulumi.quiet.yaml");
      const document = parse(fs.readFileSync(readStack("dev").file, "utf8")) as { config: Record<string, unknown> };
      delete document.config["claude-code-rollout:telemetry"];
      fs.writeFileSync(stackFile, stringify(document));
      const quiet = await runRolloutStatus([stackFile], connector().connect);
      assert.strictEqual(quiet.exitCode, 1);
      assert.match(quiet.stderr, /stack quiet configures no telemetry, so there is no audit log group to read/);
    });
  });

  it("exit 2 on bad usage, with the usage", async () => {
    for (const argv of [
      [],
      ["dev", "prod"],
      ["dev", "--bogus"],
      ["dev", "--now", "yesterday"],
      ["dev", "--now", "2026-12-02T09:00"],
      ["dev", "--events"],
      // Gone: a token's group roles name the stack's groups, display names included.
      ["dev", "--group-ids", "groups.json"],
    ]) {
      const result = await runRolloutStatus(argv);
      assert.strictEqual(result.exitCode, 2, `${argv.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, /usage: npm run rollout-status -- <stack/);
      assert.strictEqual(result.stdout, "");
    }
  });

  it("exit 1 on unusable input, naming the file and the fix", async () => {
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, '{"resourceLogs": [}');
    const cases: [string[], RegExp][] = [
      [["no-such-stack", "--events", events], /no stack file .*Pulumi\.no-such-stack\.yaml/],
      [["dev", "--events", path.join(dir, "missing.json")], /--events .*missing\.json: ENOENT/],
      [["dev", "--events", bad], /bad\.json:1: not valid JSON/],
    ];
    for (const [argv, message] of cases) {
      const result = await runRolloutStatus(argv);
      assert.strictEqual(result.exitCode, 1, argv.join(" "));
      assert.match(result.stderr, message);
    }
  });

  it("the plan adapter: each ring's groups with their profiles; each release's two resolved hashes", () => {
    const ring = (name: string, groups: string[], profiles: string[]): RingPlan => ({
      name,
      soakDays: 2,
      groups,
      releasedAt: "2026-11-30",
      profiles: Object.fromEntries(
        plan.rollout.profiles
          .filter((p) => profiles.includes(p.name))
          .map((p) => [p.name, { release: p, includeGroups: [], excludeGroups: [] }]),
      ),
    });
    const input = fleetInputOf(plan.config, plan.rollout, [
      ring("pilot", ["Dev - Backend", RED_TEAM_ID], ["developer"]),
      ring("broad", ["Dev - Frontend", "Dev - Contractors"], ["developer", "contractor"]),
    ]);
    assert.deepStrictEqual(input.rings[0].groups, [
      { group: "Dev - Backend", profile: "developer" },
      { group: RED_TEAM_ID, profile: "security-reviewer" },
    ]);
    assert.deepStrictEqual(input.rings[1].groups, [
      { group: "Dev - Frontend", profile: "developer" },
      { group: "Dev - Contractors", profile: "contractor" },
    ]);
    assert.deepStrictEqual(input.rings[0].releases, {
      developer: {
        policyHash: developer.policyHash,
        resolvedSha256: [developer.resolvedSha256, developer.windows.resolvedSha256].sort(),
      },
    });
    assert.deepStrictEqual(Object.keys(input.rings[1].releases), ["contractor", "developer"]);
    assert.deepStrictEqual(input.profiles, ["contractor", "developer", "security-reviewer", "platform"]);
  });
});
