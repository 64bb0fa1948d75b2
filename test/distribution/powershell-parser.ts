import { Language, Parser, Tree } from "web-tree-sitter";
import { renderArtefacts } from "../../components/plan/artefacts/artefacts";
import { file, helper, settingsOf, V1 } from "./installer-harness";

// pwsh is not installable here (no Debian package, no registry build); the tree-sitter grammar
// from npm is the closest real parser available, so a broken script still fails a test.

/** A tree-sitter parser for PowerShell that always yields a tree. */
export async function powerShellParser(): Promise<{ parse(text: string): Tree }> {
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm")));
  return {
    parse(text) {
      // web-tree-sitter returns null only for a cancelled or language-less parse; neither happens here.
      const tree = parser.parse(text);
      if (!tree) throw new Error("tree-sitter returned no tree for a PowerShell parse");
      return tree;
    },
  };
}

/** The artefacts of a profile with settings and one PowerShell helper: what the parse tests read. */
export function renderWindowsProfile(): Record<string, string> {
  const files = [file("managed-settings.json", V1.settings), helper("otel-headers.ps1", V1.helper)];
  return renderArtefacts({
    profile: "standard",
    environment: "test",
    clientVersion: "2.1.329",
    files,
    settings: settingsOf(files),
  });
}
