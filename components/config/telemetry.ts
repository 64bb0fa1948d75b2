import { z } from "zod";

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy); anything else fails at deploy time. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A retention CloudWatch Logs accepts. */
const logRetentionDays = z
  .number()
  .int()
  .refine(
    (days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    `CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(", ")} days`,
  );

const ipv4Cidr = z
  .string()
  .regex(
    /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/,
    "expected an IPv4 CIDR such as 10.0.0.0/8 (the networks your laptops reach the collector from)",
  );
const subnetId = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "expected a subnet id such as subnet-0a1b2c3d4e5f60718");

const transitionSchema = z.strictObject({
  days: z.number().int().min(1),
  storageClass: z.enum(["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"]),
});

/** How the operator supplies the SIEM token: it is kept encrypted in the stack file and only ever read as a secret. */
const SIEM_TOKEN_COMMAND = "pulumi config set --secret siemToken <token>";

/** Project config keys read only as secrets (`getSecret`), never into the config model. */
export const SECRET_CONFIG_KEYS: readonly string[] = ["siemToken"];

/** The audit pipeline every client reports to. */
export const telemetrySchema = z.strictObject({
  hostname: z
    .string()
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "expected the collector's DNS name, e.g. otel.example.com")
    .describe("public DNS name of the OTLP collector (the ALB's certificate covers it)"),
  retentionDays: logRetentionDays.default(400).describe("CloudWatch Logs retention"),
  archive: z
    .strictObject({
      mode: z.enum(["COMPLIANCE", "GOVERNANCE"]).default("COMPLIANCE"),
      days: z.number().int().min(1).default(365),
      transitions: z
        .array(transitionSchema)
        .default([
          { days: 90, storageClass: "GLACIER_IR" },
          { days: 365, storageClass: "DEEP_ARCHIVE" },
        ])
        .describe("move archived objects to colder storage; objects never expire by lifecycle"),
    })
    .prefault({})
    .describe("Object Lock on the audit archive"),
  logUserPrompts: z.boolean().default(false).describe("org-wide permission for profiles to log prompt text"),
  network: z.strictObject({
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "expected a VPC id such as vpc-0a1b2c3d4e5f60718"),
    collectorSubnetIds: z
      .array(subnetId)
      .min(2, "give at least two private subnets in different availability zones")
      .describe(
        "private subnets the collector tasks run in (need a NAT or VPC endpoints for ECR, Logs and login.microsoftonline.com)",
      ),
    albSubnetIds: z
      .array(subnetId)
      .min(2, "an application load balancer needs subnets in at least two availability zones"),
    allowedCidrs: z
      .array(ipv4Cidr)
      .min(1, "list the networks clients send telemetry from (office, VPN egress)")
      .describe("who may reach the collector's HTTPS listener"),
    internetFacing: z.boolean().default(false).describe("false: internal ALB reached over VPN or private network"),
  }),
  certificateArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/,
      "expected an ACM certificate ARN covering telemetry.hostname",
    ),
  collector: z.strictObject({
    image: z
      .string()
      .regex(
        /^[a-z0-9./_-]+(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?$/,
        "expected an image reference such as otel/opentelemetry-collector-contrib:0.140.0",
      )
      .refine(
        (image) => /:v?\d+\.\d+\.\d+(@|$)/.test(image) || /@sha256:[0-9a-f]{64}$/.test(image),
        "pin the collector image to a version tag (and ideally a digest), e.g. otel/opentelemetry-collector-contrib:0.140.0 — never latest",
      )
      .describe("an OpenTelemetry Collector contrib image (it has the oidc authenticator and CloudWatch exporters)"),
    cpu: z
      .number()
      .int()
      .refine((cpu) => [256, 512, 1024, 2048, 4096].includes(cpu), "Fargate cpu units: 256, 512, 1024, 2048 or 4096")
      .default(512),
    memory: z.number().int().min(512).max(30720).default(1024).describe("MiB; must suit the cpu size"),
    desiredCount: z.number().int().min(1).default(2).describe("tasks; two or more spread over the subnets' zones"),
  }),
  alarmTopicArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, "expected the SNS topic ARN alarms notify"),
  alarms: z
    .strictObject({
      rejectedDecisions: z
        .number()
        .int()
        .min(1)
        .default(25)
        .describe("rejected tool decisions per 5 minutes, across the fleet, that page"),
      bypassModeChanges: z
        .number()
        .int()
        .min(1)
        .default(1)
        .describe("switches to bypassPermissions per 5 minutes that page"),
      policyDrift: z
        .number()
        .int()
        .min(1)
        .default(1)
        .describe("sessions per 15 minutes running a policy that was not shipped"),
    })
    .prefault({}),
  bedrockInvocationLogs: z
    .strictObject({
      retentionDays: logRetentionDays
        .optional()
        .describe("CloudWatch Logs retention; defaults to telemetry.retentionDays"),
      images: z.boolean().default(false).describe("also log image payloads"),
      embeddings: z.boolean().default(false).describe("also log embedding payloads"),
    })
    .optional()
    .describe(
      "Bedrock model-invocation logging (every request and response in credentials.region, for the whole account) into a log group encrypted with the audit key; needs the credentials section and telemetry.logUserPrompts: true, since the logs hold prompt text",
    ),
  siem: z
    .strictObject({
      url: z
        .url({ protocol: /^https$/, error: "the SIEM endpoint must be an https:// URL" })
        .superRefine((url, ctx) => siemUrlProblems(url).forEach((message) => ctx.addIssue({ code: "custom", message })))
        .describe(
          "a Splunk HEC URL (…/services/collector or …/services/collector/raw) uses Firehose's Splunk destination (Raw endpoint); any other URL its HTTP endpoint destination",
        ),
      name: z.string().min(1).default("SIEM").describe("shown in the Firehose console (HTTP endpoint destinations)"),
    })
    .optional()
    .describe(`optional second copy of every audit record to the SIEM; its token: ${SIEM_TOKEN_COMMAND}`),
});

