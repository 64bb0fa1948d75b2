import type {
  EnforcementLevel,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { programClock } from "../../components/config/clock";
import { classifyExemption, exemptionMatches, ExemptionEvent, exemptionsSchema, ExemptionState } from "./exemptions";

/**
 * Optional extras the offline evaluator and tests attach to the 1.21 argument objects. The Pulumi
 * engine never sets them, so a real preview evaluates on today's date and reports nothing extra.
 */
export interface EvaluationContext {
  /** The day exemptions are judged against; defaults to now. */
  readonly today?: Date;
  /** Told about every violation an exemption matched (applied, expired or invalid). */
  readonly onExemption?: (event: ExemptionEvent) => void;
}
export type WithEvaluationContext = { evaluationContext?: EvaluationContext };

/** One configurable threshold: its JSON schema (for the CLI) and the default code uses offline. */
export interface Setting<T> {
  readonly schema: PolicyConfigJSONSchema;
  readonly default: T;
}
export type Settings<C> = { readonly [K in keyof C]: Setting<C[K]> };
/** Config of a policy without thresholds (exemptions only). */
export type NoSettings = Record<string, never>;

/** What a rule body receives: resolved config, the evaluation day and an exemption-aware reporter. */
export interface RuleContext<C> {
  readonly config: C;
  readonly today: Date;
  /** Reports a violation on the resource under evaluation, or on `urn` (stack rules). */
  readonly report: (message: string, urn?: string) => void;
}

interface PolicyMetadata<C> {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly severity: Severity;
  readonly remediationSteps: string;
  readonly settings: Settings<C>;
}

export interface ResourceRuleSpec<C> extends PolicyMetadata<C> {
  /** Type tokens the rule applies to; every other type is not applicable. */
  readonly types: readonly string[];
  /** `props` as the Pulumi engine hands them over (the SDK's own type: untyped JSON of the resource inputs). */
  readonly validate: (
    props: ResourceValidationArgs["props"],
    args: ResourceValidationArgs,
    context: RuleContext<C>,
  ) => void;
}

export interface StackRuleSpec<C> extends PolicyMetadata<C> {
  readonly validate: (resources: PolicyResource[], args: StackValidationArgs, context: RuleContext<C>) => void;
}

/** A resource policy that says which resource types it checks (the reference doc lists them). */
export interface TypedResourcePolicy extends ResourceValidationPolicy {
  readonly resourceTypes: readonly string[];
}

/** The resource types a policy built by resourcePolicy checks; undefined for any other policy. */
export function resourceTypesOf(
  policy: ResourceValidationPolicy | StackValidationPolicy,
): readonly string[] | undefined {
  return "resourceTypes" in policy ? (policy as TypedResourcePolicy).resourceTypes : undefined;
}

/** A resource policy with type filtering, config defaults and exemptions handled uniformly. */
export function resourcePolicy<C extends object>(spec: ResourceRuleSpec<C>): TypedResourcePolicy {
  return {
    ...metadata(spec),
    resourceTypes: spec.types,
    validateResource: (args, reportViolation) => {
      if (!spec.types.includes(args.type)) {
        args.notApplicable(`Policy only applies to resources of type ${spec.types.map((t) => `'${t}'`).join(", ")}`);
      }
      const context = ruleContext(spec, args, reportViolation, (urn = args.urn) => ({
        urn,
        name: urn === args.urn ? args.name : undefined,
      }));
      spec.validate(args.props, args, context);
    },
  };
}

/** A stack policy (cross-resource rules) with config defaults and exemptions handled uniformly. */
export function stackPolicy<C extends object>(spec: StackRuleSpec<C>): StackValidationPolicy {
  return {
    ...metadata(spec),
    validateStack: (args, reportViolation) => {
      const names = new Map(args.resources.map((r) => [r.urn, r.name]));
      const context = ruleContext(spec, args, reportViolation, (urn) => ({
        urn: urn ?? "",
        name: urn ? names.get(urn) : undefined,
      }));
      spec.validate(args.resources, args, context);
    },
  };
}

/** Defaults from `settings` overlaid with the configured values (enforcementLevel and exemptions excluded). */
function resolveConfig<C>(settings: Settings<C>, configured: Record<string, unknown>): C {
  const resolved: Record<string, unknown> = {};
  for (const key of Object.keys(settings) as (keyof C & string)[]) {
    resolved[key] = configured[key] !== undefined ? configured[key] : settings[key].default;
  }
  return resolved as C;
}

function metadata<C>(spec: PolicyMetadata<C>) {
  const properties: Record<string, PolicyConfigJSONSchema> = { exemptions: exemptionsSchema };
  for (const [key, setting] of Object.entries<Setting<unknown>>(spec.settings)) {
    properties[key] = { ...setting.schema, default: setting.default as PolicyConfigJSONSchema["default"] };
  }
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    severity: spec.severity,
    remediationSteps: spec.remediationSteps,
    configSchema: { properties },
  };
}

function ruleContext<C>(
  spec: PolicyMetadata<C>,
  args: (ResourceValidationArgs | StackValidationArgs) & WithEvaluationContext,
  reportViolation: ReportViolation,
  resourceOf: (urn: string | undefined) => { urn: string; name?: string },
): RuleContext<C> {
  const configured = args.getConfig<Record<string, unknown>>();
  // The program's clock (SOURCE_DATE_EPOCH when set), so expiry is judged on the day the resources were planned for.
  const today = args.evaluationContext?.today ?? programClock(process.env.SOURCE_DATE_EPOCH, new Date());
  const exemptions = (Array.isArray(configured.exemptions) ? configured.exemptions : []).map((raw) =>
    classifyExemption(spec.name, raw, today),
  );
  const report = (message: string, urn?: string) => {
    const resource = resourceOf(urn);
    const matching = exemptions.filter((e) => exemptionMatches(patternOf(e), resource));
    const active = matching.find((e) => e.state === "active");
    const notify = (kind: ExemptionEvent["kind"], e: ExemptionState) =>
      args.evaluationContext?.onExemption?.({
        kind,
        policy: spec.name,
        resource: resource.urn,
        message,
        exemption: entryOf(e),
      });
    if (active) {
      notify("applied", active);
      return;
    }
    matching.forEach((e) => notify(e.state === "expired" ? "expired" : "invalid", e));
    reportViolation(message + matching.map(ignoredNote).join(""), urn);
  };
  return { config: resolveConfig(spec.settings, configured), today, report };
}

function patternOf(e: ExemptionState): string {
  if (e.state !== "invalid") {
    return e.exemption.resource;
  }
  const resource = (e.raw as { resource?: unknown } | null)?.resource;
  return typeof resource === "string" ? resource : "";
}

function entryOf(e: ExemptionState): Partial<{ resource: string; reason: string; expires: string }> {
  return e.state === "invalid" ? (typeof e.raw === "object" && e.raw) || {} : e.exemption;
}

function ignoredNote(e: ExemptionState): string {
  if (e.state === "expired") {
    return ` [exemption expired on ${e.exemption.expires} (${e.exemption.reason}) — renew it or fix the resource]`;
  }
  return e.state === "invalid" ? ` [exemption ignored: ${e.problems.join("; ")}]` : "";
}
