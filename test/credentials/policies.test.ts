import * as assert from "assert";
import {
  bedrockInvokePolicy,
  secretResourcePolicy,
  vaultKeyPolicy,
  webIdentityTrustPolicy,
} from "../../components/credentials";

// The policy builders are pure: exact documents for exact inputs.

const INVOKE = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

describe("credentials: policy documents", () => {
  it("trust: web identity from the one provider, aud pinned and the session named after the token's sub", () => {
    assert.deepEqual(
      webIdentityTrustPolicy({
        providerArn: "arn:aws:iam::123456789012:oidc-provider/login.microsoftonline.com/t/v2.0",
        issuerHostPath: "login.microsoftonline.com/t/v2.0",
        clientId: "c1",
      }),
      {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EntraProfileApp",
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/login.microsoftonline.com/t/v2.0" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                "login.microsoftonline.com/t/v2.0:aud": "c1",
                "sts:RoleSessionName": "${login.microsoftonline.com/t/v2.0:sub}",
              },
            },
          },
        ],
      },
    );
  });

  it("bedrock: a direct model is granted in the home region only", () => {
    assert.deepEqual(
      bedrockInvokePolicy({
        region: "us-east-1",
        accountId: "123456789012",
        models: [{ foundationModelId: "anthropic.claude-haiku-4-5-20251001-v1:0" }],
      }).Statement,
      [
        {
          Sid: "InvokeFoundationModels",
          Effect: "Allow",
          Action: INVOKE,
          Resource: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"],
        },
      ],
    );
  });

  it("bedrock: a routed model is granted in any region only through its inference profile", () => {
    const profileArn =
      "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0";
    assert.deepEqual(
      bedrockInvokePolicy({
        partition: "aws-us-gov",
        region: "us-gov-west-1",
        accountId: "123456789012",
        models: [
          {
            foundationModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
            inferenceProfileId: "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0",
          },
        ],
      }).Statement,
      [
        { Sid: "InvokeInferenceProfiles", Effect: "Allow", Action: INVOKE, Resource: [profileArn] },
        {
          Sid: "RoutedModelUsGovAnthropicClaudeSonnet4520250929V10",
          Effect: "Allow",
          Action: INVOKE,
          Resource: "arn:aws-us-gov:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
          Condition: { StringEquals: { "bedrock:InferenceProfileArn": profileArn } },
        },
      ],
    );
  });

  it("bedrock: refuses to build a policy without models", () => {
    assert.throws(
      () => bedrockInvokePolicy({ region: "eu-west-1", accountId: "123456789012", models: [] }),
      /no models — a profile needs at least one model from credentials\.models/,
    );
  });

  it("secret: readers may read, nobody else; only the deployer and root administer", () => {
    const policy = secretResourcePolicy({
      accountId: "123456789012",
      readerArns: ["arn:aws:iam::1:role/b", "arn:aws:iam::1:role/a", "arn:aws:iam::1:role/a"],
      deployerArns: ["arn:aws:iam::123456789012:role/deployer"],
    });
    assert.deepEqual(
      policy.Statement.map((s) => [s.Sid, s.Effect, s.Principal, s.Condition?.ArnNotLike?.["aws:PrincipalArn"]]),
      [
        ["NamedReaders", "Allow", { AWS: ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"] }, undefined],
        [
          "NobodyElseReads",
          "Deny",
          "*",
          ["arn:aws:iam::123456789012:role/deployer", "arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"],
        ],
        [
          "OnlyOwnersAdminister",
          "Deny",
          "*",
          ["arn:aws:iam::123456789012:role/deployer", "arn:aws:iam::123456789012:root"],
        ],
      ],
    );
    assert.deepEqual(policy.Statement[2].NotAction, ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
  });

  it("key: the account administers, readers only decrypt through Secrets Manager", () => {
    assert.deepEqual(vaultKeyPolicy({ accountId: "123456789012", region: "eu-west-1", readerArns: [] }).Statement, [
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::123456789012:root" },
        Action: "kms:*",
        Resource: "*",
      },
    ]);
    assert.deepEqual(
      vaultKeyPolicy({ accountId: "123456789012", region: "eu-west-1", readerArns: ["arn:aws:iam::1:role/r"] })
        .Statement[1].Condition,
      { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    );
  });
});
