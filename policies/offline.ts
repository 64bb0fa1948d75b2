import type {
  EnforcementLevel,
  Policy,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { withoutStackFrames } from "../components/config/stack-frames";
import { compareCodePoints } from "../components/config/text";
import type { EvaluationContext, WithEvaluationContext } from "./lib/define";
import { configProblems, effectiveLevel, PackConfig, policyProperties } from "./lib/config-check";
import { classifyExemption, ExemptionEvent } from "./lib/exemptions";
import { isRecord } from "./lib/values";
import { allPolicies } from "./rules";
import type { ExemptionRecord, PolicyOutcome, PolicyReport, PolicyViolation } from "./report";
export { renderPolicyReport } from "./report";
export type { PolicyOutcome, PolicyReport, PolicyViolation };

/**
 * One registered resource as the mock runtime records it (cli/runtime/mocks.ts) and synth writes it
 * (`out/<stack>/resources.json`). Defined here because the policy pack may not import the CLI.
 */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string | null;
  readonly custom: boolean;
  /** Inputs as sent to the engine; secret values stay wrapped (see isSecretValue in cli/runtime/mocks.ts). */
  readonly inputs: Record<string, unknown>;
  /** Former names (Pulumi `aliases`) an existing stack knows the resource by; absent when none. */
  readonly aliases?: readonly string[];
}

/** Pseudo-policy that carries problems in the policy config itself (what the CLI would reject). */
const CONFIG_POLICY_NAME = "policy-config";

/**
 * Evaluates the pack over recorded resources the way the Pulumi engine would: resource policies
 * once per resource with 1.21-shaped arguments (notApplicable included), stack policies once
 * over all resources. `config` has the shape of a `--policy-pack-config` file. Synchronous:
 * every rule in the pack is synchronous.
 */
export function evaluatePolicies(resources: RecordedResource[], config: object, today: Date): PolicyReport {
  const packConfig = config as PackConfig;
  const events: ExemptionEvent[] = [];
  const context: EvaluationContext = { today, onExemption: (event) => events.push(event) };
  const problems = configProblems(config, allPolicies);
  const outcomes: PolicyOutcome[] = [configOutcome(problems)];
  const validConfig = isRecord(config) ? packConfig : {};
  for (const policy of allPolicies) {
    const level = effectiveLevel(policy, validConfig);
    const properties = policyProperties(policy, validConfig);
    const outcome =
      level === "disabled"
        ? { status: "disabled" as const, applied: 0, violations: [] }
        : "validateStack" in policy
          ? runStackPolicy(policy, resources, properties, context)
          : runResourcePolicy(policy as ResourceValidationPolicy, resources, properties, context);
    outcomes.push({
      name: policy.name,
      description: policy.description,
      kind: "validateStack" in policy ? "stack" : "resource",
      enforcementLevel: level === "remediate" ? "mandatory" : level,
      remediationSteps: policy.remediationSteps,
      ...outcome,
    });
  }
  outcomes.sort((a, b) => compareCodePoints(a.name, b.name));
  const count = (level: EnforcementLevel) =>
    outcomes
      .filter((o) => o.enforcementLevel === level && o.status === "violated")
      .reduce((n, o) => n + o.violations.length, 0);
  return {
    resourceCount: resources.length,
    mandatoryViolations: count("mandatory"),
    advisoryViolations: count("advisory"),
    policies: outcomes,
    exemptionsUsed: exemptionsUsed(events),
    expiredExemptions: expiredExemptions(validConfig, today),
  };
}

function configOutcome(problems: string[]): PolicyOutcome {
  return {
    name: CONFIG_POLICY_NAME,
    description:
      "The policy config is valid: known policies and settings, values within each configSchema, every exemption with a reason and an expiry day.",
    kind: "config",
    enforcementLevel: "mandatory",
    status: problems.length > 0 ? "violated" : "passed",
    applied: 1,
    remediationSteps: "Fix the named entry in policies/config.<stack>.json (see policies/config.example.json).",
    violations: problems.map((message) => ({ resource: null, message })),
  };
}

type Run = Pick<PolicyOutcome, "status" | "applied" | "violations">;

