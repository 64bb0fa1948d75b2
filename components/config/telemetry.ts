import { z } from "zod";

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy); anything else fails at deploy time. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const ipv4Cidr = z.string().regex(
  /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/,
  "expected an IPv4 CIDR such as 10.0.0.0/8 (the networks your laptops reach the collector from)",
);
const subnetId = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "expected a subnet id such as subnet-0a1b2c3d4e5f60718");

const transitionSchema = z.strictObject({
  days: z.number().int().min(1),
  storageClass: z.enum(["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"]),
});

/** The audit pipeline every client reports to. */
export const telemetrySchema = z.strictObject({
  hostname: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "expected the collector's DNS name, e.g. otel.example.com")
    .describe("public DNS name of the OTLP collector (the ALB's certificate covers it)"),
  retentionDays: z.number().int()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(", ")} days`)
    .default(400).describe("CloudWatch Logs retention"),
  archive: z.strictObject({
    mode: z.enum(["COMPLIANCE", "GOVERNANCE"]).default("COMPLIANCE"),
    days: z.number().int().min(1).default(365),
    transitions: z.array(transitionSchema).default([{ days: 90, storageClass: "GLACIER_IR" }, { days: 365, storageClass: "DEEP_ARCHIVE" }])
      .describe("move archived objects to colder storage; objects never expire by lifecycle"),
  }).prefault({}).describe("Object Lock on the audit archive"),
  logUserPrompts: z.boolean().default(false).describe("org-wide permission for profiles to log prompt text"),
  network: z.strictObject({
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "expected a VPC id such as vpc-0a1b2c3d4e5f60718"),
    collectorSubnetIds: z.array(subnetId).min(2, "give at least two private subnets in different availability zones")
      .describe("private subnets the collector tasks run in (need a NAT or VPC endpoints for ECR, Logs and login.microsoftonline.com)"),
    albSubnetIds: z.array(subnetId).min(2, "an application load balancer needs subnets in at least two availability zones"),
    allowedCidrs: z.array(ipv4Cidr).min(1, "list the networks clients send telemetry from (office, VPN egress)")
      .describe("who may reach the collector's HTTPS listener"),
    internetFacing: z.boolean().default(false).describe("false: internal ALB reached over VPN or private network"),
  }),
  certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, "expected an ACM certificate ARN covering telemetry.hostname"),
  collector: z.strictObject({
    image: z.string()
      .regex(/^[a-z0-9./_-]+(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?$/, "expected an image reference such as otel/opentelemetry-collector-contrib:0.140.0")
      .refine((image) => /:v?\d+\.\d+\.\d+(@|$)/.test(image) || /@sha256:[0-9a-f]{64}$/.test(image),
        "pin the collector image to a version tag (and ideally a digest), e.g. otel/opentelemetry-collector-contrib:0.140.0 — never latest")
      .describe("an OpenTelemetry Collector contrib image (it has the oidc authenticator and CloudWatch exporters)"),
    cpu: z.number().int().refine((cpu) => [256, 512, 1024, 2048, 4096].includes(cpu), "Fargate cpu units: 256, 512, 1024, 2048 or 4096").default(512),
    memory: z.number().int().min(512).max(30720).default(1024).describe("MiB; must suit the cpu size"),
    desiredCount: z.number().int().min(1).default(2).describe("tasks; two or more spread over the subnets' zones"),
  }),
  alarmTopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, "expected the SNS topic ARN alarms notify"),
  alarms: z.strictObject({
    rejectedDecisions: z.number().int().min(1).default(25).describe("rejected tool decisions per 5 minutes, across the fleet, that page"),
    bypassModeChanges: z.number().int().min(1).default(1).describe("switches to bypassPermissions per 5 minutes that page"),
    policyDrift: z.number().int().min(1).default(1).describe("sessions per 15 minutes running a policy that was not shipped"),
  }).prefault({}),
  siem: z.strictObject({
    url: z.url({ protocol: /^https$/, error: "the SIEM endpoint must be an https:// URL" }),
    name: z.string().min(1).default("SIEM").describe("shown in the Firehose console"),
  }).optional().describe("optional second copy of every audit record to an HTTP endpoint; its token comes from the vault"),
});

export type TelemetryConfig = z.infer<typeof telemetrySchema>;
