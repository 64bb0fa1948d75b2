import { z } from "zod";

/** The audit pipeline every client reports to. */
export const telemetrySchema = z.strictObject({
  hostname: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "expected the collector's DNS name, e.g. otel.example.com")
    .describe("public DNS name of the OTLP collector (the ALB's certificate covers it)"),
  retentionDays: z.number().int().min(1).default(400).describe("CloudWatch Logs retention"),
  archive: z.strictObject({
    mode: z.enum(["COMPLIANCE", "GOVERNANCE"]).default("COMPLIANCE"),
    days: z.number().int().min(1).default(365),
  }).prefault({}).describe("Object Lock on the audit archive"),
  logUserPrompts: z.boolean().default(false).describe("org-wide permission for profiles to log prompt text"),
});

export type TelemetryConfig = z.infer<typeof telemetrySchema>;