function runResourcePolicy(
  policy: ResourceValidationPolicy,
  resources: RecordedResource[],
  properties: object,
  context: EvaluationContext,
): Run {
  const violations: PolicyViolation[] = [];
  let applied = 0;
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : policy.validateResource
      ? [policy.validateResource]
      : [];
  for (const resource of resources) {
    let applies = false;
    for (const validate of validations) {
      const args: ResourceValidationArgs & WithEvaluationContext = {
        type: resource.type,
        props: resource.inputs,
        urn: resource.urn,
        name: resource.name,
        opts: optionsOf(resource),
        stackTags: new Map(),
        isType: (cls) => tokenOf(cls) === resource.type,
        // The SDK types asType's result after the class asked for; offline, the recorded inputs are that value.
        asType: ((cls: unknown) =>
          tokenOf(cls) === resource.type ? resource.inputs : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => properties as T,
        notApplicable: throwNotApplicable,
        evaluationContext: context,
      };
      applies =
        runOnce(policy, () =>
          validate(args, (message, urn) => violations.push({ resource: urn ?? resource.urn, message })),
        ) || applies;
    }
    applied += applies ? 1 : 0;
  }
  return finish(applied, violations);
}

function runStackPolicy(
  policy: StackValidationPolicy,
  resources: RecordedResource[],
  properties: object,
  context: EvaluationContext,
): Run {
  const violations: PolicyViolation[] = [];
  const args: StackValidationArgs & WithEvaluationContext = {
    resources: policyResources(resources),
    stackTags: new Map(),
    getConfig: <T extends object>() => properties as T,
    notApplicable: throwNotApplicable,
    evaluationContext: context,
  };
  const applies = runOnce(policy, () =>
    policy.validateStack(args, (message, urn) => violations.push({ resource: urn ?? null, message })),
  );
  return finish(applies ? 1 : 0, violations);
}

/**
 * Stack policies see outputs, which carry the resource id; offline the mock runtime's id is
 * `<logical name>-id`, which is also what dependent resources' inputs hold.
 */
function policyResources(resources: RecordedResource[]): PolicyResource[] {
  const built = resources.map<PolicyResource>((r) => ({
    type: r.type,
    props: { id: `${r.name}-id`, ...r.inputs },
    urn: r.urn,
    name: r.name,
    opts: optionsOf(r),
    dependencies: [],
    propertyDependencies: {},
    isType: (cls) => tokenOf(cls) === r.type,
    asType: ((cls: unknown) => (tokenOf(cls) === r.type ? r.inputs : undefined)) as PolicyResource["asType"],
  }));
  const byUrn = new Map(built.map((r) => [r.urn, r]));
  resources.forEach((r, i) => {
    const parent = r.parent === null ? undefined : byUrn.get(r.parent);
    if (parent) {
      built[i].parent = parent;
    }
  });
  return built;
}

class NotApplicableError extends Error {}

/**
 * Control flow, not a failure anyone reads: thrown for every resource a policy does not apply to
 * (near a million at 10 000 groups), so it is built without capturing a stack trace.
 */
function throwNotApplicable(reason?: string): never {
  throw withoutStackFrames(() => new NotApplicableError(reason));
}

/** Runs one validation; false when it declared itself not applicable. Other errors name the policy. */
function runOnce(policy: Policy, run: () => unknown): boolean {
  try {
    const result = run();
    if (result && typeof (result as Promise<unknown>).then === "function") {
      throw new Error("returned a promise; offline evaluation needs synchronous rules");
    }
    return true;
  } catch (e) {
    if (e instanceof NotApplicableError) {
      return false;
    }
    throw new Error(`Policy ${policy.name} failed during offline evaluation: ${(e as Error).message}`, { cause: e });
  }
}

function finish(applied: number, violations: PolicyViolation[]): Run {
  const sorted = [...violations].sort(
    (a, b) => compareCodePoints(a.resource ?? "", b.resource ?? "") || compareCodePoints(a.message, b.message),
  );
  return {
    status: sorted.length > 0 ? "violated" : applied > 0 ? "passed" : "not-applicable",
    applied,
    violations: sorted,
  };
}

function optionsOf(resource: RecordedResource): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

function tokenOf(cls: unknown): string | undefined {
  return (cls as { __pulumiType?: string } | undefined)?.__pulumiType;
}

function exemptionsUsed(events: ExemptionEvent[]): PolicyReport["exemptionsUsed"] {
  const rows = new Map<string, PolicyReport["exemptionsUsed"][number]>();
  for (const e of events.filter((event) => event.kind === "applied")) {
    const row = {
      policy: e.policy,
      resource: e.resource,
      matched: e.exemption.resource ?? "",
      reason: e.exemption.reason ?? "",
      expires: e.exemption.expires ?? "",
    };
    rows.set(JSON.stringify([row.policy, row.resource, row.matched]), row);
  }
  return [...rows.values()].sort(
    (a, b) => compareCodePoints(a.policy, b.policy) || compareCodePoints(a.resource, b.resource),
  );
}

function expiredExemptions(config: PackConfig, today: Date): ExemptionRecord[] {
  const expired: ExemptionRecord[] = [];
  for (const policy of allPolicies) {
    const exemptions = policyProperties(policy, config).exemptions;
    for (const raw of Array.isArray(exemptions) ? exemptions : []) {
      const state = classifyExemption(policy.name, raw, today);
      if (state.state === "expired") {
        const { resource, reason, expires } = state.exemption;
        expired.push({ policy: policy.name, resource, reason, expires });
      }
    }
  }
  return expired.sort((a, b) => compareCodePoints(a.policy, b.policy) || compareCodePoints(a.resource, b.resource));
}
