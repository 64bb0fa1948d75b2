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
  models: z
    .partialRecord(z.enum(["opus", "sonnet", "haiku"]), bedrockModelSchema)
    .refine((models) => Object.keys(models).length > 0, "define at least one model")
    .describe("client alias → Bedrock model; profiles choose aliases from here"),
});

export type CredentialsConfig = z.infer<typeof credentialsSchema>;
export type BedrockModel = z.infer<typeof bedrockModelSchema>;
