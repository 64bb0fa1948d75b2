import * as assert from "assert";
import { readStack } from "../../cli/stack";
import { loadRolloutConfig } from "../../components/config";
import { buildCollectorConfig } from "../../components/plan/audit/collector-config";
import { AUTOMATION_ROLE, groupRoleValue } from "../../components/plan/group-roles";
import { membershipKey } from "../../components/plan/identity";
import { tenantIssuer } from "../../components/plan/names";
import { recordRing, renderReleaseFile } from "../../components/plan/release-file";
import { planRings, ReleasedProfile, RingPlan } from "../../components/plan/rings";
import { planTelemetry, TelemetryPlan } from "../../components/plan/telemetry";
import { CompiledRollout, compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { CollectorConfigData, ExportedRecord, LogsRequest, runLogsPipeline } from "./collector-sim";
import { filterMatches, selectJson } from "./filter-pattern";
import { ringOf } from "./fixtures";
import { AttributeValue } from "./ottl";

// Issue #17: "The alarms stay quiet through a two-ring release in a test of the collector's verdict
// logic." The prod stack, a change to its baseline released to the pilot ring only: the pilot runs
// the new documents, the broad ring the old ones. Devices of both OS families report from both rings
// through the generated collector configuration (run by collector-sim: the real statements, in the
// pipeline's order), and the audit signals' filter patterns count what the exporter writes.

const project = readStack("prod").projectConfig;
const config = loadRolloutConfig(project, "prod");
const old = compileRollout(config, PINNED_CLIENT_VERSION);
const edited = structuredClone(project) as { baseline: { permissions: { deny: string[] } } };
edited.baseline.permissions.deny.push("Read(~/.pgpass)");
const candidate = compileRollout(loadRolloutConfig(edited, "prod"), PINNED_CLIENT_VERSION);
const release = (rollout: CompiledRollout, profile: string) => rollout.profiles.find((p) => p.name === profile)!;

/** The rings as the plan reads them from the release file: both released on the old compile, then the pilot on the new. */
function releasedRings(): readonly RingPlan[] {
  const stackRings = ["pilot", "broad"];
  const record = (file: Parameters<typeof recordRing>[0], ring: string, rollout: CompiledRollout) =>
    recordRing(file, ring, { releasedAt: "2026-12-01", profiles: rollout.profiles, replace: true }, stackRings);
  const file = record(record(record(undefined, "pilot", old), "broad", old), "pilot", candidate);
  const text = renderReleaseFile(file);
  const planned = planRings({
    config: loadRolloutConfig(edited, "prod"),
    rollout: candidate,
    release: { file: "stacks/Pulumi.prod.release.json", text },
  });
  assert.deepStrictEqual(planned.problems, []);
  return planned.slice!.rings;
}

const TENANT = config.tenantId;
/** Each profile app's client id (the tokens' audience), as the credentials create them. */
const AUDIENCES: Record<string, string> = Object.fromEntries(
  old.profiles.map((p, i) => [p.name, `0000000${i + 1}-1111-4111-8111-111111111111`]),
);
const GROUP = { pilot: "5d0c1a2b-0000-4000-8000-00000000b11d", broad: "5d0c1a2b-0000-4000-8000-00000000b20a" };
/** The app role a user token carries for each assigned group the user is in (the profile app's). */
const ROLE = { pilot: groupRoleValue(membershipKey(GROUP.pilot)), broad: groupRoleValue(membershipKey(GROUP.broad)) };

function plan(rings: readonly RingPlan[]): TelemetryPlan {
  const { slice, problems } = planTelemetry({ config, rollout: candidate, rings });
  assert.deepStrictEqual(problems, []);
  return slice!;
}

function collectorOf(telemetry: TelemetryPlan): CollectorConfigData {
  return buildCollectorConfig({
    tenantId: TENANT,
    audiences: Object.fromEntries(telemetry.profiles.map((p) => [p, AUDIENCES[p]])),
    region: "eu-west-1",
    logGroupName: telemetry.names.auditLogGroup,
    policyStatus: telemetry.policyStatus,
  }) as unknown as CollectorConfigData;
}

interface Device {
  readonly name: string;
  /** The released document it installed (its OTEL_RESOURCE_ATTRIBUTES become the resource). */
  readonly runs: ReleasedProfile;
  readonly os: "posix" | "windows";
  /** The profile whose app its token is for (the document's own, unless stated). */
  readonly tokenProfile?: string;
  /** What the client reports; the document's resolved hash unless stated. */
  readonly resolvedSha256?: string;
  readonly extraAttributes?: Readonly<Record<string, AttributeValue>>;
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** The pinned client's managed_settings_resolved request (reference §7.3/§7.5, keys as 2.1.329 sends them). */
function request(device: Device, index: number): LogsRequest {
  const document = device.os === "posix" ? device.runs : device.runs.windows;
  const resource: Record<string, AttributeValue> = Object.fromEntries(
    document.settings.env!.OTEL_RESOURCE_ATTRIBUTES.split(",").map((pair) => pair.split("=") as [string, string]),
  );
  const installId = `${index}`.padStart(64, "f");
  return {
    claims: {
      iss: tenantIssuer(TENANT),
      aud: AUDIENCES[device.tokenProfile ?? device.runs.name],
      oid: `00000000-0000-4000-8000-${`${index}`.padStart(12, "0")}`,
      preferred_username: `user${index}@example.com`,
      roles: [ROLE.broad],
      ...device.claims,
    },
    resource: { ...resource, "service.name": "claude-code", "service.version": PINNED_CLIENT_VERSION },
    records: [
      {
        body: "claude_code.managed_settings_resolved",
        attributes: {
          ...resource,
          "user.id": installId,
          "session.id": `2eb32094-e56f-42f1-8137-${`${index}`.padStart(12, "0")}`,
          "event.name": "managed_settings_resolved",
          "event.sequence": 0,
          "managed_settings.trigger": "startup",
          "managed_settings.sources": ["file"],
          "managed_settings.source_behavior": "first-wins",
          "managed_settings.resolved_sha256": device.resolvedSha256 ?? document.resolvedSha256,
          ...device.extraAttributes,
        },
      },
    ],
  };
}

/** What the exporter writes for a fleet: device name → its one record (a refused request fails the test). */
function report(collector: CollectorConfigData, fleet: readonly Device[]): Map<string, ExportedRecord> {
  const written = new Map<string, ExportedRecord>();
  fleet.forEach((device, i) => {
    const result = runLogsPipeline(collector, request(device, i + 1));
    if ("refused" in result) throw new Error(`${device.name}: refused (${result.refused})`);
    assert.equal(result.exported.length, 1, device.name);
    written.set(device.name, result.exported[0]);
  });
  return written;
}

const verdicts = (records: Map<string, ExportedRecord>) =>
  Object.fromEntries([...records].map(([name, r]) => [name, r.attributes.rollout_policy_status]));

/** Per metric filter: how many records it counts (each adds 1 to its metric). */
function filterCounts(telemetry: TelemetryPlan, records: Iterable<ExportedRecord>): Record<string, number> {
  const all = [...records];
  return Object.fromEntries(
    telemetry.metricFilters.map((f) => [f.key, all.filter((record) => filterMatches(f.pattern, record)).length]),
  );
}

/** The profile dimension's values the per-profile drift filter publishes, one per counted record. */
function driftByProfile(telemetry: TelemetryPlan, records: Iterable<ExportedRecord>): unknown[] {
  const filter = telemetry.metricFilters.find((f) => f.key === "policy-drift-by-profile")!;
  return [...records]
    .filter((record) => filterMatches(filter.pattern, record))
    .map((record) => selectJson(record, filter.dimensions!.profile));
}

/** Every profile on both releases, both OS families: pilot devices on the candidate, broad ones on the old compile. */
const releaseFleet: Device[] = old.profiles.flatMap((p) =>
  (["posix", "windows"] as const).flatMap((os) => [
    {
      name: `pilot ${p.name} ${os}`,
      runs: release(candidate, p.name),
      os,
      claims: { roles: [ROLE.pilot] },
    },
    { name: `broad ${p.name} ${os}`, runs: release(old, p.name), os },
  ]),
);

describe("a two-ring release through the collector's verdict (prod: pilot on the new release, broad on the old)", () => {
  // Through the release file: each ring's documents are rebuilt from what was recorded, not taken from the compile.
  const rings = releasedRings();
  const telemetry = plan(rings);
  const collector = collectorOf(telemetry);
  const policyDrift = telemetry.alarms.find((a) => a.key === "policy-drift")!;

  it("changes every profile's documents, so the two rings really run different hashes", () => {
    assert.deepStrictEqual(
      rings.map((ring) => [ring.name, Object.values(ring.profiles).map((p) => p.release.policyHash)]),
      [
        ["pilot", candidate.profiles.map((p) => p.policyHash)],
        ["broad", old.profiles.map((p) => p.policyHash)],
      ],
    );
    for (const p of old.profiles) {
      const next = release(candidate, p.name);
      assert.notEqual(next.policyHash, p.policyHash, p.name);
      assert.notEqual(next.resolvedSha256, p.resolvedSha256, p.name);
      assert.notEqual(next.windows.resolvedSha256, p.windows.resolvedSha256, p.name);
    }
  });

  it("keeps the metric filters constant: the collector's verdict carries the releases, not the patterns", () => {
    assert.deepStrictEqual(telemetry.metricFilters, plan([ringOf("all", candidate.profiles)]).metricFilters);
    for (const filter of telemetry.metricFilters) assert.ok(filter.pattern.length <= 1024, filter.key);
  });

  it("stamps expected for every device on either release, and the alarm's metric stays at zero", () => {
    const records = report(collector, releaseFleet);
    assert.equal(records.size, 16);
    assert.deepStrictEqual(verdicts(records), Object.fromEntries(releaseFleet.map((d) => [d.name, "expected"])));
    assert.deepStrictEqual(filterCounts(telemetry, records.values()), {
      "rejected-decisions": 0,
      "bypass-mode": 0,
      "policy-drift": 0,
      "policy-drift-by-profile": 0,
      "unknown-profile": 0,
    });
    // The alarm breaches at its threshold (>= 1 in prod): 0 drift records in the period keep it quiet.
    assert.equal(policyDrift.threshold, 1);
  });

  it("would page for every broad device if only the current compile were accepted (as before rings)", () => {
    const candidateOnly = plan([ringOf("all", candidate.profiles)]);
    const records = report(collectorOf(candidateOnly), releaseFleet);
    const drifting = releaseFleet.filter((d) => d.name.startsWith("broad")).map((d) => d.name);
    assert.deepStrictEqual(
      Object.entries(verdicts(records))
        .filter(([, status]) => status === "drift")
        .map(([name]) => name),
      drifting,
    );
    assert.equal(filterCounts(candidateOnly, records.values())["policy-drift"], 8);
  });

  it("stamps drift only for a hash no ring pins for the profile — another profile's release included — and the alarm counts exactly those", () => {
    const developer = release(old, "developer");
    const fleet: Device[] = [
      ...releaseFleet,
      { name: "unknown hash", runs: developer, os: "posix", resolvedSha256: "e".repeat(64) },
      // A developer token whose device runs the platform profile's released document: the profile is the token's.
      {
        name: "platform's release under a developer token",
        runs: release(candidate, "platform"),
        os: "windows",
        tokenProfile: "developer",
      },
      // The developer document, reporting the platform profile's released hash.
      {
        name: "another profile's hash",
        runs: developer,
        os: "posix",
        resolvedSha256: release(old, "platform").resolvedSha256,
      },
    ];
    const records = report(collector, fleet);
    const drift = ["unknown hash", "platform's release under a developer token", "another profile's hash"];
    assert.deepStrictEqual(
      verdicts(records),
      Object.fromEntries(fleet.map((d) => [d.name, drift.includes(d.name) ? "drift" : "expected"])),
    );
    const counts = filterCounts(telemetry, records.values());
    assert.equal(counts["policy-drift"], 3);
    assert.deepStrictEqual(driftByProfile(telemetry, records.values()), ["developer", "developer", "developer"]);
    assert.equal(counts["unknown-profile"], 0);
    assert.ok(counts["policy-drift"] >= policyDrift.threshold, "the alarm pages");
  });

  it("stamps a refusal (fail-closed, no hash) refused, not drift: a release that raises a requirement does not page", () => {
    const refusal: Device = {
      name: "refused",
      runs: release(candidate, "developer"),
      os: "posix",
      extraAttributes: { "managed_settings.trigger": "refused", "error.type": "version_below_minimum" },
    };
    // The pinned client's refusal carries no resolved hash (reference §7.5).
    const sent = request(refusal, 1);
    const attributes = { ...sent.records[0].attributes };
    delete attributes["managed_settings.resolved_sha256"];
    const result = runLogsPipeline(collector, { ...sent, records: [{ ...sent.records[0], attributes }] });
    assert.ok("exported" in result);
    assert.equal(result.exported[0].attributes.rollout_policy_status, "refused");
    assert.equal(filterCounts(telemetry, result.exported)["policy-drift"], 0);
    // A "refusal" that carries a hash is judged by the hash: an unknown one is drift.
    const withHash = report(collector, [{ ...refusal, resolvedSha256: "e".repeat(64) }]).get("refused")!;
    assert.equal(withHash.attributes.rollout_policy_status, "drift");
  });

  it("counts a profile no ring runs yet as drift under its own name (it has an app, no installer was published)", () => {
    const partial = plan([
      ringOf("pilot", [release(candidate, "developer")]),
      ringOf("broad", [release(old, "developer")]),
    ]);
    assert.deepStrictEqual(partial.expectation.policyHashes.platform, []);
    const fleet: Device[] = [
      { name: "developer", runs: release(old, "developer"), os: "posix" },
      { name: "platform (current compile)", runs: release(candidate, "platform"), os: "posix" },
    ];
    const records = report(collectorOf(partial), fleet);
    assert.deepStrictEqual(verdicts(records), { developer: "expected", "platform (current compile)": "drift" });
    assert.deepStrictEqual(driftByProfile(partial, records.values()), ["platform"]);
  });

  it("overrides what a device claims: verdict, profile, roles and install id are the collector's", () => {
    const forged: Device = {
      name: "forger",
      runs: release(old, "developer"),
      os: "posix",
      resolvedSha256: "e".repeat(64),
      claims: { roles: [ROLE.pilot, ROLE.broad] },
      extraAttributes: {
        rollout_policy_status: "expected",
        "claude_code_rollout.groups": ["every-group"],
        "claude_code_rollout.install_id": "someone-else",
        "claude_code_rollout.profile": "platform",
      },
    };
    const record = report(collector, [forged]).get("forger")!;
    assert.equal(record.attributes.rollout_policy_status, "drift");
    // The verified token's roles claim, as an array; the client's own user.id as the install id.
    assert.deepStrictEqual(record.resource["claude_code_rollout.groups"], [ROLE.pilot, ROLE.broad]);
    assert.equal(record.attributes["claude_code_rollout.install_id"], "1".padStart(64, "f"));
    assert.equal(record.attributes["user.id"], "00000000-0000-4000-8000-000000000001");
    assert.equal(record.resource["claude_code_rollout.profile"], "developer");
    assert.equal(record.resource.rollout_profile, "developer");
    assert.equal(record.attributes["claude_code_rollout.groups"], undefined);
    assert.equal(record.attributes["claude_code_rollout.profile"], undefined);
  });

  it("accepts a machine client's app-only token (roles, no groups claim), stamped with the token's profile", () => {
    // An app-only v2 token of the platform app (automation): the machine's service principal as oid, its
    // granted role, no user claims. The client sent the developer profile and groups; the token decides.
    const ci: Device = {
      name: "ci",
      runs: release(old, "platform"),
      os: "posix",
      extraAttributes: { "claude_code_rollout.profile": "developer", "claude_code_rollout.groups": [ROLE.pilot] },
    };
    const sent = request(ci, 7);
    const appOnly: Record<string, unknown> = { ...sent.claims, roles: [AUTOMATION_ROLE] };
    delete appOnly.preferred_username;
    assert.deepStrictEqual(Object.keys(appOnly).sort(), ["aud", "iss", "oid", "roles"]);
    const result = runLogsPipeline(collector, { ...sent, claims: appOnly });
    assert.ok("exported" in result, JSON.stringify(result));
    const [record] = result.exported;
    assert.equal(record.resource["claude_code_rollout.profile"], "platform");
    assert.deepStrictEqual(record.resource["claude_code_rollout.groups"], [AUTOMATION_ROLE]);
    assert.equal(record.attributes["user.id"], appOnly.oid);
    assert.equal(record.attributes["identity.source"], "entra-oidc-collector");
    assert.equal(record.attributes["user.email"], undefined);
    assert.equal(record.attributes["claude_code_rollout.profile"], undefined);
    assert.equal(record.attributes.rollout_policy_status, "expected");
  });

  it("refuses a token without the roles claim and drops a token of another app", () => {
    const device: Device = { name: "d", runs: release(old, "developer"), os: "posix" };
    const { roles, ...withoutRoles } = request(device, 1).claims;
    assert.deepStrictEqual(roles, [ROLE.broad]);
    assert.deepStrictEqual(runLogsPipeline(collector, { ...request(device, 1), claims: withoutRoles }), {
      refused: "groups claim not found",
    });
    const otherApp = { ...request(device, 1).claims, aud: "99999999-9999-4999-8999-999999999999" };
    assert.deepStrictEqual(runLogsPipeline(collector, { ...request(device, 1), claims: otherApp }), { exported: [] });
  });
});
