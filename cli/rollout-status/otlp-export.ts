// OTLP/JSON logs exports (ExportLogsServiceRequest, as OTLP/HTTP JSON sends them and `otelcol`'s file
// exporter writes them): one document, or several one after another (JSON lines), each
// resourceLogs → scopeLogs → logRecords. Attribute values become plain values, as the CloudWatch
// exporter stores them, so both sources feed the same reader (policy-event.ts).
import { isRecord } from "../../components/config/json";
import { RolloutStatusInputError } from "./input-error";
import { StoredRecord } from "./policy-event";

export function parseOtlpExports(text: string, file: string): StoredRecord[] {
  return jsonDocuments(text, file).flatMap((document, index) =>
    exportRecords(document, `${file} document ${index + 1}`),
  );
}

function exportRecords(document: unknown, where: string): StoredRecord[] {
  if (!isRecord(document) || !Array.isArray(document.resourceLogs))
    throw new RolloutStatusInputError(
      `${where}: not an OTLP/JSON logs export (expected an object with a "resourceLogs" array) — pass the collector's or a client's http/json logs export`,
    );
  const records: StoredRecord[] = [];
  for (const resourceLogs of document.resourceLogs.filter(isRecord)) {
    const resource = attributeMap(isRecord(resourceLogs.resource) ? resourceLogs.resource.attributes : undefined);
    for (const scopeLogs of list(resourceLogs.scopeLogs)) {
      for (const record of list(scopeLogs.logRecords)) {
        records.push({
          body: anyValue(record.body),
          attributes: attributeMap(record.attributes),
          resource,
          timeMs: nanosToMs(record.timeUnixNano) ?? nanosToMs(record.observedTimeUnixNano),
        });
      }
    }
  }
  return records;
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function attributeMap(attributes: unknown, depth = 0): Record<string, unknown> {
  // A null-prototype map: keys come from the file, and `__proto__` must stay an ordinary key.
  const map: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const attribute of list(attributes)) {
    if (typeof attribute.key === "string") map[attribute.key] = anyValue(attribute.value, depth);
  }
  return map;
}

/**
 * Nesting kept from an attribute value: what rollout-status reads is at most a list of strings, and a
 * hostile export nested thousands deep must not exhaust the stack. Deeper values read as absent.
 */
const MAX_VALUE_DEPTH = 8;

/** OTLP AnyValue → plain value (int64 arrives as a decimal string or a number; anything else is absent). */
function anyValue(value: unknown, depth = 0): unknown {
  if (!isRecord(value) || depth > MAX_VALUE_DEPTH) return undefined;
  if (typeof value.stringValue === "string") return value.stringValue;
  if (value.intValue !== undefined) return integer(value.intValue);
  if (typeof value.doubleValue === "number") return value.doubleValue;
  if (typeof value.boolValue === "boolean") return value.boolValue;
  if (isRecord(value.arrayValue)) return list(value.arrayValue.values).map((item) => anyValue(item, depth + 1));
  if (isRecord(value.kvlistValue)) return attributeMap(value.kvlistValue.values, depth + 1);
  return undefined;
}

function integer(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  return typeof value === "string" && /^-?\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/** Latest instant a Date holds (ms): beyond it a timestamp is garbage, not the future. */
const MAX_DATE_MS = 8.64e15;

/** Unix nanoseconds (a decimal string or number) → ms; 0, absent and out of a Date's range mean unknown. */
function nanosToMs(value: unknown): number | undefined {
  // A JSON number of nanoseconds is past 2^53: its digits, not its exact value, are what is read.
  const digits = typeof value === "number" && Number.isInteger(value) ? BigInt(value).toString() : value;
  if (typeof digits !== "string" || !/^\d{1,25}$/.test(digits) || /^0+$/.test(digits)) return undefined;
  const ms = Number(BigInt(digits) / 1_000_000n);
  return ms <= MAX_DATE_MS ? ms : undefined;
}

/** The top-level JSON values of a file, in order: one document, JSON lines, or documents back to back. */
function jsonDocuments(text: string, file: string): unknown[] {
  const documents: unknown[] = [];
  const open: string[] = [];
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    if (inString) {
      if (character === "\\") i++;
      else if (character === '"') inString = false;
      // JSON strings hold no raw line break: the line was cut off inside a string.
      else if (character === "\n") throw notJson(file, text, start, "the document starting on this line is cut off");
      continue;
    }
    if (character === '"' && open.length > 0) inString = true;
    else if (character === "{" || character === "[") {
      if (open.length === 0) start = i;
      open.push(character === "{" ? "}" : "]");
    } else if (character === "}" || character === "]") {
      if (open.pop() !== character) throw notJson(file, text, i, `unexpected ${character}`);
      if (open.length === 0) documents.push(parseDocument(text.slice(start, i + 1), file, text, start));
    } else if (open.length === 0 && !/\s/.test(character))
      throw notJson(file, text, i, `unexpected ${JSON.stringify(character)}`);
  }
  if (open.length > 0) throw notJson(file, text, start, "the document starting on this line is cut off");
  if (documents.length === 0)
    throw new RolloutStatusInputError(`${file}: no OTLP/JSON export in the file — it is empty`);
  return documents;
}

function parseDocument(slice: string, file: string, text: string, offset: number): unknown {
  try {
    return JSON.parse(slice);
  } catch (error) {
    throw notJson(file, text, offset, error instanceof Error ? error.message : String(error));
  }
}

function notJson(file: string, text: string, offset: number, reason: string): RolloutStatusInputError {
  const line = text.slice(0, offset).split("\n").length;
  return new RolloutStatusInputError(
    `${file}:${line}: not valid JSON (${reason}) — an events file holds OTLP/JSON logs exports, one per line`,
  );
}
