import * as assert from "assert";
import * as fs from "fs";
import type { StackValidationPolicy } from "@pulumi/policy";
import { headingAnchor, POLICIES_DOC, REGENERATE_POLICIES_DOC, renderPoliciesDoc } from "../../cli/export-policies-doc";
import type { TypedResourcePolicy } from "../../policies/lib/define";
import { allPolicies } from "../../policies/rules";

/** The summary table's rows: every line of the first table after its header and delimiter. */
function summaryRows(doc: string): string[] {
  const lines = doc.split("\n");
  const header = lines.indexOf("| policy | checks | resource types | level | severity | what it requires |");
  assert.ok(header >= 0, "the summary table header is missing");
  const rows: string[] = [];
  for (let i = header + 2; i < lines.length && lines[i].startsWith("|"); i++) rows.push(lines[i]);
  return rows;
}

/** Cells of a GFM table row: split on pipes that no backslash escapes. */
function cells(row: string): string[] {
  return row
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe("docs/policies.md", () => {
  it("is the generator's output for the pack as it is", () => {
    assert.equal(
      fs.readFileSync(POLICIES_DOC, "utf8"),
      renderPoliciesDoc(),
      `docs/policies.md is stale: run \`${REGENERATE_POLICIES_DOC}\` and commit it`,
    );
  });

  it("has one summary row and one section per registered policy, in pack order, with its level", () => {
    const doc = renderPoliciesDoc();
    const rows = summaryRows(doc).map(cells);
    assert.deepEqual(
      rows.map((row) => [row[0], row[3]]),
      allPolicies.map((p) => [`[\`${p.name}\`](#${p.name})`, p.enforcementLevel]),
    );
    const byName = new Map(rows.map((row) => [row[0], row]));
    assert.deepEqual(byName.get("[`kms-key-rotation`](#kms-key-rotation)")?.slice(1, 3), [
      "resource",
      "`aws:kms/key:Key`",
    ]);
    assert.deepEqual(byName.get("[`settings-bypass-disabled`](#settings-bypass-disabled)")?.slice(1, 3), [
      "resource",
      "`aws:s3/bucketObjectv2:BucketObjectv2`, `aws:s3/bucketObject:BucketObject`",
    ]);
    const stackRows = rows.filter((row) => row[1] === "stack");
    assert.ok(stackRows.length > 0, "the pack has stack policies");
    for (const row of stackRows) assert.strictEqual(row[2], "all (whole stack)", row[0]);
    const headings = [...doc.matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1]);
    assert.deepEqual(
      headings,
      allPolicies.map((p) => p.name),
    );
  });

  it("lists each policy's thresholds with their defaults, and not the shared exemptions key", () => {
    const doc = renderPoliciesDoc();
    const section = doc.slice(
      doc.indexOf("## `kms-key-rotation`"),
      doc.indexOf("## `cloudwatch-log-group-retention-kms`"),
    );
    assert.match(
      section,
      /\n\| `maxRotationDays` \| `365` \| integer, ≥ 90, ≤ 2560 \| Longest rotation period, in days\. \|\n/,
    );
    assert.match(section, /- Level: mandatory; severity: medium; checks: resource\./);
    assert.doesNotMatch(doc, /\| `exemptions` \|/);
    const lock = doc.slice(doc.indexOf("## `s3-archive-object-lock`"), doc.indexOf("## `kms-key-rotation`"));
    assert.match(lock, /\| `mode` \| `"COMPLIANCE"` \| string, one of `"COMPLIANCE"`, `"GOVERNANCE"` \|/);
    assert.match(lock, /checks: stack\./);
  });

  it("escapes every value the pack supplies, so none becomes markup, a new cell or a mention", () => {
    const hostile: TypedResourcePolicy = {
      name: "evil|name`x",
      resourceTypes: ["aws:s3/x|y:`Z`"],
      description: "breaks | the table\n## and <script>alert(1)</script> @security-team #12 [link](http://x)",
      enforcementLevel: "advisory",
      severity: "low",
      remediationSteps: "line one\r\nline two | *bold*",
      configSchema: {
        properties: {
          "key|with pipe": { type: "string", default: "a|b`c", description: "uses <b>html</b> | and @org/team" },
        },
      },
      validateResource: () => undefined,
    };
    const stack: StackValidationPolicy = {
      name: "plain-stack",
      description: "ok",
      enforcementLevel: "mandatory",
      validateStack: () => undefined,
    };
    const doc = renderPoliciesDoc([hostile, stack]);
    const rows = summaryRows(doc);
    assert.equal(rows.length, 2, "a newline in a value must not end the table row");
    assert.deepEqual(
      rows.map((row) => cells(row).length),
      [6, 6],
    );
    assert.ok(!/<script>|<b>/.test(doc), "raw HTML must be entity-escaped");
    assert.ok(!/@security-team|@org\/team/.test(doc), "mentions must be broken");
    assert.ok(!/\n## and /.test(doc), "a description must not open a heading");
    assert.deepEqual(cells(rows[0]).slice(1, 5), ["resource", "`` aws:s3/x\\|y:`Z` ``", "advisory", "low"]);
    assert.match(rows[1], /\| stack \| all \(whole stack\) \| mandatory \| unset \| ok \|/);
    const keyRow = doc.split("\n").find((line) => line.startsWith("| `key"));
    assert.ok(keyRow, "the config key row is missing");
    assert.equal(cells(keyRow).length, 4);
  });

  it("links each summary row to the anchor GitHub gives its section heading", () => {
    assert.equal(headingAnchor("kms-key-rotation"), "kms-key-rotation");
    assert.equal(headingAnchor("Before the first pulumi up"), "before-the-first-pulumi-up");
    assert.equal(
      headingAnchor("Verify against the real client (`npm run verify`)"),
      "verify-against-the-real-client-npm-run-verify",
    );
    assert.equal(headingAnchor("Artefacts & MDM: what ships"), "artefacts--mdm-what-ships");
  });
});
