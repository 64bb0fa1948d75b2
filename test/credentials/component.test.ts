import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { fakeGuid } from "../../cli/runtime/ids";
import { ACCOUNT_ID, isSecretValue, maskSecrets } from "../../cli/runtime/mocks";
import { credentialsSchema } from "../../components/config/credentials";
import {
  AZURE_CLI_CLIENT_ID,
  Credentials,
  CredentialsArgs,
  profileAppIds,
  profileAppUri,
  profileCredentialHelpers,
} from "../../components/credentials";
import { CredentialProfilePlan } from "../../components/plan";
import { readStack } from "../../cli/stack";
import { loadRolloutConfig } from "../../components/config";
import { groupRoleValue, MAX_GROUPS_PER_PROFILE, membershipKeyOfRole } from "../../components/plan/group-roles";
import { membershipKey, planIdentity } from "../../components/plan/identity";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { rotationWindow } from "../../components/plan/rotation";
import { findResource, installMocks, ofType, resetRecorded, resources, settle, valueOf } from "../mocks";

// The Credentials component under Pulumi's mock runtime: exact documents and wiring per profile.

const TENANT = "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b";
const ISSUER_PATH = `login.microsoftonline.com/${TENANT}/v2.0`;
const ACCOUNT = "123456789012";
const READER = "arn:aws:iam::210987654321:role/ci-runner";
const FIREHOSE = "arn:aws:iam::123456789012:role/firehose-siem";
const DEPLOYER = "arn:aws:iam::123456789012:role/deployer";
const SONNET = {
  foundationModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  inferenceProfileId: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
};
const HAIKU = { foundationModelId: "anthropic.claude-haiku-4-5-20251001-v1:0" };
const TODAY = new Date("2026-03-10T12:00:00Z");
const SIEM_TOKEN = "siem-token-plaintext-4f1c";

const config = credentialsSchema.parse({
  provider: "bedrock",
  accountId: ACCOUNT_ID,
  region: "eu-west-1",
  automationReaderArns: [READER],
  vaultAdministratorArns: [DEPLOYER],
  models: { sonnet: SONNET, haiku: HAIKU },
});

const profile = (name: string, automation: boolean, models: CredentialProfilePlan["models"]) => ({
  name,
  automation,
  models,
  roleName: `claude-code-test-${name}`,
  appUri: profileAppUri(TENANT, "test", name),
});

function args(overrides: Partial<CredentialsArgs> = {}): CredentialsArgs {
  return {
    plan: {
      environment: "test",
      tenantId: TENANT,
      config,
      rotation: rotationWindow(TODAY, 30),
      profiles: [profile("developer", false, [SONNET]), profile("platform", true, [SONNET, HAIKU])],
    },
    groups: {
      developer: {
        profileGroupObjectId: "group-developer",
        assignedGroupObjectIds: { [membershipKey("Eng - Frontend")]: fakeGuid("directory-group/Eng - Frontend") },
      },
      platform: { profileGroupObjectId: "group-platform", assignedGroupObjectIds: {} },
    },
    tokens: {
      siem: {
        value: pulumi.secret(SIEM_TOKEN),
        readers: { arns: [FIREHOSE], configPath: "credentials.siemTokenReaderArns" },
        expires: "2026-12-31",
      },
    },
    ...overrides,
  };
}

/** The fake client id / object id the mock runtime gives an azuread resource. */
const clientIdOf = (name: string) => fakeGuid(`client/${name}`);
const objectIdOf = (type: string, name: string) => fakeGuid(`${type}/${name}`);
const json = (value: unknown) => JSON.parse(value as string);