/**
 * Where Firehose delivers the SIEM copy; decided by the URL alone. Splunk always gets the Raw
 * endpoint type: the records are the collector's JSON lines, not HEC event envelopes.
 */
export type SiemDestination =
  | { readonly kind: "splunk"; readonly hecEndpoint: string; readonly hecEndpointType: "Raw" }
  | { readonly kind: "http"; readonly url: string };

/** Splunk HEC paths: /services/collector, /services/collector/raw and /services/collector/event, each optionally /1.0. */
const SPLUNK_HEC_PATH = /^\/services\/collector(?:\/(raw|event))?(?:\/1\.0)?\/?$/;

/**
 * A Splunk HEC URL goes to Firehose's Splunk destination, which takes the scheme, host and port and
 * adds the HEC path for the endpoint type itself; every other URL goes to its HTTP endpoint destination.
 */
export function siemDestination(url: string): SiemDestination {
  const parsed = new URL(url);
  if (!SPLUNK_HEC_PATH.test(parsed.pathname)) return { kind: "http", url };
  return { kind: "splunk", hecEndpoint: parsed.origin, hecEndpointType: "Raw" };
}

/** HttpEndpointConfiguration.Url's limit (the Splunk HECEndpoint allows more). */
const MAX_HTTP_ENDPOINT_URL = 1000;

/** What the URL must not carry: credentials (the token belongs in the vault), and for Splunk anything Firehose would drop. */
function siemUrlProblems(url: string): string[] {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed) return [];
  const problems: string[] = [];
  if (url.length > MAX_HTTP_ENDPOINT_URL)
    problems.push(`Firehose accepts a URL of at most ${MAX_HTTP_ENDPOINT_URL} characters; this one has ${url.length}`);
  if (parsed.username || parsed.password) {
    problems.push(
      `put no credentials in the URL — remove the "user:password@" part and set the token as a secret: ${SIEM_TOKEN_COMMAND}`,
    );
  }
  if (SPLUNK_HEC_PATH.exec(parsed.pathname)?.[1] === "event") {
    problems.push(
      `Splunk's event endpoint wants every record wrapped as HEC event JSON ({"event": …}) and the pipeline sends the collector's JSON records as they are — use ${parsed.origin}/services/collector/raw (Firehose's Raw endpoint type)`,
    );
  }
  if (siemDestination(url).kind === "splunk" && (parsed.search || parsed.hash)) {
    problems.push(
      `Firehose's Splunk destination sends to ${parsed.origin} only — remove "${parsed.search}${parsed.hash}" (set the index and sourcetype on the HEC token instead)`,
    );
  }
  return problems;
}

export type TelemetryConfig = z.infer<typeof telemetrySchema>;

/** How the stack file holds `siemToken`: not at all, as a secret (`secure:`), or in plaintext. */
export type SiemTokenSupply = "absent" | "secret" | "plaintext";

/**
 * The SIEM token is only ever a secret, needs a SIEM to send to, and a vault (the credentials
 * section) to be kept in. Checked before anything registers; each problem names the stack-file key.
 */
export function siemTokenProblems(stack: {
  readonly siem: boolean;
  readonly token: SiemTokenSupply;
  readonly vault: boolean;
}): { path: string; message: string }[] {
  if (stack.token === "plaintext") {
    return [
      {
        path: "siemToken",
        message: `is in plaintext in the stack file — delete that line and set it as a secret: ${SIEM_TOKEN_COMMAND}`,
      },
    ];
  }
  const problems: { path: string; message: string }[] = [];
  if (stack.siem && stack.token === "absent") {
    problems.push({
      path: "telemetry.siem",
      message: `has no token — set it as a secret: ${SIEM_TOKEN_COMMAND} (or remove telemetry.siem)`,
    });
  }
  if (!stack.siem && stack.token === "secret") {
    problems.push({
      path: "siemToken",
      message:
        "is set but telemetry.siem is not — add telemetry.siem.url, or remove the token: pulumi config rm siemToken",
    });
  }
  if (stack.siem && !stack.vault) {
    problems.push({
      path: "telemetry.siem",
      message:
        "the SIEM token is kept in the vault, which the credentials section creates — add the credentials section, or remove telemetry.siem",
    });
  }
  return problems;
}

/**
 * Bedrock invocation logs hold every prompt and response, and Bedrock runs in the credentials
 * section's account and region: they need that section, and the org-wide consent to log prompt text.
 */
export function bedrockInvocationLogProblems(stack: {
  readonly telemetry: TelemetryConfig;
  readonly credentials: boolean;
}): { path: (string | number)[]; message: string }[] {
  if (!stack.telemetry.bedrockInvocationLogs) return [];
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (!stack.credentials)
    problems.push({
      path: ["telemetry", "bedrockInvocationLogs"],
      message: "Bedrock is configured by the credentials section — add it, or remove telemetry.bedrockInvocationLogs",
    });
  if (!stack.telemetry.logUserPrompts)
    problems.push({
      path: ["telemetry", "bedrockInvocationLogs"],
      message:
        "the invocation logs hold every prompt and response in full — set telemetry.logUserPrompts: true to allow prompt text in the audit pipeline, or remove telemetry.bedrockInvocationLogs",
    });
  return problems;
}
