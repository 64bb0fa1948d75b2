import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

// The layers of docs/design-notes.md, checked over the whole import graph. eslint's import-x/no-cycle
// skips type-only imports; this graph counts them, because a type cycle still ties two modules together.

const ROOT = path.resolve(__dirname, "..");
const SOURCES = ["index.ts", "components", "cli", "policies"];

/** One module's imports: project files (root-relative) and packages (their names). */
interface ModuleImports {
  readonly files: string[];
  readonly packages: string[];
}

/** Every specifier a file names: import, import type, export … from, import(), require(). */
function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
}

/** The project file a relative specifier names, or undefined for a non-TypeScript file (JSON, templates). */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.join(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, "index.ts"), base].find(
    (candidate) => candidate.endsWith(".ts") && fs.existsSync(path.join(ROOT, candidate)),
  );
}

function sourceFiles(): string[] {
  return SOURCES.flatMap((source) =>
    source.endsWith(".ts")
      ? [source]
      : fs
          .readdirSync(path.join(ROOT, source), { recursive: true, encoding: "utf8" })
          .map((file) => path.join(source, file))
          .filter((file) => file.endsWith(".ts") && !/(^|\/)(node_modules|bin)\//.test(file)),
  );
}

/** The import graph of the program, its CLI and its policy pack. */
function importGraph(): Map<string, ModuleImports> {
  const graph = new Map<string, ModuleImports>();
  for (const file of sourceFiles()) {
    const files: string[] = [];
    const packages: string[] = [];
    for (const specifier of specifiersOf(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
      if (specifier.startsWith(".")) {
        const target = resolveRelative(file, specifier);
        if (target) files.push(target);
      } else {
        packages.push(specifier);
      }
    }
    graph.set(file, { files: [...new Set(files)], packages: [...new Set(packages)] });
  }
  return graph;
}

/** Every cycle's members (strongly connected components with more than one file, or a self-import). */
function cycles(graph: Map<string, ModuleImports>): string[][] {
  // Tarjan's algorithm, iteration order fixed by the sorted file list so a failure reads the same every run.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file)?.files ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || graph.get(file)?.files.includes(file)) found.push(component.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return found;
}

const inside = (file: string, ...folders: string[]) => folders.some((folder) => file.startsWith(`${folder}/`));

/** `from → to` for every edge whose source is in `from` and whose target matches `forbidden`. */
function edges(
  graph: Map<string, ModuleImports>,
  from: (file: string) => boolean,
  forbidden: (target: string) => boolean,
): string[] {
  return [...graph]
    .filter(([file]) => from(file))
    .flatMap(([file, imports]) =>
      [...imports.files, ...imports.packages].filter(forbidden).map((t) => `${file} → ${t}`),
    )
    .sort();
}

describe("architecture: the import graph", () => {
  const graph = importGraph();
  const PURE_CORE = ["components/config", "components/settings", "components/plan", "components/preflight"];
  const CLOUD = ["components/identity", "components/credentials", "components/distribution", "components/telemetry"];

  it("reads every kind of import, type-only and re-exports included", () => {
    const text = [
      'import type { A } from "./a";',
      'import {\n  B,\n} from "./b";',
      'export type { C } from "./c";',
      'export * from "./d";',
      'const e = require("./e");',
      'const f = import("./f");',
      'import "./g";',
    ].join("\n");
    assert.deepEqual(specifiersOf(text), ["./a", "./b", "./c", "./d", "./e", "./f", "./g"]);
    // The graph sees the whole program: the entry point reaches the pure core and the cloud components.
    assert.ok(graph.size > 100, `only ${graph.size} files in the graph`);
    const fromIndex = graph.get("index.ts")!.files;
    assert.ok(fromIndex.some((f) => inside(f, ...PURE_CORE)) && fromIndex.some((f) => inside(f, ...CLOUD)));
  });

  it("places every component folder in a layer", () => {
    const folders = fs
      .readdirSync(path.join(ROOT, "components"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `components/${entry.name}`)
      .sort();
    assert.deepEqual(
      folders,
      [...PURE_CORE, ...CLOUD].sort(),
      "a new folder must join the pure core or the cloud layer",
    );
  });

  it("has no cycle", () => {
    const none = { packages: [] };
    const sample = new Map([
      ["a.ts", { ...none, files: ["b.ts"] }],
      ["b.ts", { ...none, files: ["c.ts", "a.ts"] }],
      ["c.ts", { ...none, files: [] }],
      ["d.ts", { ...none, files: ["d.ts"] }],
    ]);
    assert.deepEqual(cycles(sample), [["a.ts", "b.ts"], ["d.ts"]], "the cycle finder finds a loop and a self-import");
    assert.deepEqual(cycles(graph), []);
  });

  // The CLI, the policy pack and the tests reuse the pure core; Pulumi in it would drag the runtime along.
  it("keeps Pulumi and the cloud components out of the pure core", () => {
    assert.deepEqual(
      edges(
        graph,
        (file) => inside(file, ...PURE_CORE),
        (target) => target.startsWith("@pulumi/") || inside(target, ...CLOUD),
      ),
      [],
    );
  });

  it("lets data flow config → settings → plan, never back", () => {
    assert.deepEqual(
      edges(
        graph,
        (file) => inside(file, "components/config"),
        (target) => inside(target, "components/settings", "components/plan"),
      ),
      [],
    );
    assert.deepEqual(
      edges(
        graph,
        (file) => inside(file, "components/settings"),
        (target) => inside(target, "components/plan"),
      ),
      [],
    );
  });

  it("keeps components below the CLI and the policy pack, and the pack below the CLI", () => {
    assert.deepEqual(
      edges(
        graph,
        (file) => inside(file, "components"),
        (target) => inside(target, "cli", "policies"),
      ),
      [],
    );
    assert.deepEqual(
      edges(
        graph,
        (file) => inside(file, "policies"),
        (target) => inside(target, "cli"),
      ),
      [],
    );
  });
});
