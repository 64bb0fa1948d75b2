import * as fs from "fs";
import * as path from "path";
import { compareCodePoints } from "../components/config/text";

/**
 * `npm run tools`: derives the permission-rule tool vocabulary from the pinned client package and
 * writes components/config/tools.generated.ts. Tool names come from the client's built-in tool
 * registry in the native binary (the list it recognises tool names by), the legacy-name map next
 * to it, the set of removed tools its rule loader drops, and the path-rule redirect (`Write(…)` →
 * `Edit(…)`); sdk-tools.d.ts cross-checks that every tool the SDK documents is covered.
 * test/config/tools.test.ts re-derives all of it and fails while the committed file is stale.
 */
export const TOOLS_FILE = path.resolve(__dirname, "..", "components", "config", "tools.generated.ts");
export const REGENERATE = "npm run tools";

export interface ToolVocabulary {
  readonly clientVersion: string;
  /** Built-in tools a rule may name, sorted. */
  readonly tools: readonly string[];
  /** Legacy name → current tool, as the client maps them when it loads a rule. */
  readonly renamed: Readonly<Record<string, string>>;
  /** Names the client drops from rules because the tool no longer exists. */
  readonly removed: readonly string[];
  /** Tools whose path rules the client never consults → the tool whose rules cover them. */
  readonly pathRuleTool: Readonly<Record<string, string>>;
}

/** Where the installed client keeps its package, type definitions and native binary. */
export function installedClient(): { version: string; sdkTypes: string; binary: string } {
  const packageFile = require.resolve("@anthropic-ai/claude-code/package.json");
  const root = path.dirname(packageFile);
  const manifest = JSON.parse(fs.readFileSync(packageFile, "utf8")) as { version: string };
  return {
    version: manifest.version,
    sdkTypes: fs.readFileSync(path.join(root, "sdk-tools.d.ts"), "utf8"),
    binary: path.join(root, "bin", "claude.exe"),
  };
}

