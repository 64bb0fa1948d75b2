// No output may depend on the locale: the permission matrix and the policy report rendered in child
// processes under C, Swedish and Turkish locales (Node's ICU collates by LANG/LC_ALL, with its own data,
// whether or not the OS has the locale installed) are byte-identical, in code-point order.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** Case-sensitive, accented and Turkish-i names: every locale sorts these differently. */
const NAMES = ["zeta", "Zeta", "ärzte", "eng", "Eng", "ıi", "Ii", "Åre"];

const CHILD = `
const { renderPermissionMatrix } = require("./components/settings");
const { evaluatePolicies, renderPolicyReport } = require("./policies/offline");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const report = renderPolicyReport(evaluatePolicies([], input.config, new Date("2026-07-01T00:00:00Z")));
process.stdout.write(JSON.stringify({
  locale: Intl.DateTimeFormat().resolvedOptions().locale,
  localeOrder: [...input.names].sort((a, b) => a.localeCompare(b)),
  matrix: renderPermissionMatrix(input.rollout),
  markdown: report.markdown,
  json: report.json,
}));`;

interface ChildOutput {
  locale: string;
  localeOrder: string[];
  matrix: string;
  markdown: string;
  json: string;
}

function renderUnder(locale: string): ChildOutput {
  const profile = {
    name: "standard",
    priority: 20,
    description: "Engineers",
    policyHash: "0".repeat(64),
    includeGroup: "g",
    excludeGroups: [],
    assignedGroups: NAMES,
    settings: {
      permissions: { allow: [], ask: [], deny: [], disableBypassPermissionsMode: "disable" },
      allowedMcpServers: [],
    },
  };
  const input = {
    names: NAMES,
    rollout: {
      environment: "dev",
      clientVersion: "2.1.329",
      profiles: [profile],
      assignments: NAMES.map((group) => ({ group, profile: "standard" })),
      warnings: [],
    },
    config: {
      ...Object.fromEntries(NAMES.map((name) => [name, "advisory"])),
      "kms-key-rotation": {
        exemptions: NAMES.map((resource) => ({ resource, reason: "retired", expires: "2026-01-31" })),
      },
    },
  };
  const env = { ...process.env, LANG: locale, LC_ALL: locale, LC_COLLATE: locale };
  const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", CHILD], {
    cwd: ROOT,
    env,
    input: JSON.stringify(input),
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

describe("outputs do not depend on the locale", () => {
  let outputs: Record<string, ChildOutput>;
  before(() => {
    outputs = Object.fromEntries(["C", "sv_SE.UTF-8", "tr_TR.UTF-8"].map((locale) => [locale, renderUnder(locale)]));
  });

  it("runs the children under locales that really collate differently", () => {
    assert.deepEqual(
      Object.values(outputs).map((o) => o.locale),
      ["en-US", "sv-SE", "tr-TR"],
    );
    const orders = new Set(Object.values(outputs).map((o) => JSON.stringify(o.localeOrder)));
    assert.equal(orders.size, 3, `localeCompare gave ${[...orders].join(" / ")}`);
  });

  it("renders byte-identical matrix and policy report, ordered by code point", () => {
    const [c, sv, tr] = Object.values(outputs);
    for (const other of [sv, tr]) {
      assert.equal(other.matrix, c.matrix);
      assert.equal(other.markdown, c.markdown);
      assert.equal(other.json, c.json);
    }
    const order = ["Eng", "Ii", "Zeta", "eng", "zeta", "Åre", "ärzte", "ıi"];
    assert.deepEqual(
      c.matrix
        .split("\n")
        .filter((line) => line.endsWith("| standard | 20 | `000000000000` |"))
        .map((line) => line.split(" | ")[0].slice(2)),
      order,
    );
    assert.deepEqual(
      c.markdown
        .split("\n")
        .filter((line) => line.startsWith("| kms-key-rotation | `"))
        .map((line) => line.split(" | ")[1]),
      order.map((name) => `\`${name}\``),
    );
    const configProblems = JSON.parse(c.json)
      .policies.find((p: { name: string }) => p.name === "policy-config")
      .violations.map((v: { message: string }) => v.message.split(":")[0]);
    assert.deepEqual(configProblems, order);
  });
});
