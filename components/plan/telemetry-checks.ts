// What AWS would refuse in the telemetry section only once `pulumi up` reaches the resource — by then the
// resources before it exist. Each problem names its stack-file path and the fix.
import { TelemetryConfig } from "../config";
import { PlanProblem } from "./problems";

/** Every problem of the section; `awsRegion` (the stack's aws:region) enables the same-region checks. */
export function telemetrySectionProblems(telemetry: TelemetryConfig, awsRegion: string | undefined): PlanProblem[] {
  return [
    ...duplicateCidrProblems(telemetry.network.allowedCidrs),
    ...transitionProblems(telemetry.archive.transitions),
    ...fargateProblems(telemetry.collector),
    ...regionProblems(telemetry, awsRegion),
  ];
}

/** Each allowed network gets its own ingress rules, named after it: a network listed twice would name two alike. */
function duplicateCidrProblems(cidrs: readonly string[]): PlanProblem[] {
  return cidrs.flatMap((cidr, i) =>
    cidrs.indexOf(cidr) < i
      ? [
          {
            path: `telemetry.network.allowedCidrs[${i}]`,
            message: `"${cidr}" is listed already (allowedCidrs[${cidrs.indexOf(cidr)}]) — list each network once`,
          },
        ]
      : [],
  );
}

type Transition = TelemetryConfig["archive"]["transitions"][number];

/** S3's waterfall: a lifecycle rule only moves objects to a colder class than the one they are in. */
const COLDNESS: Readonly<Record<Transition["storageClass"], number>> = {
  STANDARD_IA: 1,
  INTELLIGENT_TIERING: 2,
  ONEZONE_IA: 3,
  GLACIER_IR: 4,
  GLACIER: 5,
  DEEP_ARCHIVE: 6,
};
/** S3 refuses a move into an infrequent-access class before 30 days, and out of one before 30 more. */
const INFREQUENT_ACCESS: readonly Transition["storageClass"][] = ["STANDARD_IA", "ONEZONE_IA"];
const IA_MIN_DAYS = 30;

/** What S3 refuses in the archive's lifecycle rule (applied to current and noncurrent versions alike). */
function transitionProblems(transitions: readonly Transition[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const at = (t: Transition) => `telemetry.archive.transitions[${transitions.indexOf(t)}]`;
  const byDay = [...transitions].sort((a, b) => a.days - b.days);
  byDay.forEach((t, i) => {
    if (INFREQUENT_ACCESS.includes(t.storageClass) && t.days < IA_MIN_DAYS)
      problems.push({
        path: at(t),
        message: `${t.storageClass} after ${t.days} days: S3 moves objects there after ${IA_MIN_DAYS} days at the earliest — use days: ${IA_MIN_DAYS} or more`,
      });
    const before = byDay[i - 1];
    if (!before) return;
    if (before.days === t.days || COLDNESS[t.storageClass] <= COLDNESS[before.storageClass]) {
      problems.push({
        path: at(t),
        message: `${t.storageClass} after ${t.days} days follows ${before.storageClass} after ${before.days} days: each transition must move to a colder class (${Object.keys(COLDNESS).join(" → ")}) on a later day — reorder or drop one`,
      });
    } else if (INFREQUENT_ACCESS.includes(before.storageClass) && t.days - before.days < IA_MIN_DAYS) {
      problems.push({
        path: at(t),
        message: `${t.storageClass} after ${t.days} days is less than ${IA_MIN_DAYS} days after ${before.storageClass} (${before.days}): S3 keeps objects in an infrequent-access class ${IA_MIN_DAYS} days first — use days: ${before.days + IA_MIN_DAYS} or more`,
      });
    }
  });
  return problems;
}

/** Fargate's task sizes: per cpu, the memory range in MiB (1 GiB steps above the smallest size's own values). */
const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096),
  1024: steps(2048, 8192),
  2048: steps(4096, 16384),
  4096: steps(8192, 30720),
};

function steps(from: number, to: number): number[] {
  return Array.from({ length: (to - from) / 1024 + 1 }, (_, i) => from + i * 1024);
}

function fargateProblems(collector: TelemetryConfig["collector"]): PlanProblem[] {
  const allowed = FARGATE_MEMORY[collector.cpu];
  if (!allowed || allowed.includes(collector.memory)) return [];
  return [
    {
      path: "telemetry.collector.memory",
      message: `${collector.memory} MiB does not suit cpu ${collector.cpu}: Fargate takes ${allowed[0]}–${allowed[allowed.length - 1]} MiB${allowed.length > 3 ? " in 1024 steps" : ` (${allowed.join(", ")})`} for it — pick one of those`,
    },
  ];
}

/** The load balancer's certificate and the alarms' topic must live in the region the pipeline is deployed to. */
function regionProblems(telemetry: TelemetryConfig, awsRegion: string | undefined): PlanProblem[] {
  if (!awsRegion) return [];
  const regionOf = (arn: string) => arn.split(":")[3];
  return [
    [
      "telemetry.certificateArn",
      telemetry.certificateArn,
      "the load balancer uses an ACM certificate of its own region",
    ],
    ["telemetry.alarmTopicArn", telemetry.alarmTopicArn, "CloudWatch alarms notify topics of their own region"],
  ]
    .filter(([, arn]) => regionOf(arn) !== awsRegion)
    .map(([path, arn, why]) => ({
      path,
      message: `is in ${regionOf(arn)}, the pipeline in aws:region ${awsRegion}: ${why} — use one in ${awsRegion}`,
    }));
}
