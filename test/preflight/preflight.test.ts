import * as assert from "assert";
import { editedStackCopy } from "../fixtures/stack-copy";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { loadRolloutConfig, RolloutConfig } from "../../components/config";
import { Prerequisite, preflight } from "../../components/preflight";
import { readStack } from "../../cli/stack";
import { preflightReport, preflightWarnings } from "../../cli/preflight/report";
import { sampleConfig } from "../fixtures/config";

const ROOT = path.resolve(__dirname, "..", "..");
const prodConfig = (): RolloutConfig => {
  const stack = readStack("prod");
  return loadRolloutConfig(stack.projectConfig, stack.stack);
};
const items = (list: Prerequisite[], kind: Prerequisite["kind"]) =>
  list.filter((p) => p.kind === kind).map((p) => p.item);

describe("preflight: what the first pulumi up needs", () => {
  it("names every principal the prod policies name, with the key it comes from", () => {
    const config = prodConfig();
    const principals = preflight(config).filter((p) => p.kind === "principal");
    assert.deepEqual(
      principals.map((p) => [p.item, p.configPath]),
      [
        ...config.credentials!.vaultAdministratorArns!.map((arn) => [arn, "credentials.vaultAdministratorArns"]),
        ...config.credentials!.automationReaderArns.map((arn) => [arn, "credentials.automationReaderArns"]),
        ...config.distribution!.mdmReaderArns.map((arn) => [arn, "distribution.mdmReaderArns"]),
      ],
    );
    const reasonOf = (key: string) => principals.find((p) => p.configPath === key)!.reason;
    assert.match(reasonOf("credentials.vaultAdministratorArns"), /^the only role\(s\) besides the account root/);
    assert.match(
      reasonOf("credentials.automationReaderArns"),
      /KMS and Secrets Manager reject a policy whose principal does not exist/,
    );
    assert.match(reasonOf("distribution.mdmReaderArns"), /S3 rejects a bucket policy whose principal does not exist/);
  });

  it("lists the Graph permissions the azuread provider documents for what prod creates, and the P1 licence", () => {
    const list = preflight(prodConfig());
    const graph = "(the deployer's Entra app: application permission, admin-consented)";
    assert.deepEqual(items(list, "Microsoft Graph permission"), [
      `Group.ReadWrite.All ${graph}`,
      `Group.Read.All or Directory.Read.All ${graph}`,
      `Application.ReadWrite.OwnedBy or Application.ReadWrite.All ${graph}`,
      `AppRoleAssignment.ReadWrite.All with Application.Read.All ${graph}`,
    ]);
    const reasons = list.filter((p) => p.kind === "Microsoft Graph permission").map((p) => p.reason);
    // 4 profile groups, 10 assignments (9 by name); 4 profile apps + 1 machine client + the telemetry app.
    assert.match(reasons[0], /^creates 4 profile group\(s\) \(azuread\.Group\) and nests 10 assigned group\(s\)/);
    assert.equal(reasons[1], "looks up 9 assigned group(s) by display name (azuread.getGroups)");
    assert.match(reasons[2], /^creates 6 app registration\(s\).*rotates the client secrets of 1 machine client\(s\)/);
    assert.deepEqual(items(list, "licence"), ["Microsoft Entra ID P1 (or P2) for the tenant"]);
  });

  it("asks for the AWS actions per service the configured sections need", () => {
    const services = items(preflight(prodConfig()), "AWS permission").map((item) => item.split(":")[0]);
    assert.deepEqual(services, [
      "sts",
      "iam (roles)",
      "iam (OIDC provider)",
      "kms",
      "secretsmanager",
      "s3",
      "logs",
      "firehose, ecs, ec2, elasticloadbalancing, cloudwatch",
    ]);
  });

  it("names an existing OIDC provider, adopted groups and Bedrock logging instead of what they replace", () => {
    const stack = readStack("prod");
    const raw = structuredClone(stack.projectConfig) as {
      tenantId: string;
      credentials: Record<string, unknown>;
      profiles: Record<string, Record<string, unknown>>;
      telemetry: Record<string, unknown>;
    };
    const provider = `arn:aws:iam::210987654321:oidc-provider/login.microsoftonline.com/${raw.tenantId}/v2.0`;
    raw.credentials.oidcProviderArn = provider;
    raw.profiles.platform.groupObjectId = "0b7c6d5e-4f3a-4b2c-8d1e-9f8a7b6c5d4e";
    raw.telemetry.logUserPrompts = true;
    raw.telemetry.bedrockInvocationLogs = {};
    const list = preflight(loadRolloutConfig(raw, "prod"));
    const resources = list.filter((p) => p.kind === "existing resource");
    assert.ok(resources.some((p) => p.item === provider && /add-client-id-to-open-id-connect-provider/.test(p.reason)));
    assert.ok(!resources.some((p) => p.item.startsWith("no IAM OIDC provider")));
    assert.ok(resources.some((p) => p.item === "Entra security group 0b7c6d5e-4f3a-4b2c-8d1e-9f8a7b6c5d4e"));
    assert.ok(
      resources.some(
        (p) =>
          p.item === "Bedrock model-invocation logging of account 210987654321 in eu-west-1" &&
          p.configPath === "telemetry.bedrockInvocationLogs",
      ),
    );
    assert.ok(!resources.some((p) => p.item === 'no Entra group named "claude-code-prod-platform" yet'));
    assert.ok(resources.some((p) => p.item === 'no Entra group named "claude-code-prod-developer" yet'));
    const aws = items(list, "AWS permission");
    assert.ok(!aws.some((item) => item.startsWith("iam (OIDC provider)")));
    assert.ok(
      aws.includes(
        "bedrock: bedrock:PutModelInvocationLoggingConfiguration, bedrock:GetModelInvocationLoggingConfiguration, bedrock:DeleteModelInvocationLoggingConfiguration, iam:PassRole",
      ),
    );
    assert.match(list.find((p) => p.item.startsWith("Group.ReadWrite.All"))!.reason, /for the 1 adopted group\(s\)/);
  });

  it("asks an identity-only stack for group permissions alone: no apps, no licence, no AWS", () => {
    const list = preflight(loadRolloutConfig(sampleConfig(), "dev"));
    assert.deepEqual([...new Set(list.map((p) => p.kind))], ["existing resource", "Microsoft Graph permission"]);
    assert.deepEqual(
      items(list, "Microsoft Graph permission").map((item) => item.split(" (")[0]),
      ["Group.ReadWrite.All", "Group.Read.All or Directory.Read.All"],
    );
  });

  it("the operating guide's Before the first pulumi up section names every Graph permission and licence preflight asks for", () => {
    const guide = fs.readFileSync(path.join(ROOT, "docs", "operating-guide.md"), "utf8");
    const section = guide.slice(
      guide.indexOf("## Before the first pulumi up"),
      guide.indexOf("\n## ", guide.indexOf("## Before the first pulumi up") + 1),
    );
    const list = preflight(prodConfig());
    const permissions = list
      .filter((p) => p.kind === "Microsoft Graph permission")
      .flatMap((p) => p.item.split(" (")[0].match(/[A-Z][A-Za-z]+(\.[A-Za-z]+)+/g) ?? []);
    assert.deepEqual([...new Set(permissions)].sort(), [
      "AppRoleAssignment.ReadWrite.All",
      "Application.Read.All",
      "Application.ReadWrite.All",
      "Application.ReadWrite.OwnedBy",
      "Directory.Read.All",
      "Group.Read.All",
      "Group.ReadWrite.All",
    ]);
    for (const permission of permissions)
      assert.ok(section.includes(`\`${permission}\``), `${permission} missing from the guide`);
    assert.ok(section.includes("Microsoft Entra ID P1 (or P2)"));
    assert.ok(section.includes("npm run preflight -- <stack>"));
  });

  it("gives every prerequisite a reason, and a config path that exists in the schema's sections", () => {
    for (const p of preflight(prodConfig())) {
      assert.ok(p.reason.length > 20, `${p.item}: no reason`);
      if (p.configPath) assert.match(p.configPath, /^(credentials|distribution|telemetry|profiles|assignments)\b/);
    }
  });
});

