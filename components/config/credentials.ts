import { z } from "zod";

const FOUR_HOURS = 4 * 3600;

/** A model a profile may use, as the client names it and as Bedrock does. */
const bedrockModelSchema = z.strictObject({
  foundationModelId: z.string().min(1).describe("e.g. anthropic.claude-sonnet-4-5-20250929-v1:0"),
  inferenceProfileId: z.string().min(1).optional()
    .describe("cross-region inference profile, e.g. eu.anthropic.claude-sonnet-4-5-20250929-v1:0"),
});

/** Short-lived access to the model provider: no long-lived secret on any laptop. */
export const credentialsSchema = z.strictObject({
  provider: z.literal("bedrock"),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "expected an AWS region such as eu-west-1"),
  sessionSeconds: z.number().int().min(900).max(FOUR_HOURS, "sessions longer than 4 hours are not allowed — use at most 14400")
    .default(3600).describe("STS session length for interactive users"),
  machineSecretRotationDays: z.number().int().min(1).max(90).default(30)
    .describe("lifetime of machine (CI) client secrets; they are replaced before they expire"),
  models: z.partialRecord(z.enum(["opus", "sonnet", "haiku"]), bedrockModelSchema)
    .describe("client alias → Bedrock model; profiles choose aliases from here"),
});

export type CredentialsConfig = z.infer<typeof credentialsSchema>;
