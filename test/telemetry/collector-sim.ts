// Runs the generated collector configuration's logs pipeline on OTLP log records, step by step as
// the contrib collector does, so a test sees what the `awscloudwatchlogs` exporter would write.
// Modelled on the sources (opentelemetry-collector-contrib): the oidc authenticator
// (extension/oidcauthextension: `auth.subject` is the username claim, `auth.membership` the groups
// claim as a string list — a token without it is refused — other claims by name), `from_context`
// (internal/coreinternal/attraction: a string as is, a string list joined with ";", a JSON array
// claim not at all), the attributes/resource actions used (delete; insert only when absent), the
// transform processor (statement groups, `conditions`, `error_mode: ignore`) and the filter processor.
// A processor, action or statement outside that subset throws.
import {
  Attributes,
  AttributeValue,
  evaluate,
  LogContext,
  parseCondition,
  parseStatement,
  runStatements,
} from "./ottl";

/** The parts of buildCollectorConfig's result the logs pipeline reads. */
export interface CollectorConfigData {
  readonly extensions: { readonly oidc: { readonly providers: readonly OidcProvider[] } };
  readonly processors: Readonly<Record<string, ProcessorConfig>>;
  readonly service: { readonly pipelines: { readonly logs: { readonly processors: readonly string[] } } };
}

interface OidcProvider {
  readonly issuer_url: string;
  readonly ignore_audience?: boolean;
  readonly username_claim?: string;
  readonly groups_claim?: string;
}

interface Action {
  readonly key: string;
  readonly action: string;
  readonly value?: string;
  readonly from_attribute?: string;
  readonly from_context?: string;
}

interface ProcessorConfig {
  readonly attributes?: readonly Action[];
  readonly actions?: readonly Action[];
  readonly error_mode?: string;
  readonly log_statements?: readonly {
    readonly conditions?: readonly string[];
    readonly statements: readonly string[];
  }[];
  readonly logs?: { readonly log_record: readonly string[] };
}

/** One OTLP/HTTP logs request: the verified token's claims, one resource and its records. */
export interface LogsRequest {
  readonly claims: Readonly<Record<string, unknown>>;
  readonly resource: Readonly<Record<string, AttributeValue>>;
  readonly records: readonly { readonly body: string; readonly attributes: Readonly<Record<string, AttributeValue>> }[];
}

/** A record as the exporter writes it to the audit log group (one JSON document per record). */
export interface ExportedRecord {
  readonly body: string;
  readonly attributes: Record<string, AttributeValue>;
  readonly resource: Record<string, AttributeValue>;
}

export type PipelineResult = { readonly refused: string } | { readonly exported: readonly ExportedRecord[] };

/** What the authenticator puts in the request context. */
interface AuthData {
  readonly subject: string;
  readonly membership: readonly string[];
  readonly claims: Readonly<Record<string, unknown>>;
}

function authenticate(provider: OidcProvider, claims: Readonly<Record<string, unknown>>): AuthData | string {
  // Signature and expiry are the library's; the sim takes the claims as verified.
  if (claims.iss !== provider.issuer_url) return "no OIDC provider configured for the issuer";
  if (!provider.ignore_audience) throw new Error("sim: only ignore_audience: true is modelled");
  const username = provider.username_claim ? claims[provider.username_claim] : claims.sub;
  if (typeof username !== "string") return "username claim not found or not a string";
  let membership: string[] = [];
  if (provider.groups_claim) {
    const groups = claims[provider.groups_claim];
    if (groups === undefined) return "groups claim not found";
    if (typeof groups === "string") membership = [groups];
    else if (Array.isArray(groups)) membership = groups.map(String);
  }
  return { subject: username, membership, claims };
}

/** `from_context: auth.<name>`: subject and membership first, then the claim by name. */
function fromContext(auth: AuthData, key: string): string | undefined {
  if (!key.startsWith("auth.")) throw new Error(`sim: from_context ${key} is not modelled`);
  const name = key.slice("auth.".length);
  if (name === "subject") return auth.subject;
  // A Go []string: joined with ";", nothing when empty.
  if (name === "membership") return auth.membership.length ? auth.membership.join(";") : undefined;
  const claim = auth.claims[name];
  // A JSON array claim arrives as []any, which from_context does not take.
  return typeof claim === "string" ? claim : undefined;
}

function applyActions(actions: readonly Action[], attributes: Attributes, auth: AuthData): void {
  for (const action of actions) {
    if (action.action === "delete") {
      attributes.delete(action.key);
      continue;
    }
    if (action.action !== "insert") throw new Error(`sim: action ${action.action} is not modelled`);
    const value =
      action.value ??
      (action.from_attribute !== undefined
        ? attributes.get(action.from_attribute)
        : fromContext(auth, action.from_context ?? ""));
    if (value !== undefined && !attributes.has(action.key)) attributes.set(action.key, value);
  }
}

/** Statement groups: a group whose statements name only resource paths runs once per resource (context inference). */
function runTransform(config: ProcessorConfig, contexts: readonly LogContext[]): void {
  if (config.error_mode !== "ignore") throw new Error("sim: only error_mode: ignore is modelled");
  for (const group of config.log_statements ?? []) {
    const statements = group.statements.map(parseStatement);
    const conditions = (group.conditions ?? []).map(parseCondition);
    const resourceOnly = !group.conditions && group.statements.every((s) => !/\blog\./.test(s));
    const targets = resourceOnly ? contexts.slice(0, 1) : contexts;
    for (const context of targets) {
      if (conditions.length && !conditions.some((c) => evaluate(c, context))) continue;
      runStatements(statements, context);
    }
  }
}

/** Runs the logs pipeline of `config` on one request, in the order `service.pipelines.logs.processors` names. */
export function runLogsPipeline(config: CollectorConfigData, request: LogsRequest): PipelineResult {
  const auth = authenticate(config.extensions.oidc.providers[0], request.claims);
  if (typeof auth === "string") return { refused: auth };
  const resource: Attributes = new Map(Object.entries(request.resource));
  let contexts: LogContext[] = request.records.map((r) => ({
    resource,
    attributes: new Map(Object.entries(r.attributes)),
    body: r.body,
  }));
  for (const name of config.service.pipelines.logs.processors) {
    const processor = config.processors[name];
    if (name === "memory_limiter" || name === "batch") continue;
    if (name.startsWith("resource/")) applyActions(processor.attributes ?? [], resource, auth);
    else if (name.startsWith("attributes/"))
      for (const context of contexts) applyActions(processor.actions ?? [], context.attributes, auth);
    else if (name.startsWith("transform/")) runTransform(processor, contexts);
    else if (name.startsWith("filter/")) {
      const drop = (processor.logs?.log_record ?? []).map(parseCondition);
      contexts = contexts.filter((context) => !drop.some((c) => evaluate(c, context)));
    } else throw new Error(`sim: processor ${name} is not modelled`);
  }
  return {
    exported: contexts.map((c) => ({
      body: c.body,
      attributes: Object.fromEntries(c.attributes),
      resource: Object.fromEntries(c.resource),
    })),
  };
}
