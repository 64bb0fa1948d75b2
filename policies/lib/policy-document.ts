import { asList, isRecord } from "./values";

/** One IAM statement with its list-or-scalar fields normalised to lists. */
export interface Statement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  readonly principals: unknown;
  /** `{ <operator>: { <key>: string[] } }` */
  readonly conditions: Record<string, Record<string, string[]>>;
}

export type ParsedDocument = { ok: true; statements: Statement[] } | { ok: false; error: string };

/**
 * Parses an IAM policy document given as a JSON string (what `getPolicyDocument().json` gives)
 * or as an object (`aws.iam.PolicyDocument`), in either casing the providers accept.
 */
export function parsePolicyDocument(document: unknown): ParsedDocument {
  let value = document;
  if (typeof document === "string") {
    try {
      value = JSON.parse(document);
    } catch (e) {
      return { ok: false, error: `policy is not valid JSON (${(e as Error).message})` };
    }
  }
  if (!isRecord(value)) {
    return { ok: false, error: "policy is not a JSON object" };
  }
  const statements = asList(value.Statement ?? value.statement);
  if (!statements.every(isRecord)) {
    return { ok: false, error: "policy Statement entries must be objects" };
  }
  return { ok: true, statements: statements.map(normaliseStatement) };
}

/** Values of condition `key` under `operator`, matched case-insensitively as IAM does for keys. */
export function conditionValues(statement: Statement, operator: string, key: string): string[] | undefined {
  const block = Object.entries(statement.conditions).find(([op]) => op === operator)?.[1];
  const entry = block && Object.entries(block).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return entry?.[1];
}

function normaliseStatement(raw: Record<string, unknown>): Statement {
  const field = (pascal: string) => raw[pascal] ?? raw[pascal[0].toLowerCase() + pascal.slice(1)];
  const strings = (pascal: string) => asList(field(pascal)).map(String);
  const conditions: Record<string, Record<string, string[]>> = {};
  const rawConditions = field("Condition");
  if (isRecord(rawConditions)) {
    for (const [operator, block] of Object.entries(rawConditions)) {
      if (isRecord(block)) {
        conditions[operator] = Object.fromEntries(Object.entries(block).map(([k, v]) => [k, asList(v).map(String)]));
      }
    }
  }
  const sid = field("Sid");
  return {
    sid: typeof sid === "string" ? sid : undefined,
    effect: String(field("Effect") ?? ""),
    actions: strings("Action"),
    notActions: strings("NotAction"),
    resources: strings("Resource"),
    notResources: strings("NotResource"),
    principals: field("Principal"),
    conditions,
  };
}