describe("credentials: Credentials component", () => {
  let credentials: Credentials;
  before(async () => {
    await installMocks();
    resetRecorded();
    credentials = new Credentials("creds", args());
    await settle();
  });

  it("trusts only the tenant's v2 issuer with aud pinned to the profile's own app and the session named by its sub", () => {
    for (const profile of ["developer", "platform"]) {
      const role = findResource("aws:iam/role:Role", `creds-${profile}-role`);
      assert.equal(role.inputs.name, `claude-code-test-${profile}`);
      assert.equal(role.inputs.maxSessionDuration, 3600);
      assert.deepEqual(json(role.inputs.assumeRolePolicy), {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EntraProfileApp",
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:openidconnectprovider/creds-entra` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                [`${ISSUER_PATH}:aud`]: clientIdOf(`creds-${profile}-app`),
                // The session is named after the token's own subject: a laptop cannot choose whose name CloudTrail shows.
                "sts:RoleSessionName": `\${${ISSUER_PATH}:sub}`,
              },
            },
          },
        ],
      });
    }
  });

  it("registers one OIDC provider for the v2 issuer, listing every profile app as audience", () => {
    const [provider, ...others] = ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.equal(others.length, 0);
    assert.equal(provider.inputs.url, `https://${ISSUER_PATH}`);
    assert.deepEqual(provider.inputs.clientIdLists, [
      clientIdOf("creds-developer-app"),
      clientIdOf("creds-platform-app"),
    ]);
  });

  it("lets each role invoke exactly its profile's models, nothing else", () => {
    const developer = json(findResource("aws:iam/rolePolicy:RolePolicy", "creds-developer-bedrock").inputs.policy);
    const profileArn = `arn:aws:bedrock:eu-west-1:${ACCOUNT}:inference-profile/${SONNET.inferenceProfileId}`;
    const actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
    assert.deepEqual(developer.Statement, [
      { Sid: "InvokeInferenceProfiles", Effect: "Allow", Action: actions, Resource: [profileArn] },
      {
        Sid: "RoutedModelEuAnthropicClaudeSonnet4520250929V10",
        Effect: "Allow",
        Action: actions,
        Resource: `arn:aws:bedrock:*::foundation-model/${SONNET.foundationModelId}`,
        Condition: { StringEquals: { "bedrock:InferenceProfileArn": profileArn } },
      },
    ]);
    const platform = json(findResource("aws:iam/rolePolicy:RolePolicy", "creds-platform-bedrock").inputs.policy);
    assert.deepEqual(
      platform.Statement.map((s: { Sid: string }) => s.Sid),
      ["InvokeInferenceProfiles", "RoutedModelEuAnthropicClaudeSonnet4520250929V10", "InvokeFoundationModels"],
    );
    assert.deepEqual(platform.Statement[2].Resource, [
      `arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU.foundationModelId}`,
    ]);
    for (const policy of ofType("aws:iam/rolePolicy:RolePolicy")) {
      for (const statement of json(policy.inputs.policy).Statement) {
        assert.deepEqual(statement.Action, actions, `${policy.name} ${statement.Sid}`);
        assert.equal(statement.NotAction, undefined);
        for (const resource of [statement.Resource].flat())
          assert.match(
            resource,
            /^arn:aws:bedrock:(eu-west-1|\*):(\d{12})?:(inference-profile|foundation-model)\/(eu\.)?anthropic\./,
          );
      }
    }
  });

  it("registers a single-tenant app with v2 tokens, a pre-authorised Azure CLI and assignment required", () => {
    const app = findResource("azuread:index/application:Application", "creds-developer-app");
    const ids = profileAppIds("test", "developer");
    assert.equal(app.inputs.signInAudience, "AzureADMyOrg");
    assert.deepEqual(app.inputs.identifierUris, [`api://${TENANT}/claude-code-test-developer`]);
    assert.equal((app.inputs.api as { requestedAccessTokenVersion: number }).requestedAccessTokenVersion, 2);
    // No groups claim: the collector reads the roles claim, which app-only tokens have too.
    assert.equal(app.inputs.groupMembershipClaims, undefined);
    // The profile group's role, then one role per assigned group, named by its membership key.
    const frontend = membershipKey("Eng - Frontend");
    type Role = { id: string; value: string; allowedMemberTypes: string[]; enabled: boolean; description: string };
    const roles = app.inputs.appRoles as Role[];
    assert.deepEqual(
      roles.map((r) => [r.id, r.value, r.allowedMemberTypes, r.enabled]),
      [
        [ids.userRoleId, "ClaudeCode.User", ["User"], true],
        [ids.groupRoleId(frontend), `ClaudeCode.Group.${frontend}`, ["User"], true],
      ],
    );
    assert.match(frontend, /^[0-9a-f]{8}$/);
    assert.equal(
      roles[1].description,
      `Members of directory group ${fakeGuid("directory-group/Eng - Frontend")} use Claude Code with profile "developer"; the role names the group in their tokens so telemetry can tell its ring.`,
    );
    // Ids are stable per app and group: another profile's app gives the same group another role id.
    assert.notEqual(ids.groupRoleId(frontend), profileAppIds("test", "platform").groupRoleId(frontend));
    const platform = findResource("azuread:index/application:Application", "creds-platform-app");
    assert.deepEqual(
      (platform.inputs.appRoles as Role[]).map((r) => [r.value, r.allowedMemberTypes]),
      [
        ["ClaudeCode.User", ["User"]],
        ["ClaudeCode.Automation", ["Application"]],
      ],
    );
    const preauth = findResource(
      "azuread:index/applicationPreAuthorized:ApplicationPreAuthorized",
      "creds-developer-azure-cli",
    );
    assert.deepEqual(preauth.inputs, {
      applicationId: "creds-developer-app-id",
      authorizedClientId: AZURE_CLI_CLIENT_ID,
      permissionIds: [ids.scopeId],
    });
    const sp = findResource("azuread:index/servicePrincipal:ServicePrincipal", "creds-developer-sp");
    assert.equal(sp.inputs.appRoleAssignmentRequired, true);
    assert.equal(sp.inputs.clientId, clientIdOf("creds-developer-app"));
  });

  it("assigns each group its role: the profile's own group the user role, an assigned group its group role (nested groups get no app access in Entra)", () => {
    const assignments = ofType("azuread:index/appRoleAssignment:AppRoleAssignment");
    const developerSp = objectIdOf("azuread:index/servicePrincipal:ServicePrincipal", "creds-developer-sp");
    const platformSp = objectIdOf("azuread:index/servicePrincipal:ServicePrincipal", "creds-platform-sp");
    const toDeveloper = assignments.filter((a) => a.inputs.resourceObjectId === developerSp);
    assert.deepEqual(
      toDeveloper.map((a) => [a.name, a.inputs.principalObjectId, a.inputs.appRoleId]),
      [
        [
          `creds-developer-assign-${membershipKey("Eng - Frontend")}`,
          fakeGuid("directory-group/Eng - Frontend"),
          profileAppIds("test", "developer").groupRoleId(membershipKey("Eng - Frontend")),
        ],
        ["creds-developer-assign-profile", "group-developer", profileAppIds("test", "developer").userRoleId],
      ],
    );
    const toPlatform = assignments.filter((a) => a.inputs.resourceObjectId === platformSp);
    assert.deepEqual(
      toPlatform.map((a) => [a.name, a.inputs.principalObjectId, a.inputs.appRoleId]),
      [
        ["creds-platform-assign-profile", "group-platform", profileAppIds("test", "platform").userRoleId],
        [
          "creds-platform-machine-grant",
          objectIdOf("azuread:index/servicePrincipal:ServicePrincipal", "creds-platform-machine-sp"),
          profileAppIds("test", "platform").automationRoleId,
        ],
      ],
    );
    assert.equal(assignments.length, 4);
  });

  it("issues the machine client secret with an end date inside the rotation window, replaced per period", () => {
    const window = rotationWindow(TODAY, 30);
    const password = findResource(
      "azuread:index/applicationPassword:ApplicationPassword",
      "creds-platform-machine-secret",
    );
    assert.deepEqual(password.inputs, {
      applicationId: "creds-platform-machine-app-id",
      displayName: "rotation period from 2026-03-08",
      endDate: "2026-04-07T00:00:00Z",
      rotateWhenChanged: { period: "2026-03-08" },
    });
    assert.equal(window.endDate, "2026-04-07T00:00:00Z");
    assert.equal(ofType("azuread:index/applicationPassword:ApplicationPassword").length, 1);
  });

  it("keeps every secret under the vault CMK (rotation on) with a policy naming its only readers", () => {
    const key = findResource("aws:kms/key:Key", "creds-vault-key");
    assert.equal(key.inputs.enableKeyRotation, true);
    const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/creds-vault-key`;
    const secrets = ofType("aws:secretsmanager/secret:Secret");
    assert.deepEqual(
      secrets.map((s) => [s.name, s.inputs.name, s.inputs.kmsKeyId, (s.inputs.tags as Record<string, string>).expires]),
      [
        ["creds-vault-platform-machine", "claude-code-test/platform/machine-credential", keyArn, "2026-04-06"],
        ["creds-vault-token-siem", "claude-code-test/tokens/siem", keyArn, "2026-12-31"],
      ],
    );
    assert.deepEqual(json(secrets[0].inputs.policy), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "NamedReaders",
          Effect: "Allow",
          Principal: { AWS: [READER] },
          Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
          Resource: "*",
        },
        {
          Sid: "NobodyElseReads",
          Effect: "Deny",
          Principal: "*",
          Action: "secretsmanager:GetSecretValue",
          Resource: "*",
          Condition: { ArnNotLike: { "aws:PrincipalArn": [DEPLOYER, READER] } },
        },
        {
          Sid: "OnlyOwnersAdminister",
          Effect: "Deny",
          Principal: "*",
          NotAction: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
          Resource: "*",
          Condition: { ArnNotLike: { "aws:PrincipalArn": [DEPLOYER, `arn:aws:iam::${ACCOUNT}:root`] } },
        },
      ],
    });
    assert.deepEqual(json(secrets[1].inputs.policy).Statement[0].Principal, { AWS: [FIREHOSE] });
    assert.deepEqual(json(key.inputs.policy).Statement[1], {
      Sid: "ReadersDecryptThroughSecretsManager",
      Effect: "Allow",
      Principal: { AWS: [READER, FIREHOSE].sort() },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
  });

  it("tags pipeline tokens as operator-supplied (secret-rotation exempts that kind), never the machine credentials it mints", () => {
    assert.deepEqual(
      ofType("aws:secretsmanager/secret:Secret").map((s) => [s.name, s.inputs.tags]),
      [
        ["creds-vault-platform-machine", { "managed-by": "claude-code-rollout", expires: "2026-04-06" }],
        [
          "creds-vault-token-siem",
          { "managed-by": "claude-code-rollout", expires: "2026-12-31", "credential-source": "operator" },
        ],
      ],
    );
  });

  it("writes secret values write-only, as secret Outputs, and never in plaintext", () => {
    const versions = ofType("aws:secretsmanager/secretVersion:SecretVersion");
    assert.deepEqual(
      versions.map((v) => v.name),
      ["creds-vault-platform-machine-value", "creds-vault-token-siem-value"],
    );
    for (const version of versions) {
      assert.ok(isSecretValue(version.inputs.secretStringWo), `${version.name}: secretStringWo is not a secret`);
      assert.equal(version.inputs.secretString, undefined);
    }
    assert.equal(versions[0].inputs.secretStringWoVersion, rotationWindow(TODAY, 30).period);
    const machine = JSON.parse((versions[0].inputs.secretStringWo as { value: string }).value);
    assert.deepEqual(Object.keys(machine), ["tenantId", "clientId", "expiresAt"]); // the mock issues no password value
    assert.equal(machine.expiresAt, "2026-04-07T00:00:00Z");
    const written = JSON.stringify(resources.map((r) => maskSecrets(r.inputs)));
    assert.ok(!written.includes(SIEM_TOKEN), "the SIEM token appears in plaintext");
    assert.ok(
      JSON.stringify(resources.map((r) => r.inputs)).includes(SIEM_TOKEN),
      "control: the raw inputs do carry it, wrapped",
    );
  });

  it("names each role as the helpers (rendered from config alone) expect it", async () => {
    for (const profile of ["developer", "platform"]) {
      const helpers = profileCredentialHelpers({
        environment: "test",
        tenantId: TENANT,
        credentials: config,
        profile,
        automation: profile === "platform",
      });
      const [, baked] = /^role_arn='(.*)'$/m.exec(helpers.posix[0].content)!;
      assert.equal(await valueOf(credentials.profiles[profile].roleArn), baked);
    }
  });
});

describe("credentials: one app role per assigned group, within Entra's manifest limit", () => {
  // Entra ID lists at most 1200 entries in an app's manifest; 5 are the profile app's own.
  const withGroups = (count: number) => {
    const project = structuredClone(readStack("dev").projectConfig) as { assignments: unknown[] };
    const guid = (i: number) => `0b7e2d4c-5a61-4f38-9c2e-${i.toString(16).padStart(12, "0")}`;
    project.assignments = Array.from({ length: count }, (_, i) => ({ group: guid(i), profile: "developer" }));
    const config = loadRolloutConfig(project, "dev");
    return planIdentity(config, compileRollout(config, PINNED_CLIENT_VERSION));
  };

  it("plans 1195 groups for one profile and refuses the 1196th, naming its assignment", () => {
    assert.equal(MAX_GROUPS_PER_PROFILE, 1195);
    const fits = withGroups(1195);
    assert.deepStrictEqual(fits.problems, []);
    assert.equal(fits.slice!.profiles.find((p) => p.name === "developer")!.assigned.length, 1195);
    const over = withGroups(1196);
    // Assigned groups are ordered by group; these ids sort as their index, so the last one is beyond the limit.
    assert.deepStrictEqual(over.problems, [
      {
        path: "assignments[1195].group",
        message:
          "profile \"developer\" has 1196 assigned groups, but each is an app role of the profile's app and Entra ID allows 1200 entries in an app's manifest (5 are the app's own) — assign at most 1195 groups to one profile: use fewer, larger groups or split the profile",
      },
    ]);
  });

  it("names each group's role by its membership key, which maps back to the group", () => {
    const key = membershipKey("Pilot - Eng Backend");
    assert.equal(groupRoleValue(key), `ClaudeCode.Group.${key}`);
    assert.equal(membershipKeyOfRole(groupRoleValue(key)), key);
    assert.equal(membershipKeyOfRole("ClaudeCode.User"), undefined);
    assert.equal(membershipKeyOfRole("ClaudeCode.Automation"), undefined);
  });
});
