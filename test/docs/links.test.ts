import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { headingAnchor } from "../../cli/export-policies-doc";

const ROOT = path.resolve(__dirname, "..", "..");
const README = path.join(ROOT, "README.md");
/** The README routes readers; the detail lives under docs/. */
const README_MAX_LINES = 150;
/** The guides whose every section a reader must reach from the README in one hop. */
const READER_GUIDES = ["docs/operating-guide.md", "docs/reviewer-guide.md", "docs/security-guide.md"];

function markdownFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => path.join(ROOT, "docs", name));
  return [README, ...docs];
}

/** The prose of a markdown file: fenced code blocks and inline code spans blanked, so their text is never read as links. */
function prose(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "")
    .replace(/(`+)[\s\S]*?\1/g, (span) => (span.includes("\n") ? span : " "));
}

/** Link targets of inline links `[text](target)` in a file's prose. */
function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** The anchors GitHub gives a file's headings, duplicates numbered as github-slugger does. */
function anchorsOf(markdown: string): Set<string> {
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of withoutFences.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = match[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "");
    const base = headingAnchor(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Problems with one relative link from `file`: a missing file, or an anchor no heading of the target has. */
function linkProblem(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: — not checked offline
  const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
  const resolved = pathPart === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(pathPart));
  if (!resolved.startsWith(ROOT + path.sep)) return `${target}: points outside the repository`;
  if (!fs.existsSync(resolved)) return `${target}: no such file`;
  if (anchor === undefined || !resolved.endsWith(".md")) return undefined;
  return anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)
    ? undefined
    : `${target}: ${path.relative(ROOT, resolved)} has no heading with the anchor #${anchor}`;
}

/** Paths into the repository's own folders named in code spans; placeholders (`<stack>`, globs, braces) are not paths. */
function repositoryPaths(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1])
    .filter((span) => /^(components|cli|policies|test|stacks|docs|\.github|\.ci)\/[^\s<>*{}]*$/.test(span));
}

function npmScripts(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  return Object.keys(manifest.scripts).sort();
}

/** How a script is invoked: `npm test` for the lifecycle scripts npm runs without `run`, `npm run <name>` otherwise. */
function invocation(script: string): string {
  return ["test", "start", "stop", "restart"].includes(script) ? `npm ${script}` : `npm run ${script}`;
}

describe("docs", () => {
  it("every relative link in README.md and docs/*.md reaches an existing file and heading", () => {
    const problems = markdownFiles().flatMap((file) =>
      linkTargets(fs.readFileSync(file, "utf8"))
        .map((target) => linkProblem(file, target))
        .filter((problem): problem is string => problem !== undefined)
        .map((problem) => `${path.relative(ROOT, file)}: ${problem}`),
    );
    assert.deepEqual(problems, []);
  });

  it("the link check does catch a missing file and a missing anchor", () => {
    assert.equal(linkProblem(README, "docs/no-such-guide.md"), "docs/no-such-guide.md: no such file");
    assert.equal(
      linkProblem(README, "docs/operating-guide.md#no-such-section"),
      "docs/operating-guide.md#no-such-section: docs/operating-guide.md has no heading with the anchor #no-such-section",
    );
    assert.equal(linkProblem(README, "docs/operating-guide.md#synth-offline"), undefined);
    assert.deepEqual(linkTargets("[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n[d](w.md#h)"), ["x.md", "w.md#h"]);
    assert.deepEqual(
      [...anchorsOf("# Title\n## Set-up (`npm ci`)\n## Set-up (`npm ci`)\n```\n# not a heading\n```")],
      ["title", "set-up-npm-ci", "set-up-npm-ci-1"],
    );
  });

  it("every repository path a doc names in a code span exists (files get renamed)", () => {
    const missing = markdownFiles().flatMap((file) =>
      repositoryPaths(fs.readFileSync(file, "utf8"))
        .filter((named) => !fs.existsSync(path.join(ROOT, named)))
        .map((named) => `${path.relative(ROOT, file)}: ${named}`),
    );
    assert.deepEqual(missing, []);
    assert.deepEqual(repositoryPaths("`cli/synth.ts` `out/<stack>/` `components/<x>/y.ts` `test/docs/`"), [
      "cli/synth.ts",
      "test/docs/",
    ]);
  });

  it(`the README stays short (at most ${README_MAX_LINES} lines)`, () => {
    const lines = fs.readFileSync(README, "utf8").split("\n").length - 1;
    assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines; move detail under docs/`);
  });

  it("the README names every npm script, and every doc names only scripts that exist", () => {
    const scripts = npmScripts();
    const readme = fs.readFileSync(README, "utf8");
    assert.deepEqual(
      scripts.filter((script) => !readme.includes(`\`${invocation(script)}`)),
      [],
      "add each missing script to the README's commands table",
    );
    const named = markdownFiles().flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/\bnpm run ([a-z][\w:-]*)/g)].map(
        (m) => `${path.relative(ROOT, file)}: npm run ${m[1]}`,
      ),
    );
    assert.deepEqual(
      named.filter((entry) => !scripts.includes(entry.slice(entry.lastIndexOf(" ") + 1))),
      [],
      "a doc names an npm script package.json does not have",
    );
  });

  it("every section of each reader's guide is one link away from the README", () => {
    const readmeTargets = new Set(linkTargets(fs.readFileSync(README, "utf8")));
    const unreachable = READER_GUIDES.flatMap((guide) => {
      const sections = [...fs.readFileSync(path.join(ROOT, guide), "utf8").matchAll(/^## (.+)$/gm)];
      assert.ok(sections.length > 2, `${guide} must have sections`);
      return sections
        .map((m) => `${guide}#${headingAnchor(m[1].replace(/`/g, ""))}`)
        .filter((target) => !readmeTargets.has(target));
    });
    assert.deepEqual(unreachable, []);
  });
});
