import { z } from "zod";

/** Where compiled profiles are published for the MDM to fetch. */
export const distributionSchema = z.strictObject({
  mdmReaderArns: z
    .array(
      z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, "expected an IAM role or user ARN"),
    )
    .min(1)
    .describe("IAM principals of the MDM that may read the published artefacts; nobody else can"),
  noncurrentVersionDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe("days a superseded artefact version is kept before expiry"),
});

export type DistributionConfig = z.infer<typeof distributionSchema>;
