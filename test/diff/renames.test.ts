// A child renamed with `aliases` is carried over in place by Pulumi: the diff must not list it as
// removed and added, and the mock runtime must record the aliases for the diff to see them.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ResourceDoc } from "../../cli/diff/model";
import { buildReport } from "../../cli/diff/report";
import { installMockRuntime } from "../../cli/runtime/mocks";

const ROLE = "aws:iam/role:Role";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const urn = (type: string, name: string) => `urn:pulumi:prod::claude-code-rollout::${type}::${name}`;
const resource = (type: string, name: string, inputs: Record<string, unknown>, aliases?: string[]): ResourceDoc => ({
  type,
  name,
  urn: urn(type, name),
  parent: null,
  custom: true,
  inputs,
  ...(aliases ? { aliases } : {}),
});
const changes = (base: ResourceDoc[], head: ResourceDoc[]) =>
  buildReport({ dir: "base", resources: base }, { dir: "head", resources: head }).changes.map((c) => [
    c.risk,
    c.kind,
    c.subject,
    c.details,
  ]);

class Role extends pulumi.CustomResource {
  constructor(name: string, opts?: pulumi.CustomResourceOptions) {
    super(ROLE, name, {}, opts);
  }
}

describe("diff: renamed resources", () => {
  it("a rename through an alias with the same inputs is no change", () => {
    assert.deepStrictEqual(
      changes(
        [resource(ROLE, "telemetry-storage-archive", { maxSessionDuration: 3600 })],
        [resource(ROLE, "telemetry-storage-archive-role", { maxSessionDuration: 3600 }, ["telemetry-storage-archive"])],
      ),
      [],
    );
  });

  it("a rename through an alias that also changes inputs is one change under the new name", () => {
    assert.deepStrictEqual(
      changes(
        [resource(ROLE, "old", { maxSessionDuration: 3600 })],
        [resource(ROLE, "new", { maxSessionDuration: 7200 }, ["old"])],
      ),
      [["low", "resources-changed", ROLE, ["changed: new"]]],
    );
  });

  it("a renamed log group whose retention shrinks is still reported as widening", () => {
    assert.deepStrictEqual(
      changes(
        [resource(LOG_GROUP, "audit", { retentionInDays: 365 })],
        [resource(LOG_GROUP, "audit-logs", { retentionInDays: 30 }, ["audit"])],
      ),
      [["high", "log-retention-shortened", "audit-logs", []]],
    );
  });

  it("without an alias, or with one naming a resource the head still has, it is removed and added", () => {
    assert.deepStrictEqual(changes([resource(ROLE, "old", {})], [resource(ROLE, "new", {})]), [
      ["medium", "resources-changed", ROLE, ["added: new", "removed: old"]],
    ]);
    assert.deepStrictEqual(
      changes([resource(ROLE, "a", {})], [resource(ROLE, "a", {}), resource(ROLE, "b", {}, ["a"])]),
      [["low", "resources-changed", ROLE, ["added: b"]]],
    );
  });

  it("an alias of another type does not pair resources", () => {
    assert.deepStrictEqual(changes([resource(LOG_GROUP, "old", {})], [resource(ROLE, "new", {}, ["old"])]), [
      ["medium", "resources-changed", LOG_GROUP, ["removed: old"]],
      ["low", "resources-changed", ROLE, ["added: new"]],
    ]);
  });

  it("the mock runtime records a resource's named aliases, and none for a resource without", async () => {
    const runtime = await installMockRuntime({ stack: "prod" });
    new Role("renamed", { aliases: [{ name: "former" }] });
    new Role("plain");
    await runtime.settle();
    assert.deepStrictEqual(
      runtime.resources.map((r) => [r.name, r.aliases]).sort(([a], [b]) => String(a).localeCompare(String(b))),
      [
        ["plain", undefined],
        ["renamed", ["former"]],
      ],
    );
  });
});