describe("preflight: the command and synth's warnings", function () {
  this.timeout(120_000);
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "cli/preflight.ts", ...args],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );

  it("prints the checklist of a stack, grouped, each item with its reason", () => {
    const result = run("prod");
    const list = preflight(prodConfig());
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, preflightReport("prod", path.join("stacks", "Pulumi.prod.yaml"), list));
    assert.match(
      result.stdout,
      new RegExp(
        `^Before the first pulumi up of prod \\(stacks/Pulumi\\.prod\\.yaml\\): ${list.length} prerequisites\\n`,
      ),
    );
    assert.equal(result.stdout.match(/^ {6}why: /gm)?.length, list.length);
    assert.deepEqual(JSON.parse(run("prod", "--json").stdout), JSON.parse(JSON.stringify(list)));
  });

  it("refuses an invalid stack with the stack-file path, and a missing argument with the usage", () => {
    const file = editedStackCopy("prod", (text) => text.replace(/^ {4}vaultAdministratorArns: .*\n/m, ""));
    const bad = run(file);
    assert.equal(bad.status, 1);
    assert.match(
      bad.stderr,
      /credentials\.vaultAdministratorArns: the vault keeps the machine credential of profile "platform"/,
    );
    const usage = run();
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^usage: npm run preflight -- <stack name/);
  });

  it("gives synth a heading and one warning line per prerequisite, the reasons left to npm run preflight", () => {
    const list = preflight(prodConfig());
    const warnings = preflightWarnings("prod", list);
    assert.equal(warnings.length, list.length + 1);
    assert.equal(
      warnings[0],
      `${list.length} prerequisites before the first pulumi up (npm run preflight -- prod gives the reason for each):`,
    );
    assert.equal(warnings[1], `  principal: ${list[0].item} [credentials.vaultAdministratorArns]`);
    assert.deepStrictEqual(preflightWarnings("prod", []), []);
  });
});
