// The pinned client's own managed_settings_resolved records (test/fixtures/otlp, captured from
// 2.1.329 by capture.ts), read by the file parser and the policy-event reader.
import * as assert from "assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { RolloutStatusInputError } from "../../cli/rollout-status/input-error";
import { parseOtlpExports } from "../../cli/rollout-status/otlp-export";
import { PolicyEvent, policyEventOf } from "../../cli/rollout-status/policy-event";
import { CapturedRun, fleetExport } from "./fleet-fixture";

const FIXTURES = path.join(__dirname, "..", "fixtures", "otlp");

function recordsOf(file: string) {
  return parseOtlpExports(fs.readFileSync(path.join(FIXTURES, file), "utf8"), file);
}

/** The captured run's event after the collector (fleet-fixture), only identity and resource stamped. */
function stampedEvent(run: CapturedRun): PolicyEvent {
  const report = { run, oid: "0b1c2d3e-aaaa-4bbb-8ccc-123456789abc", profile: "developer", at: "2026-11-30T08:00:00Z" };
  const outcomes = parseOtlpExports(fleetExport([report]), run).map(policyEventOf);
  assert.strictEqual(outcomes.length, 1);
  const [outcome] = outcomes;
  assert.ok(outcome && "event" in outcome, JSON.stringify(outcome));
  return outcome.event;
}

describe("rollout-status: the client's captured events", () => {
  it("the client's own record is never counted: nothing in it was verified", () => {
    const policyRecords = recordsOf("startup.json").filter((r) => r.body === "claude_code.managed_settings_resolved");
    assert.strictEqual(policyRecords.length, 1);
    assert.deepStrictEqual(policyEventOf(policyRecords[0]), {
      skipped: "not through the collector (no identity.source=entra-oidc-collector)",
    });
  });

  it("a normal start: a startup event with the client's resolved hash, the verified user and the kept install id", () => {
    const event = stampedEvent("startup");
    assert.strictEqual(event.trigger, "startup");
    assert.strictEqual(event.resolvedSha256, "ca64cbd08e520105ecc1a35fa12a60f8ed2d9eed151c136b0a7286bb7cbe5a38");
    assert.strictEqual(event.errorType, undefined);
    assert.strictEqual(event.userId, "0b1c2d3e-aaaa-4bbb-8ccc-123456789abc");
    assert.strictEqual(event.installId, "e781172737088468503e6dd9da53696ae7fc7a2a2de6532f735c296e8b141960");
    assert.strictEqual(event.profile, "developer");
    assert.strictEqual(new Date(event.timeMs).toISOString(), "2026-11-30T08:00:00.000Z");
    assert.deepStrictEqual(event.roles, []);
  });

  it("the roles claim: an array, or one string joined by , or ; — each value once, trimmed, case kept", () => {
    const [a, b] = ["ClaudeCode.Group.0a1b2c3d", "ClaudeCode.Automation"];
    const rolesOf = (roles: string | string[]) => {
      const report = { oid: "u", profile: "developer", roles, at: "2026-11-30T08:00:00Z" };
      const outcome = policyEventOf(parseOtlpExports(fleetExport([report]), "g")[0]);
      return outcome && "event" in outcome ? outcome.event.roles : outcome;
    };
    const both = [b, a];
    assert.deepStrictEqual(rolesOf([a, b, "", a]), both);
    assert.deepStrictEqual(rolesOf(`${a}, ${b}`), both);
    assert.deepStrictEqual(rolesOf(`${b};${a};`), both);
  });

  it("a refusal is trigger `refused` with error.type and no hash: a failing policyHelper", () => {
    const event = stampedEvent("policy-helper-failed");
    assert.deepStrictEqual(
      [event.trigger, event.errorType, event.resolvedSha256],
      ["refused", "helper_failed", undefined],
    );
  });

  it("a refusal: requiredMinimumVersion above the client", () => {
    const event = stampedEvent("minimum-version-refused");
    assert.deepStrictEqual(
      [event.trigger, event.errorType, event.resolvedSha256],
      ["refused", "version_below_minimum", undefined],
    );
  });

  it("a policyHelpers entry with onFailure continue is a start, not a refusal: the client runs the file's policy", () => {
    const event = stampedEvent("policy-helper-continue");
    assert.deepStrictEqual([event.trigger, event.errorType], ["startup", undefined]);
    assert.match(event.resolvedSha256 ?? "", /^[0-9a-f]{64}$/);
  });

  it("reads several exports back to back, pretty-printed or as JSON lines, and ignores every other event", () => {
    const lines = fs.readFileSync(path.join(FIXTURES, "startup.json"), "utf8").trim().split("\n");
    assert.ok(lines.length > 1, "the capture holds several exports");
    const pretty = lines.map((line) => JSON.stringify(JSON.parse(line), null, 2)).join("");
    const records = parseOtlpExports(pretty, "pretty.json");
    assert.ok(records.length > 1);
    assert.strictEqual(records.filter((r) => r.body === "claude_code.managed_settings_resolved").length, 1);
    assert.strictEqual(records.length, parseOtlpExports(lines.join("\n"), "lines.json").length);
  });

  it("refuses what is not an OTLP/JSON logs export, naming the file and line", () => {
    const bad = (text: string) => () => parseOtlpExports(text, "events.json");
    assert.throws(
      bad('{"resourceLogs": []}\n{"resourceLogs": [}\n'),
      (e: Error) => e instanceof RolloutStatusInputError && /^events\.json:2: not valid JSON/.test(e.message),
    );
    assert.throws(bad('{"resourceMetrics": []}'), /events\.json document 1: not an OTLP\/JSON logs export/);
    assert.throws(bad(""), /it is empty/);
    assert.throws(bad('{"resourceLogs": ['), /cut off/);
    assert.throws(bad("resourceLogs"), /events\.json:1: not valid JSON/);
  });
});
