import { z } from "zod";

const FOUR_HOURS = 4 * 3600;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** A model a profile may use, as the client names it and as Bedrock does. */
const bedrockModelSchema = z.strictObject({
  foundationModelId: z
    .string()
    .regex(
      /^[a-z0-9-]+\.[a-z0-9.:-]+$/,
      "expected a Bedrock model id such as anthropic.claude-sonnet-4-5-20250929-v1:0",
    )
    .describe("e.g. anthropic.claude-sonnet-4-5-20250929-v1:0"),
  inferenceProfileId: z
    .string()
    .regex(
      /^[a-z]+\.[a-z0-9-]+\.[a-z0-9.:-]+$/,
      "expected an inference profile id such as eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
    )
    .optional()
    .describe("cross-region inference profile, e.g. eu.anthropic.claude-sonnet-4-5-20250929-v1:0"),
});

/** An IAM OIDC provider for an Entra tenant's v2 issuer, e.g. …:oidc-provider/login.microsoftonline.com/<tenant>/v2.0. */
export const ENTRA_OIDC_PROVIDER_ARN =
  /^arn:(aws[a-z-]*):iam::(\d{12}):oidc-provider\/login\.microsoftonline\.com\/([0-9a-fA-F-]{36})\/v2\.0$/;

const principalArns = z.array(
  z.string().regex(PRINCIPAL_ARN, "expected an IAM role or user ARN such as arn:aws:iam::123456789012:role/ci-runner"),
);

/** Short-lived access to the model provider: no long-lived secret on any laptop. */
export const credentialsSchema = z.strictObject({
  provider: z.literal("bedrock"),
  accountId: z
    .string()
    .regex(/^\d{12}$/, "expected the 12-digit AWS account id that holds the Bedrock roles and the vault")
    .describe("AWS account of the roles and the vault; pin it for the provider too with aws:allowedAccountIds"),
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "expected an AWS region such as eu-west-1")
    .describe("Bedrock region; the vault lives here too"),
  sessionSeconds: z
    .number()
    .int()
    .min(900)
    .max(FOUR_HOURS, "sessions longer than 4 hours are not allowed — use at most 14400")
    .default(3600)
    .describe("STS session length for interactive users"),
  machineSecretRotationDays: z
    .number()
    .int()
    .min(2)
    .max(90)
    .default(30)
    .describe(
      "lifetime of machine (CI) client secrets; a new one is issued every half of it, before the current one expires",
    ),
  automationReaderArns: principalArns
    .default([])
    .describe(
      "IAM principals (CI runner roles) that may read the machine credentials of profiles with automation: true; nobody else can",
    ),
  vaultAdministratorArns: principalArns
    .optional()
    .describe(
      "IAM roles that administer the vault's secrets: every role that runs pulumi up (CI deployer, a person's admin role) and the break-glass role; required when the vault exists (automation profiles or telemetry.siem)",
    ),
  oidcProviderArn: z
    .string()
    .regex(
      ENTRA_OIDC_PROVIDER_ARN,
      "expected the ARN of the account's IAM OIDC provider for the tenant, e.g. arn:aws:iam::123456789012:oidc-provider/login.microsoftonline.com/<tenantId>/v2.0",
    )
    .optional()
    .describe(
      "reuse the account's existing IAM OIDC provider for the tenant instead of creating one (IAM allows one per issuer); add each profile app's client id to its audiences",
    ),
  models: z
    .partialRecord(z.enum(["opus", "sonnet", "haiku"]), bedrockModelSchema)
    .refine((models) => Object.keys(models).length > 0, "define at least one model")
    .describe("client alias → Bedrock model; profiles choose aliases from here"),
});

export type CredentialsConfig = z.infer<typeof credentialsSchema>;
export type BedrockModel = z.infer<typeof bedrockModelSchema>;

/** A problem between sections, in the stack file's terms (ConfigProblem's shape; load.ts owns the type). */
interface SectionProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * What the credentials section must say given the rest of the stack: who administers the vault when
 * one exists (never whoever ran the last up), and an existing OIDC provider that is the tenant's, in
 * the credentials account.
 */
export function credentialsSectionProblems(stack: {
  readonly tenantId: string;
  readonly credentials: CredentialsConfig;
  /** Profiles with automation: true (they keep a machine credential in the vault). */
  readonly automationProfiles: readonly string[];
  /** Whether telemetry.siem keeps its token in the vault. */
  readonly siem: boolean;
}): SectionProblem[] {
  const { credentials } = stack;
  const problems: SectionProblem[] = [];
  const keeps = [
    ...stack.automationProfiles.map((p) => `the machine credential of profile "${p}"`),
    ...(stack.siem ? ["the SIEM token"] : []),
  ];
  if (keeps.length && !credentials.vaultAdministratorArns?.length) {
    problems.push({
      path: ["credentials", "vaultAdministratorArns"],
      message: `the vault keeps ${keeps.join(" and ")} and needs administrators — list every role that runs pulumi up (the CI deployer role) and the break-glass role, e.g. [arn:aws:iam::${credentials.accountId}:role/pulumi-deployer, arn:aws:iam::${credentials.accountId}:role/break-glass]`,
    });
  }
  const provider = credentials.oidcProviderArn && ENTRA_OIDC_PROVIDER_ARN.exec(credentials.oidcProviderArn);
  if (provider) {
    const [, , account, tenant] = provider;
    if (tenant.toLowerCase() !== stack.tenantId.toLowerCase())
      problems.push({
        path: ["credentials", "oidcProviderArn"],
        message: `names tenant ${tenant}, but tenantId is ${stack.tenantId} — use the provider for login.microsoftonline.com/${stack.tenantId.toLowerCase()}/v2.0, or remove the key to create one`,
      });
    if (account !== credentials.accountId)
      problems.push({
        path: ["credentials", "oidcProviderArn"],
        message: `is in account ${account}, but the roles are created in credentials.accountId ${credentials.accountId} — name that account's provider, or remove the key to create one`,
      });
  }
  return problems;
}
