// The tool vocabulary the rule grammar checks against is the pinned client's own (cli/export-tools.ts).
import * as assert from "assert";
import * as fs from "fs";
import {
  binaryWindows,
  committedVocabulary,
  deriveToolVocabulary,
  describeDrift,
  installedClient,
  REGENERATE,
  renderToolsModule,
  TOOLS_FILE,
  ToolVocabulary,
} from "../../cli/export-tools";
import { runDoctor } from "../../cli/verify/doctor";
import { detectNamespaceMode } from "../../cli/verify/sandbox";
import { DEFAULT_CLIENT } from "../../cli/verify/session";
import { KNOWN_TOOLS } from "../../components/config";
import { NETWORK_TOOLS, WRITE_TOOLS } from "../../components/config/shell-commands";
import * as generated from "../../components/config/tools.generated";
import { PINNED_CLIENT_VERSION } from "../../components/settings";

/** A binary's text as the client lays it out (minified names differ from release to release). */
const BINARY = [
  'var q7=["Agent","Bash","Edit","Glob","Read","TaskStop","Write","propose_skills"],Zk={Task:"Agent",KillShell:"TaskStop"};',
  'var Rm=new Set(["BashOutput","Frame"]);function v(e){if(Rm.has(e)){t(`Permission ${e.kind} rule names a removed tool: ${e}`)}}',
  'let g=a.toolName==="Write"||a.toolName==="MultiEdit"?"Edit":a.toolName==="Glob"?"Read":void 0;var mH="RefreshMcpTools";',
].join("\n");
const SDK_TYPES =
  "export type ToolInputSchemas =\n  | AgentInput\n  | FileEditInput\n  | McpInput\n  | ProposeSkillsInput\n  | RefreshMcpToolsInput\n  | ToolOutputSchemas;\n";
const SAMPLE: ToolVocabulary = {
  clientVersion: "9.9.9",
  tools: ["Agent", "Bash", "Edit", "Glob", "Read", "RefreshMcpTools", "TaskStop", "Write"],
  renamed: { KillShell: "TaskStop", Task: "Agent" },
  removed: ["BashOutput", "Frame"],
  pathRuleTool: { Glob: "Read", MultiEdit: "Edit", Write: "Edit" },
};

describe("tool vocabulary", () => {
  it("knows every tool the intent tables deny, so none is a rule the client would drop", () => {
    const unknown = [...WRITE_TOOLS, ...NETWORK_TOOLS].filter((tool) => !KNOWN_TOOLS.includes(tool));
    assert.deepStrictEqual(
      unknown,
      [],
      "rename these in components/config/shell-commands.ts to the client's current names",
    );
  });

  it("reads registry, legacy names, removed tools and path-rule redirects out of the binary", () => {
    assert.deepStrictEqual(
      deriveToolVocabulary("9.9.9", SDK_TYPES, () => [BINARY]),
      SAMPLE,
    );
  });

  it("refuses an SDK tool the binary does not name, and a binary without exactly one registry", () => {
    assert.throws(
      () => deriveToolVocabulary("9.9.9", SDK_TYPES.replace("AgentInput", "TeleportInput"), () => [BINARY]),
      {
        message:
          "sdk-tools.d.ts documents TeleportInput, which names no tool in the client binary — extend sdkSchemaTool in cli/export-tools.ts",
      },
    );
    assert.throws(
      () => deriveToolVocabulary("9.9.9", SDK_TYPES, () => [BINARY, BINARY.replace('"Agent",', '"Agent","Teleport",')]),
      {
        message:
          "found 2 candidates for the built-in tool registry in the client binary, expected 1 — update the pattern in cli/export-tools.ts",
      },
    );
  });

  it("names each tool the client added, renamed or dropped", () => {
    const next: ToolVocabulary = {
      ...SAMPLE,
      clientVersion: "9.10.0",
      tools: ["Agent", "Bash", "Edit", "Glob", "Monitor", "Read", "RefreshMcpTools", "ShellStop", "Write"],
      renamed: { ...SAMPLE.renamed, TaskStop: "ShellStop" },
      removed: [...SAMPLE.removed, "Glob"],
    };
    assert.deepStrictEqual(describeDrift(SAMPLE, { ...next, tools: next.tools.filter((tool) => tool !== "Glob") }), [
      "client version: 9.9.9 → 9.10.0",
      "tool renamed: TaskStop → ShellStop",
      "tool added: Monitor",
      "tool dropped: Glob (now a removed tool)",
      'legacy names: {"KillShell":"TaskStop","Task":"Agent"} → {"KillShell":"TaskStop","Task":"Agent","TaskStop":"ShellStop"}',
      'removed tools: ["BashOutput","Frame"] → ["BashOutput","Frame","Glob"]',
    ]);
    assert.deepStrictEqual(describeDrift(SAMPLE, SAMPLE), []);
  });

  it("is generated from the pinned client", () => {
    assert.equal(
      generated.TOOLS_CLIENT_VERSION,
      PINNED_CLIENT_VERSION,
      `components/config/tools.generated.ts is for another client — run \`${REGENERATE}\``,
    );
    assert.equal(
      fs.readFileSync(TOOLS_FILE, "utf8"),
      renderToolsModule(committedVocabulary(generated)),
      `tools.generated.ts was edited by hand — run \`${REGENERATE}\``,
    );
  });

  describe("against the installed client", function () {
    // Scans the ~380 MB native binary; generous so a busy machine cannot fail it.
    this.timeout(600_000);

    it("has not drifted: no tool added, renamed or dropped", () => {
      const client = installedClient();
      const installed = deriveToolVocabulary(client.version, client.sdkTypes, () => binaryWindows(client.binary));
      const drift = describeDrift(committedVocabulary(generated), installed);
      assert.deepStrictEqual(
        drift,
        [],
        `The installed client's tools differ from components/config/tools.generated.ts:\n  ${drift.join("\n  ")}\nRun \`${REGENERATE}\` and review the rule grammar tests.`,
      );
    });

    it("accepts every vocabulary name in a managed rule and resolves every legacy name", () => {
      const rules = [...generated.BUILTIN_TOOLS, ...Object.keys(generated.RENAMED_TOOLS)];
      const report = runDoctor(
        JSON.stringify({ permissions: { deny: rules } }),
        undefined,
        DEFAULT_CLIENT,
        detectNamespaceMode(),
      );
      assert.equal(report.exitCode, 0, report.output);
      assert.deepStrictEqual(report.invalidSettings, []);
      // The client registers these only in some set-ups (a claude.ai login, feature gates); a deny on them is still meaningful.
      const unknownToDoctor = [...report.output.matchAll(/deny rule "(\w+)" matches no known tool/g)].map(
        (match) => match[1],
      );
      assert.deepStrictEqual(unknownToDoctor, ["ClaudeDesign", "RefreshMcpTools", "SubagentHandback"]);
    });
  });
});
