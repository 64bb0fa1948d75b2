// Builds policy arguments exactly as @pulumi/policy 1.21's analyzer server does (props behind the
// unknown-checking proxy, notApplicable throwing, stackTags, options), plus the optional
// evaluation context for a fixed day. Never imports policies/index.ts (it starts a gRPC server).
import {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { loadRolloutConfig } from "../../components/config";
import { compileRollout, ManagedSettings } from "../../components/settings";
import type { WithEvaluationContext } from "../../policies/lib/define";
import { sampleConfig } from "../fixtures/config";
import type { ExemptionEvent } from "../../policies/lib/exemptions";

/** The engine's sentinels for values unknown during preview. */
export const UNKNOWN = {
  string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

export const SETTINGS_OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";

/** The day every test evaluates on unless it says otherwise. */
export const TODAY = new Date("2026-07-01T12:00:00Z");

export interface ArgsOptions {
  name?: string;
  /** The policy's own config entry, as `getConfig()` returns it. */
  config?: object;
  today?: Date;
  exemptionEvents?: ExemptionEvent[];
}

export const urnOf = (type: string, name: string) => `urn:pulumi:test::claude-code-rollout::${type}::${name}`;

export function resourceArgs(
  type: string,
  props: Record<string, unknown>,
  options: ArgsOptions = {},
): ResourceValidationArgs & WithEvaluationContext {
  const name = options.name ?? "test";
  const proxied = unknownCheckingProxy(props);
  return {
    type,
    props: proxied,
    urn: urnOf(type, name),
    name,
    opts: emptyOptions(),
    stackTags: new Map(),
    isType: (cls) => tokenOf(cls) === type,
    // The SDK types asType's result after the class asked for; here the resource's own props are that value.
    asType: ((cls: unknown) => (tokenOf(cls) === type ? proxied : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => (options.config ?? {}) as T,
    notApplicable: throwNotApplicable,
    evaluationContext: contextOf(options),
  };
}

/** Violation messages, or "not-applicable" when the policy declined the resource. */
export function runResource(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): string[] | "not-applicable" {
  const messages: string[] = [];
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
  try {
    for (const validate of validations) {
      validate(args, (message) => messages.push(message));
    }
  } catch (e) {
    if (e instanceof NotApplicable) {
      return "not-applicable";
    }
    throw e;
  }
  return messages;
}

export function stackResource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
  const proxied = unknownCheckingProxy(props);
  return {
    type,
    props: proxied,
    urn: urnOf(type, name),
    name,
    opts: emptyOptions(),
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
    isType: (cls) => tokenOf(cls) === type,
    asType: ((cls: unknown) => (tokenOf(cls) === type ? proxied : undefined)) as PolicyResource["asType"],
  };
}

export function stackArgs(
  resources: PolicyResource[],
  options: ArgsOptions = {},
): StackValidationArgs & WithEvaluationContext {
  return {
    resources,
    stackTags: new Map(),
    getConfig: <T extends object>() => (options.config ?? {}) as T,
    notApplicable: throwNotApplicable,
    evaluationContext: contextOf(options),
  };
}

/** `{ urn, message }` per violation, or "not-applicable". */
export function runStack(
  policy: StackValidationPolicy,
  args: StackValidationArgs,
): { urn?: string; message: string }[] | "not-applicable" {
  const violations: { urn?: string; message: string }[] = [];
  try {
    policy.validateStack(args, (message, urn) => violations.push({ urn, message }));
  } catch (e) {
    if (e instanceof NotApplicable) {
      return "not-applicable";
    }
    throw e;
  }
  return violations;
}

/** Props of a published managed-settings object carrying `document` (serialised unless a string). */
export function settingsObject(
  document: unknown,
  key = "profiles/standard/0123abcd/managed-settings.json",
): Record<string, unknown> {
  return {
    bucket: "settings-bucket-id",
    key,
    content: typeof document === "string" ? document : JSON.stringify(document, null, 2) + "\n",
    contentType: "application/json",
  };
}

/**
 * A document the whole pack accepts: the compiler's own output for the sample "standard" profile
 * (sandbox, locks, root guard, every spelling), so it keeps up with the compiler, plus the telemetry,
 * model and audit-hook keys the settings policies look at.
 */
export function compliantSettings(): ManagedSettings {
  const standard = compileRollout(loadRolloutConfig(sampleConfig(), "dev"), "2.1.329").profiles.find(
    (p) => p.name === "standard",
  )!;
  const document: ManagedSettings = JSON.parse(standard.settingsJson);
  return {
    ...document,
    availableModels: ["sonnet", "haiku"],
    enforceAvailableModels: true,
    env: {
      ...document.env,
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.corp.example",
      OTEL_LOGS_EXPORTER: "otlp",
      OTEL_METRICS_EXPORTER: "otlp",
      OTEL_RESOURCE_ATTRIBUTES:
        "claude_code_rollout.policy_hash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    },
    hooks: {
      ...document.hooks,
      PreToolUse: [
        ...(document.hooks.PreToolUse ?? []),
        { matcher: "Bash", hooks: [{ type: "command", command: "/usr/local/bin/audit-hook" }] },
      ],
    },
  };
}

class NotApplicable extends Error {}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

function contextOf(options: ArgsOptions) {
  const events = options.exemptionEvents;
  return { today: options.today ?? TODAY, onExemption: events ? (e: ExemptionEvent) => events.push(e) : undefined };
}

function emptyOptions(): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  };
}

function tokenOf(cls: unknown): string | undefined {
  return (cls as { __pulumiType?: string } | undefined)?.__pulumiType;
}
