import { strict as assert } from "node:assert";
import type { ExemptionEvent } from "../../policies/lib/exemptions";
import { classifyExemption, exemptionMatches } from "../../policies/lib/exemptions";
import { kmsKeyRotation } from "../../policies/rules/kms/key-rotation";
import { s3BucketHardening } from "../../policies/rules/s3/bucket-hardening";
import { resourceArgs, runResource, runStack, stackArgs, stackResource, TODAY, urnOf } from "./harness";

const KEY = "aws:kms/key:Key";
const VIOLATION = "enableKeyRotation is not true.";

describe("policy exemptions", () => {
  const runKey = (exemptions: unknown[], events?: ExemptionEvent[], today = TODAY) =>
    runResource(
      kmsKeyRotation,
      resourceArgs(KEY, {}, { name: "legacy-key", config: { exemptions }, exemptionEvents: events, today }),
    );

  it("suppresses a violation matched by logical-name glob while the exemption is valid, and says so to the evaluator", () => {
    const events: ExemptionEvent[] = [];
    const exemption = {
      resource: "legacy-*",
      reason: "Imported key; rotation enabled after migration",
      expires: "2026-07-01",
    };
    assert.deepEqual(runKey([exemption], events), []);
    assert.deepEqual(events, [
      {
        kind: "applied",
        policy: "kms-key-rotation",
        resource: urnOf(KEY, "legacy-key"),
        message: VIOLATION,
        exemption,
      },
    ]);
  });

  it("matches by URN glob too", () => {
    assert.deepEqual(
      runKey([{ resource: "urn:pulumi:test::*::aws:kms/key:Key::legacy-key", reason: "r", expires: "2026-12-31" }]),
      [],
    );
  });

  it("stops applying after the expiry day and the violation says so", () => {
    const events: ExemptionEvent[] = [];
    assert.deepEqual(runKey([{ resource: "legacy-key", reason: "migration", expires: "2026-06-30" }], events), [
      `${VIOLATION} [exemption expired on 2026-06-30 (migration) — renew it or fix the resource]`,
    ]);
    assert.deepEqual(
      events.map((e) => e.kind),
      ["expired"],
    );
  });

  it("ignores an exemption without a reason or expiry, reporting why", () => {
    assert.deepEqual(runKey([{ resource: "legacy-key", expires: "2026-12-31" }]), [
      `${VIOLATION} [exemption ignored: reason: required — say why the violation is acceptable]`,
    ]);
    assert.deepEqual(runKey([{ resource: "legacy-key", reason: "r" }]), [
      `${VIOLATION} [exemption ignored: expires: required — the last day the exemption applies, YYYY-MM-DD]`,
    ]);
  });

  it("does not apply to other resources", () => {
    assert.deepEqual(runKey([{ resource: "other-key", reason: "r", expires: "2026-12-31" }]), [VIOLATION]);
  });

  it("applies to stack-policy violations through the reported URN", () => {
    const bucket = stackResource("aws:s3/bucket:Bucket", "scratch", { id: "scratch-id" });
    const config = { exemptions: [{ resource: "scratch", reason: "Throwaway test bucket", expires: "2026-08-01" }] };
    assert.deepEqual(runStack(s3BucketHardening, stackArgs([bucket], { config })), []);
  });

  it("classifies entries: invalid dates, a foreign policy name, active and expired", () => {
    assert.deepEqual(classifyExemption("p", { resource: "r", reason: "x", expires: "2026-02-30" }, TODAY), {
      state: "invalid",
      problems: ['expires: "2026-02-30" is not a calendar day — use YYYY-MM-DD'],
      raw: { resource: "r", reason: "x", expires: "2026-02-30" },
    });
    assert.equal(
      classifyExemption("p", { policy: "q", resource: "r", reason: "x", expires: "2026-12-31" }, TODAY).state,
      "invalid",
    );
    assert.equal(
      classifyExemption("p", { policy: "p", resource: "r", reason: "x", expires: "2026-07-01" }, TODAY).state,
      "active",
    );
    assert.equal(
      classifyExemption("p", { resource: "r", reason: "x", expires: "2026-07-01" }, new Date("2026-07-02T00:00:00Z"))
        .state,
      "expired",
    );
  });

  it("matches globs against the whole URN or name", () => {
    assert.equal(exemptionMatches("legacy", { urn: "urn:x::legacy-key", name: "legacy-key" }), false);
    assert.equal(exemptionMatches("legacy-?ey", { urn: "urn:x", name: "legacy-key" }), true);
  });
});
