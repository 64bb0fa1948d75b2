import * as assert from "assert";
import { stackCopy } from "../fixtures/stack-copy";
import * as fs from "fs";
import * as path from "path";
import { readStack } from "../../cli/stack";
import { synthesize } from "../../cli/synth/run";
import { ACCOUNT_ID } from "../../cli/runtime/mocks";
import { credentialsSchema } from "../../components/config/credentials";
import { Credentials, CredentialsArgs, profileAppUri } from "../../components/credentials";
import { rotationWindow } from "../../components/plan/rotation";
import { findResource, installMocks, invokeResults, ofType, resetRecorded, settle, valueOf } from "../mocks";

// The vault outlives its deployer (administrators from config, whoever runs the up), and an account
// that already federates the tenant reuses its OIDC provider.

const TENANT = "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b";
const ADMINS = [`arn:aws:iam::${ACCOUNT_ID}:role/ops/pulumi-deployer`, `arn:aws:iam::${ACCOUNT_ID}:role/break-glass`];
const READER = `arn:aws:iam::${ACCOUNT_ID}:role/ci-runner`;
const PROVIDER = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/login.microsoftonline.com/${TENANT}/v2.0`;
const SONNET = { foundationModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0" };

function args(extra: Record<string, unknown> = {}): CredentialsArgs {
  const config = credentialsSchema.parse({
    provider: "bedrock",
    accountId: ACCOUNT_ID,
    region: "eu-west-1",
    automationReaderArns: [READER],
    vaultAdministratorArns: ADMINS,
    models: { sonnet: SONNET },
    ...extra,
  });
  return {
    plan: {
      environment: "test",
      tenantId: TENANT,
      config,
      rotation: rotationWindow(new Date("2026-03-10T12:00:00Z"), 30),
      profiles: [
        {
          name: "platform",
          automation: true,
          models: [SONNET],
          roleName: "claude-code-test-platform",
          appUri: profileAppUri(TENANT, "test", "platform"),
        },
      ],
    },
    groups: { platform: { profileGroupObjectId: "group-platform", assignedGroupObjectIds: {} } },
  };
}

/** Registers the component as the given caller would run `pulumi up`; the machine credential's secret policy. */
async function secretPolicyUnder(callerArn: string): Promise<unknown> {
  await installMocks();
  resetRecorded();
  invokeResults().set("aws:index/getCallerIdentity:getCallerIdentity", () => ({
    accountId: ACCOUNT_ID,
    arn: callerArn,
    userId: "AROAEXAMPLE:session",
    id: ACCOUNT_ID,
  }));
  new Credentials("creds", args());
  await settle();
  return JSON.parse(
    findResource("aws:secretsmanager/secret:Secret", "creds-vault-platform-machine").inputs.policy as string,
  );
}

describe("credentials: the vault's administrators come from config", function () {
  this.timeout(60_000);

  it("writes the same secret policy whoever deploys: the configured administrators, never the caller", async () => {
    const ci = await secretPolicyUnder(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/pulumi-deployer/gha-run-1`);
    const breakGlass = await secretPolicyUnder(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/break-glass/alice`);
    assert.deepEqual(ci, breakGlass);
    const statements = (ci as { Statement: { Sid: string; Condition?: unknown }[] }).Statement;
    assert.deepEqual(
      statements.map((s) => [s.Sid, s.Condition]),
      [
        ["NamedReaders", undefined],
        ["NobodyElseReads", { ArnNotLike: { "aws:PrincipalArn": [...ADMINS, READER].sort() } }],
        [
          "OnlyOwnersAdminister",
          { ArnNotLike: { "aws:PrincipalArn": [...ADMINS, `arn:aws:iam::${ACCOUNT_ID}:root`].sort() } },
        ],
      ],
    );
    assert.ok(!JSON.stringify(ci).includes("gha-run-1") && !JSON.stringify(ci).includes("alice"));
  });

  it("registers no OIDC provider when config names the account's existing one, and the roles trust it", async () => {
    await installMocks();
    resetRecorded();
    const credentials = new Credentials("creds", args({ oidcProviderArn: PROVIDER }));
    await settle();
    assert.deepEqual(ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider"), []);
    const trust = JSON.parse(
      findResource("aws:iam/role:Role", "creds-platform-role").inputs.assumeRolePolicy as string,
    );
    assert.equal(trust.Statement[0].Principal.Federated, PROVIDER);
    assert.equal(await valueOf(credentials.oidcProviderArn), PROVIDER);
  });

  it("creates the provider for the tenant's issuer when config names none", async () => {
    await installMocks();
    resetRecorded();
    new Credentials("creds", args());
    await settle();
    const [provider] = ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.equal(provider.inputs.url, `https://login.microsoftonline.com/${TENANT}/v2.0`);
  });
});

describe("credentials through the whole program: prod naming its OIDC provider and vault administrators", function () {
  this.timeout(180_000);

  it("registers no OIDC provider, trusts the named one, and the secret policies name the stack file's administrators", async () => {
    const original = fs.readFileSync(path.resolve(__dirname, "..", "..", "stacks", "Pulumi.prod.yaml"), "utf8");
    const header = "  claude-code-rollout:credentials:\n";
    assert.ok(original.includes(header), "the prod sample's credentials section moved: update this test");
    const provider = `arn:aws:iam::210987654321:oidc-provider/login.microsoftonline.com/${TENANT}/v2.0`;
    const file = stackCopy("prod", original.replace(header, `${header}    oidcProviderArn: ${provider}\n`));
    const stack = readStack(file);
    const result = await synthesize(stack);

    assert.deepEqual(
      result.resources.filter((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider"),
      [],
    );
    const roles = result.resources.filter(
      (r) => r.type === "aws:iam/role:Role" && /^credentials-.+-role$/.test(r.name),
    );
    assert.ok(roles.length >= 4);
    for (const role of roles)
      assert.equal(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal.Federated, provider);
    const admins = (stack.projectConfig.credentials as { vaultAdministratorArns: string[] }).vaultAdministratorArns;
    const secret = result.resources.find((r) => r.name === "credentials-vault-platform-machine");
    const administer = JSON.parse(secret!.inputs.policy as string).Statement.find(
      (s: { Sid: string }) => s.Sid === "OnlyOwnersAdminister",
    );
    assert.deepEqual(
      administer.Condition.ArnNotLike["aws:PrincipalArn"],
      [...admins, "arn:aws:iam::210987654321:root"].sort(),
    );
    assert.equal(result.policyReport.mandatoryViolations, 0);
  });
});
