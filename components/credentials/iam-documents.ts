/**
 * IAM and KMS policy documents as typed values, built by pure functions: the component
 * serialises them, tests and the policy pack read them back. Keys appear in AWS's order.
 */

import { sortedUnique } from "../config/text";

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { readonly AWS?: string | readonly string[]; readonly Federated?: string };
  readonly Action?: string | readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

const BEDROCK_INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] as const;

/**
 * Only tokens from the tenant's v2 issuer (the provider: STS checks `iss` against its URL, so the
 * tenant is pinned by the principal) and only for this profile's app (`aud` = its client id).
 * IAM offers no condition key for `tid`, `roles` or group claims; app assignment (required on the
 * service principal) is what keeps everyone outside the profile's groups from getting a token.
 * The session name CloudTrail shows must be the token's own `sub` (the only identity claim IAM can
 * test): the helpers send exactly that, and nobody can name a session after someone else.
 */
export function webIdentityTrustPolicy(args: {
  providerArn: string;
  issuerHostPath: string;
  clientId: string;
}): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EntraProfileApp",
        Effect: "Allow",
        Principal: { Federated: args.providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${args.issuerHostPath}:aud`]: args.clientId,
            "sts:RoleSessionName": `\${${args.issuerHostPath}:sub}`,
          },
        },
      },
    ],
  };
}

export interface InvokableModel {
  readonly foundationModelId: string;
  readonly inferenceProfileId?: string;
}

/**
 * InvokeModel(+stream) on exactly the profile's models. A model reached through a cross-region
 * inference profile needs the profile ARN and the foundation model in whichever region the
 * profile routes to; the set of destination regions is AWS's to change, so those foundation-model
 * grants name every region but only apply to calls made through that very inference profile.
 */
export function bedrockInvokePolicy(args: {
  partition?: string;
  region: string;
  accountId: string;
  models: readonly InvokableModel[];
}): PolicyDocument {
  const partition = args.partition ?? "aws";
  const foundation = (region: string, id: string) => `arn:${partition}:bedrock:${region}::foundation-model/${id}`;
  const direct = sortedUnique(
    args.models.filter((m) => !m.inferenceProfileId).map((m) => foundation(args.region, m.foundationModelId)),
  );
  const routed = [...args.models.filter((m) => m.inferenceProfileId)].sort((a, b) =>
    compare(a.inferenceProfileId!, b.inferenceProfileId!),
  );
  const profileArn = (m: InvokableModel) =>
    `arn:${partition}:bedrock:${args.region}:${args.accountId}:inference-profile/${m.inferenceProfileId}`;

  const statements: PolicyStatement[] = [];
  if (routed.length) {
    statements.push({
      Sid: "InvokeInferenceProfiles",
      Effect: "Allow",
      Action: [...BEDROCK_INVOKE_ACTIONS],
      Resource: sortedUnique(routed.map(profileArn)),
    });
  }
  for (const model of routed) {
    statements.push({
      Sid: `RoutedModel${sidSuffix(model.inferenceProfileId!)}`,
      Effect: "Allow",
      Action: [...BEDROCK_INVOKE_ACTIONS],
      Resource: foundation("*", model.foundationModelId),
      Condition: { StringEquals: { "bedrock:InferenceProfileArn": profileArn(model) } },
    });
  }
  if (direct.length)
    statements.push({
      Sid: "InvokeFoundationModels",
      Effect: "Allow",
      Action: [...BEDROCK_INVOKE_ACTIONS],
      Resource: direct,
    });
  if (!statements.length)
    throw new Error("bedrockInvokePolicy: no models — a profile needs at least one model from credentials.models");
  return { Version: "2012-10-17", Statement: statements };
}

const READ_ACTIONS = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"];

/**
 * Resource policy of a vault secret: the named readers may read it; nobody else may read it —
 * except the deploying principal, whose provider reads versions back — and only the deployer and
 * the account root may administer it.
 */
export function secretResourcePolicy(args: {
  accountId: string;
  partition?: string;
  readerArns: readonly string[];
  deployerArns: readonly string[];
}): PolicyDocument {
  const root = `arn:${args.partition ?? "aws"}:iam::${args.accountId}:root`;
  const readers = sortedUnique(args.readerArns);
  const statements: PolicyStatement[] = [];
  if (readers.length)
    statements.push({
      Sid: "NamedReaders",
      Effect: "Allow",
      Principal: { AWS: readers },
      Action: READ_ACTIONS,
      Resource: "*",
    });
  statements.push(
    {
      Sid: "NobodyElseReads",
      Effect: "Deny",
      Principal: "*",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": sortedUnique([...readers, ...args.deployerArns]) } },
    },
    {
      Sid: "OnlyOwnersAdminister",
      Effect: "Deny",
      Principal: "*",
      NotAction: READ_ACTIONS,
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": sortedUnique([root, ...args.deployerArns]) } },
    },
  );
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The vault key: the account administers it through IAM (AWS's default, so the key can never be
 * orphaned); secret readers may decrypt only through Secrets Manager in the vault's region.
 */
export function vaultKeyPolicy(args: {
  accountId: string;
  partition?: string;
  region: string;
  readerArns: readonly string[];
}): PolicyDocument {
  const root = `arn:${args.partition ?? "aws"}:iam::${args.accountId}:root`;
  const readers = sortedUnique(args.readerArns);
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" },
      ...(readers.length
        ? [
            {
              Sid: "ReadersDecryptThroughSecretsManager",
              Effect: "Allow" as const,
              Principal: { AWS: readers },
              Action: ["kms:Decrypt"],
              Resource: "*",
              Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` } },
            },
          ]
        : []),
    ],
  };
}

/** Canonical JSON of a policy document (the statement order above is the document order). */
export function renderPolicy(document: PolicyDocument): string {
  return JSON.stringify(document);
}

function sidSuffix(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