/** The binary as latin1 text in overlapping windows, so no literal is split across two of them. */
export function* binaryWindows(file: string, size = 32 << 20, overlap = 1 << 20): Generator<string> {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(size);
    for (let position = 0; ; position += size - overlap) {
      const read = fs.readSync(fd, buffer, 0, size, position);
      if (read > 0) yield buffer.toString("latin1", 0, read);
      if (read < size) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}

const NAME_LIST = `(?:"[A-Za-z_]+",)+"[A-Za-z_]+"`;
/** The registry array directly followed by the legacy-name object: `X=[…"Bash"…],Y={Task:"Agent",…}`. */
const REGISTRY = new RegExp(
  `=\\[(${NAME_LIST})\\],[\\w$]+=\\{((?:[A-Za-z_]+:"[A-Za-z_]+",)*[A-Za-z_]+:"[A-Za-z_]+")\\}`,
  "g",
);
/** The rule loader's check `if(S.has(tool)){log(\`Permission … rule names a removed tool…`. */
const REMOVED_CHECK = /if\(([\w$]+)\.has\([\w$]+\)\)\{[\w$]+\(`Permission \$\{[^}]{1,40}\} rule names a removed tool/g;
// The next two open with a literal and take what precedes it in a lookbehind: the engine then jumps
// from one occurrence of the literal to the next instead of trying a pattern at every byte of the
// binary (6 s and 12 s a scan before, under 0.1 s after; the same matches).
/** `S=new Set(["A","B"])`: the set's name, then its names. */
const SET_LITERAL = new RegExp(`=new Set\\(\\[(?<=([\\w$]+)=new Set\\(\\[)(${NAME_LIST})\\]\\)`, "g");
const TOOL_NAME_TEST = `[\\w$]+\\.toolName==="[A-Za-z]+"`;
const TOOL_NAME_TESTS = `(?:${TOOL_NAME_TEST}\\|\\|)*${TOOL_NAME_TEST}`;
/** The validator's `t==="Write"||t==="NotebookEdit"||…?"Edit":t==="Glob"?"Read":void 0`. */
const PATH_REDIRECT = new RegExp(`\\?"Edit":(?<=(${TOOL_NAME_TESTS})\\?"(Edit)":)(${TOOL_NAME_TESTS})\\?"(Read)"`, "g");

/** Reads the vocabulary out of the binary's text and the SDK's tool input schemas. */
export function deriveToolVocabulary(
  clientVersion: string,
  sdkTypes: string,
  windows: () => Iterable<string>,
): ToolVocabulary {
  const registries = new Set<string>();
  const removedSetNames = new Set<string>();
  const setLiterals = new Map<string, Set<string>>();
  const redirects = new Set<string>();
  for (const text of windows()) {
    for (const match of text.matchAll(REGISTRY)) {
      if (match[1].includes('"Bash"') && match[1].includes('"Read"')) registries.add(`${match[1]}|${match[2]}`);
    }
    for (const match of text.matchAll(REMOVED_CHECK)) removedSetNames.add(match[1]);
    for (const match of text.matchAll(SET_LITERAL))
      setLiterals.set(match[1], (setLiterals.get(match[1]) ?? new Set()).add(match[2]));
    for (const match of text.matchAll(PATH_REDIRECT)) redirects.add(match.slice(1, 5).join("\n"));
  }
  const [names, aliasText] = single("the built-in tool registry", registries).split("|");
  const registry = quoted(names);
  const renamed = Object.fromEntries(
    aliasText
      .split(",")
      .map((pair) => pair.split(":"))
      .map(([from, to]) => [from, to.slice(1, -1)])
      .sort(([a], [b]) => compareCodePoints(a, b)),
  );
  const removedName = single("the removed-tool check", removedSetNames);
  const removed = quoted(single(`the removed-tool set ${removedName}`, setLiterals.get(removedName) ?? new Set())).sort(
    compareCodePoints,
  );
  const [editFrom, , readFrom] = single("the path-rule redirect", redirects).split("\n");
  const pathRuleTool = Object.fromEntries(
    [
      ...toolNamesIn(editFrom).map((name) => [name, "Edit"]),
      ...toolNamesIn(readFrom).map((name) => [name, "Read"]),
    ].sort(([a], [b]) => compareCodePoints(a, b)),
  );

  // A rule names a tool by a name that starts uppercase; lower-case registry entries cannot be written.
  const tools = new Set(registry.filter((name) => /^[A-Z]/.test(name)));
  const unregistered = sdkToolSchemas(sdkTypes).filter(
    (schema) => sdkSchemaTool(schema, registry, renamed) === undefined,
  );
  for (const schema of unregistered) {
    if (!/^[A-Z]\w+$/.test(schema) || !containsLiteral(windows, schema)) {
      throw new Error(
        `sdk-tools.d.ts documents ${schema}Input, which names no tool in the client binary — extend sdkSchemaTool in cli/export-tools.ts`,
      );
    }
    tools.add(schema);
  }
  return { clientVersion, tools: [...tools].sort(compareCodePoints), renamed, removed, pathRuleTool };
}

/** `Bash` for `BashInput`: the members of the `ToolInputSchemas` union. */
function sdkToolSchemas(sdkTypes: string): string[] {
  const union = /export type ToolInputSchemas =([^;]*);/.exec(sdkTypes);
  if (!union) throw new Error("sdk-tools.d.ts has no ToolInputSchemas union");
  return [...union[1].matchAll(/\|\s*(\w+)Input\b/g)].map((match) => match[1]);
}

/**
 * The registry tool an SDK input schema belongs to: its own name, `FileEdit` → `Edit`,
 * `ProposeSkills` → `propose_skills`, a legacy name → the current one; `Mcp` is MCP tools
 * (`mcp__…` rules). Undefined: a tool the registry omits (the client registers it only in some
 * set-ups), kept when the binary names it as a literal.
 */
function sdkSchemaTool(
  schema: string,
  registry: readonly string[],
  renamed: Readonly<Record<string, string>>,
): string | undefined {
  if (schema === "Mcp") return "mcp__";
  const snake = schema.replace(/(?<=[a-z])(?=[A-Z])/g, "_").toLowerCase();
  const candidates = [schema, schema.replace(/^File/, ""), snake, renamed[schema], `${schema}Tool`];
  return candidates.find((name) => name !== undefined && registry.includes(name));
}

/** Whether the binary holds `="Name"`, the way it declares a tool name constant. */
function containsLiteral(windows: () => Iterable<string>, name: string): boolean {
  for (const text of windows()) if (text.includes(`="${name}"`)) return true;
  return false;
}

/** What changed between the committed vocabulary and the installed client's, one line each. */
export function describeDrift(committed: ToolVocabulary, installed: ToolVocabulary): string[] {
  const lines: string[] = [];
  if (committed.clientVersion !== installed.clientVersion)
    lines.push(`client version: ${committed.clientVersion} → ${installed.clientVersion}`);
  const added = installed.tools.filter((tool) => !committed.tools.includes(tool));
  const dropped = committed.tools.filter((tool) => !installed.tools.includes(tool));
  const renamedNow = dropped.filter((tool) => installed.renamed[tool] !== undefined);
  for (const tool of renamedNow) lines.push(`tool renamed: ${tool} → ${installed.renamed[tool]}`);
  const renamedTo = new Set(renamedNow.map((tool) => installed.renamed[tool]));
  for (const tool of added.filter((name) => !renamedTo.has(name))) lines.push(`tool added: ${tool}`);
  for (const tool of dropped.filter((name) => !renamedNow.includes(name)))
    lines.push(`tool dropped: ${tool}${installed.removed.includes(tool) ? " (now a removed tool)" : ""}`);
  for (const [field, label] of [
    ["renamed", "legacy names"],
    ["removed", "removed tools"],
    ["pathRuleTool", "path-rule redirects"],
  ] as const) {
    if (JSON.stringify(committed[field]) !== JSON.stringify(installed[field])) {
      lines.push(`${label}: ${JSON.stringify(committed[field])} → ${JSON.stringify(installed[field])}`);
    }
  }
  return lines;
}

/** The checked-in module: plain data, so components/config stays pure. */
export function renderToolsModule(vocabulary: ToolVocabulary): string {
  const list = (items: readonly string[]) => `[\n${items.map((item) => `  ${JSON.stringify(item)},\n`).join("")}]`;
  const record = (entries: Readonly<Record<string, string>>) =>
    `{\n${Object.entries(entries)
      .map(([key, value]) => `  ${key}: ${JSON.stringify(value)},\n`)
      .join("")}}`;
  const fileEditTools = [
    "Edit",
    ...Object.keys(vocabulary.pathRuleTool).filter((tool) => vocabulary.pathRuleTool[tool] === "Edit"),
  ]
    .filter((tool) => vocabulary.tools.includes(tool))
    .sort(compareCodePoints);
  return [
    `// Generated by \`${REGENERATE}\` (cli/export-tools.ts) from @anthropic-ai/claude-code ${vocabulary.clientVersion}. Do not edit.`,
    "",
    `/** The client release this vocabulary was read from. */`,
    `export const TOOLS_CLIENT_VERSION = ${JSON.stringify(vocabulary.clientVersion)};`,
    "",
    `/** Built-in tools a permission rule may name. */`,
    `export const BUILTIN_TOOLS: readonly string[] = ${list(vocabulary.tools)};`,
    "",
    `/** Legacy names the client still maps to a current tool. */`,
    `export const RENAMED_TOOLS: Readonly<Record<string, string>> = ${record(vocabulary.renamed)};`,
    "",
    `/** Names the client drops from rules: the tool no longer exists. */`,
    `export const REMOVED_TOOLS: readonly string[] = ${list(vocabulary.removed)};`,
    "",
    `/** Tools whose path rules the client never consults → the tool whose rules cover them. */`,
    `export const PATH_RULE_TOOL: Readonly<Record<string, string>> = ${record(vocabulary.pathRuleTool)};`,
    "",
    `/** Tools that write files: the ones an Edit(…) rule covers. */`,
    `export const FILE_EDIT_TOOLS: readonly string[] = ${list(fileEditTools)};`,
    "",
  ].join("\n");
}

/** The vocabulary the committed module holds, in the generator's shape. */
export function committedVocabulary(module: typeof import("../components/config/tools.generated")): ToolVocabulary {
  return {
    clientVersion: module.TOOLS_CLIENT_VERSION,
    tools: module.BUILTIN_TOOLS,
    renamed: module.RENAMED_TOOLS,
    removed: module.REMOVED_TOOLS,
    pathRuleTool: module.PATH_RULE_TOOL,
  };
}

function single(what: string, found: Set<string>): string {
  if (found.size !== 1)
    throw new Error(
      `found ${found.size} candidates for ${what} in the client binary, expected 1 — update the pattern in cli/export-tools.ts`,
    );
  return [...found][0];
}

function quoted(list: string): string[] {
  return [...list.matchAll(/"([A-Za-z_]+)"/g)].map((match) => match[1]);
}

function toolNamesIn(condition: string): string[] {
  return [...condition.matchAll(/toolName==="([A-Za-z]+)"/g)].map((match) => match[1]);
}

if (require.main === module) {
  const client = installedClient();
  fs.writeFileSync(
    TOOLS_FILE,
    renderToolsModule(deriveToolVocabulary(client.version, client.sdkTypes, () => binaryWindows(client.binary))),
  );
  console.log(`wrote ${path.relative(process.cwd(), TOOLS_FILE)}`);
}
