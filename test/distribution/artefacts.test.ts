import * as assert from "assert";
import { spawnSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { ArtefactInput, renderArtefacts } from "../../components/plan/artefacts/artefacts";
import { PayloadFile } from "../../components/plan/artefacts/payload-files";
import { UnrepresentableSettings } from "../../components/plan/artefacts/unrepresentable";
import { compactCanonicalJson, sha256Hex } from "../../components/settings";
import { stableUuid } from "../../components/settings";
import { HELPER_DIRS } from "../../components/settings/client-helpers";
import { embeddedInShell } from "./installer-harness";

const SETTINGS = {
  env: { CLAUDE_CODE_ENABLE_TELEMETRY: "1", NOTE: 'caf\u00e9 & <tags> "quoted" back\\slash\r\nnext line \u{1F512}' },
  permissions: {
    allow: ["Bash(npm test *)"],
    ask: [],
    deny: ["Read(./.env)", "Read(~/.ssh/**)"],
    disableBypassPermissionsMode: "disable",
  },
  allowManagedPermissionRulesOnly: true,
  cleanupPeriodDays: 30,
  hooks: {},
  sampleRate: 0.25,
};
const SETTINGS_JSON = `${JSON.stringify(SETTINGS, null, 2)}\n`;
const MCP_JSON = `${JSON.stringify({ mcpServers: { github: { type: "http", url: "https://api.githubcopilot.com/mcp/" } } }, null, 2)}\n`;
const HELPER_SH = '#!/bin/sh\nprintf \'{"Authorization":"Bearer %s"}\' "$(cat /run/token)"\n';

function file(name: string, content: string): PayloadFile {
  return { name, content, sha256: sha256Hex(content), mode: "0644", target: "managed" };
}

function helper(name: string, content: string): PayloadFile {
  return { name, content, sha256: sha256Hex(content), mode: "0755", target: "helpers" };
}

function input(
  files: PayloadFile[] = [
    file("managed-settings.json", SETTINGS_JSON),
    file("managed-mcp.json", MCP_JSON),
    helper("otel-headers", HELPER_SH),
  ],
): ArtefactInput {
  // The plan passes the compiler's settings object next to its bytes; here the bytes are parsed once to get it.
  const settings = JSON.parse(files.find((f) => f.name === "managed-settings.json")?.content ?? "{}");
  return { profile: "standard", environment: "prod", clientVersion: "2.1.329", files, settings };
}

const ARTEFACT_NAMES = [
  "detect.ps1",
  "detect.sh",
  "install.ps1",
  "install.sh",
  "standard.mobileconfig",
  "standard.reg",
];

describe("distribution artefacts (renderer)", () => {
  it("renders the six artefacts, byte-identical for the same input in any file order", () => {
    const first = renderArtefacts(input());
    const reordered = renderArtefacts(input([...input().files].reverse()));
    assert.deepStrictEqual(Object.keys(first).sort(), ARTEFACT_NAMES);
    assert.deepStrictEqual(Object.keys(first), Object.keys(reordered));
    for (const name of ARTEFACT_NAMES) assert.strictEqual(reordered[name], first[name], name);
  });

  it("embeds the sha256 of managed-settings.json in every artefact and leaves no placeholder", () => {
    const settingsSha = sha256Hex(SETTINGS_JSON);
    for (const [name, text] of Object.entries(renderArtefacts(input()))) {
      assert.ok(text.includes(settingsSha), `${name} lacks ${settingsSha}`);
      assert.doesNotMatch(text, /@@[A-Z_]+@@/, name);
    }
  });

  it("install.sh embeds each file as base64 that decodes to the exact content, next to its sha256 and mode", () => {
    const script = renderArtefacts(input())["install.sh"];
    for (const [name, content, mode] of [
      ["managed-settings.json", SETTINGS_JSON, "0644"],
      ["managed-mcp.json", MCP_JSON, "0644"],
      ["otel-headers", HELPER_SH, "0755"],
    ]) {
      assert.strictEqual(embeddedInShell(script, name), content);
      assert.ok(
        script.includes(`    ${name}) expected_sha256='${sha256Hex(content)}'; expected_mode=${mode} ;;`),
        `sha256 and mode of ${name}`,
      );
    }
    // Helpers first and managed-settings.json last, so settings never name a helper not yet installed.
    assert.ok(script.includes("payload_files='otel-headers managed-mcp.json managed-settings.json'"));
    assert.ok(script.includes("helper_files='otel-headers'"));
    assert.ok(script.includes("absent_files=''"));
  });

  it("the installers and detection scripts put helpers into HELPER_DIRS, the folders the settings name", () => {
    const out = renderArtefacts(input());
    assert.ok(out["install.sh"].includes(`\n  helpers_dir="$root${HELPER_DIRS.posix}"\n`), "install.sh");
    assert.ok(out["detect.sh"].includes(`\nhelpers_dir="$root${HELPER_DIRS.posix}"\n`), "detect.sh");
    for (const name of ["install.ps1", "detect.ps1"]) {
      assert.ok(
        out[name].includes(
          `[pscustomobject]@{ Name = 'otel-headers'; Target = 'helpers'; Sha256 = '${sha256Hex(HELPER_SH)}'`,
        ),
        name,
      );
      assert.ok(
        out[name].includes(
          `[pscustomobject]@{ Name = 'managed-settings.json'; Target = 'managed'; Sha256 = '${sha256Hex(SETTINGS_JSON)}'`,
        ),
        name,
      );
      assert.ok(out[name].includes(`\n    $HelpersDir = '${HELPER_DIRS.windows}'\n`), name);
      assert.ok(
        out[name].includes(`\n    $HelpersDir = Join-Path $rootPath '${HELPER_DIRS.windows.replace(/^C:\\/, "")}'\n`),
        name,
      );
    }
    // One source of truth: the templates hold no copy of the helper folders.
    const templates = join(__dirname, "../../components/plan/artefacts/templates");
    for (const name of readdirSync(templates)) {
      const text = readFileSync(join(templates, name), "utf8");
      for (const dir of Object.values(HELPER_DIRS))
        assert.ok(!text.includes(dir) && !text.includes(dir.replace(/^C:\\/, "")), `${name} repeats ${dir}`);
    }
  });

  it("a profile without managed-mcp.json makes the installers remove it", () => {
    const out = renderArtefacts(input([file("managed-settings.json", SETTINGS_JSON)]));
    for (const name of ["install.sh", "detect.sh"])
      assert.ok(out[name].includes("absent_files='managed-mcp.json'"), name);
    for (const name of ["install.ps1", "detect.ps1"])
      assert.ok(out[name].includes("$AbsentFiles = @('managed-mcp.json')"), name);
  });

  it("the PowerShell scripts target C:\\Program Files\\ClaudeCode with the admin-only ACL, in pure ASCII", () => {
    const out = renderArtefacts(input());
    const install = out["install.ps1"];
    for (const name of ["install.ps1", "detect.ps1"]) {
      assert.match(
        out[name],
        // eslint-disable-next-line no-control-regex -- ASCII as a range
        /^[\x00-\x7f]*$/,
        `${name} must be ASCII: PowerShell 5.1 reads BOM-less scripts in the ANSI code page`,
      );
      assert.ok(out[name].includes("$ManagedDir = 'C:\\Program Files\\ClaudeCode'"), name);
    }
    assert.ok(install.includes(`Base64 = '${Buffer.from(SETTINGS_JSON, "utf8").toString("base64")}'`));
    assert.ok(!out["detect.ps1"].includes("Base64 ="), "detect.ps1 carries hashes only");
    for (const line of [
      "$acl.SetAccessRuleProtection($true, $false)",
      "$acl.SetOwner($Administrators)",
      "New-Object Security.Principal.SecurityIdentifier('S-1-5-32-544')",
      "New-Object Security.Principal.SecurityIdentifier('S-1-5-18')",
      "New-Object Security.Principal.SecurityIdentifier('S-1-5-32-545')",
      "FileSystemAccessRule($Administrators, 'FullControl', $inheritance, 'None', 'Allow')",
      "FileSystemAccessRule($LocalSystem, 'FullControl', $inheritance, 'None', 'Allow')",
      "FileSystemAccessRule($BuiltinUsers, 'ReadAndExecute', $inheritance, 'None', 'Allow')",
      "IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)",
      'Stop-Install "$($file.Name): embedded content does not match its sha256',
    ]) {
      assert.ok(install.includes(line), `install.ps1 lacks: ${line}`);
    }
  });

  it("the .mobileconfig is a well-formed plist whose payload is exactly the settings, as native types", () => {
    const text = renderArtefacts(input())["standard.mobileconfig"];
    const parsed = parsePlistWithPython(text) as Record<string, unknown>;
    const payloads = parsed.PayloadContent as Record<string, unknown>[];
    assert.strictEqual(payloads.length, 1);
    const { PayloadDisplayName, PayloadIdentifier, PayloadType, PayloadUUID, PayloadVersion, ...settings } =
      payloads[0];
    assert.deepStrictEqual(settings, SETTINGS);
    assert.deepStrictEqual(
      { PayloadIdentifier, PayloadType, PayloadVersion, PayloadDisplayName },
      {
        PayloadIdentifier: "claude-code-rollout.prod.standard.settings",
        PayloadType: "com.anthropic.claudecode",
        PayloadVersion: 1,
        PayloadDisplayName: "Claude Code managed settings (standard)",
      },
    );
    assert.strictEqual(parsed.PayloadType, "Configuration");
    assert.strictEqual(parsed.PayloadScope, "System");
    assert.strictEqual(parsed.PayloadIdentifier, "claude-code-rollout.prod.standard");
    const seed = `claude-code-rollout.prod.standard/${sha256Hex(SETTINGS_JSON)}`;
    assert.strictEqual(PayloadUUID, stableUuid(`${seed}/settings`).toUpperCase());
    assert.strictEqual(parsed.PayloadUUID, stableUuid(`${seed}/profile`).toUpperCase());
    assert.match(String(parsed.PayloadUUID), /^[0-9A-F]{8}-[0-9A-F]{4}-8[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    // Native types survive: integers stay integers, reals reals, booleans booleans.
    assert.ok(text.includes("<key>cleanupPeriodDays</key>\n\t\t\t<integer>30</integer>"));
    assert.ok(text.includes("<key>sampleRate</key>\n\t\t\t<real>0.25</real>"));
    assert.ok(text.includes("<key>allowManagedPermissionRulesOnly</key>\n\t\t\t<true/>"));
  });

  it("new settings get new PayloadUUIDs under the same identifier, so MDM replaces the profile", () => {
    const changed = `${JSON.stringify({ ...SETTINGS, cleanupPeriodDays: 7 }, null, 2)}\n`;
    const before = parsePlistWithPython(renderArtefacts(input())["standard.mobileconfig"]) as Record<string, unknown>;
    const after = parsePlistWithPython(
      renderArtefacts(input([file("managed-settings.json", changed)]))["standard.mobileconfig"],
    ) as Record<string, unknown>;
    assert.strictEqual(after.PayloadIdentifier, before.PayloadIdentifier);
    assert.notStrictEqual(after.PayloadUUID, before.PayloadUUID);
  });

  it("the .reg sets HKLM\\SOFTWARE\\Policies\\ClaudeCode Settings to the exact one-line JSON, ASCII with CRLF", () => {
    const text = renderArtefacts(input())["standard.reg"];
    // eslint-disable-next-line no-control-regex -- ASCII as a range
    assert.match(text, /^[\x00-\x7f]*$/);
    assert.ok(text.startsWith("Windows Registry Editor Version 5.00\r\n"));
    assert.doesNotMatch(text.replace(/\r\n/g, ""), /[\r\n]/, "every line ends in CRLF");
    const values = parseRegFile(text);
    assert.deepStrictEqual(Object.keys(values), ["HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\ClaudeCode"]);
    const json = values["HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\ClaudeCode"].Settings;
    assert.deepStrictEqual(JSON.parse(json), SETTINGS);
    // One line of canonical JSON (keys sorted, as in managed-settings.json, whatever order the settings object has);
    // non-ASCII as JSON \u escapes (the lock emoji as its surrogate pair).
    const expected = compactCanonicalJson(SETTINGS)
      .replace("caf\u00e9", "caf\\u00e9")
      .replace("\u{1F512}", "\\ud83d\\udd12");
    assert.strictEqual(json, expected);
    assert.ok(json.startsWith('{"allowManagedPermissionRulesOnly":true,"cleanupPeriodDays":30,"env":'), json);
  });

  describe("refuses input it cannot ship, naming the field", () => {
    const cases: [string, ArtefactInput, RegExp][] = [
      [
        "a wrong sha256",
        input([{ ...file("managed-settings.json", SETTINGS_JSON), sha256: sha256Hex("other") }]),
        /files\[0\]\.sha256: .* hashes to [0-9a-f]{64}/,
      ],
      ["no managed-settings.json", input([file("managed-mcp.json", MCP_JSON)]), /files: no managed-settings\.json/],
      [
        "a duplicate name",
        input([file("managed-settings.json", SETTINGS_JSON), file("managed-settings.json", SETTINGS_JSON)]),
        /files\[1\]\.name: "managed-settings\.json" appears twice/,
      ],
      [
        "a path as a name",
        input([file("managed-settings.json", SETTINGS_JSON), helper("../evil", HELPER_SH)]),
        /files\[1\]\.name: "\.\.\/evil"/,
      ],
      [
        "a helper the client cannot execute (0644)",
        input([file("managed-settings.json", SETTINGS_JSON), { ...helper("otel-headers", HELPER_SH), mode: "0644" }]),
        /files\[1\]\.mode: "0644": the client runs helpers, and one it cannot execute stops the client; use "0755"/,
      ],
      [
        "an executable in the managed folder (a helper without target)",
        input([file("managed-settings.json", SETTINGS_JSON), { ...file("otel-headers", HELPER_SH), mode: "0755" }]),
        /files\[1\]\.mode: "0755": documents in the managed folder are read, never run; use "0644" \(a program the settings name is target "helpers"\)/,
      ],
      [
        "a client document in the helper folder",
        input([file("managed-settings.json", SETTINGS_JSON), helper("managed-mcp.json", MCP_JSON)]),
        /files\[1\]\.target: managed-mcp\.json is read by the client from the managed folder; use "managed"/,
      ],
      [
        "an unknown target",
        input([{ ...file("managed-settings.json", SETTINGS_JSON), target: "bin" as "helpers" }]),
        /files\[0\]\.target: "bin" must be "managed" \(documents\) or "helpers"/,
      ],
      [
        "a helper and a document of the same name",
        input([
          file("managed-settings.json", SETTINGS_JSON),
          file("otel-headers", "x"),
          helper("otel-headers", HELPER_SH),
        ]),
        /files\[2\]\.name: "otel-headers" appears twice/,
      ],
      [
        "a rollback suffix",
        input([file("managed-settings.json", SETTINGS_JSON), file("x.json.previous", "{}")]),
        /files\[1\]\.name/,
      ],
      [
        "the drop-in folder's name",
        input([file("managed-settings.json", SETTINGS_JSON), file("managed-settings.d", "{}")]),
        /files\[1\]\.name: "managed-settings\.d" must be a plain file name .*not managed-settings\.d \(the drop-in folder\)/,
      ],
      [
        "an unknown mode",
        input([{ ...file("managed-settings.json", SETTINGS_JSON), mode: "0666" as "0644" }]),
        /files\[0\]\.mode: "0666"/,
      ],
      ["a profile name with a quote", { ...input(), profile: "o'brien" }, /profile: use letters/],
    ];
    for (const [what, bad, message] of cases) {
      it(what, () => assert.throws(() => renderArtefacts(bad), message));
    }
  });
});

// plistlib is Apple's format implemented independently of our renderer: a real parse, not ours.
function parsePlistWithPython(text: string): unknown {
  const code = "import json, plistlib, sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))";
  const result = spawnSync("python3", ["-c", code], { input: text, encoding: "utf8" });
  assert.strictEqual(
    result.status,
    0,
    `python3 plistlib could not parse the .mobileconfig: ${result.error ?? result.stderr}`,
  );
  return JSON.parse(result.stdout);
}

// A minimal regedit reader: [KEY] sections and "name"="string" values with regedit's two escapes.
function parseRegFile(text: string): Record<string, Record<string, string>> {
  const lines = text.split("\r\n");
  assert.strictEqual(lines[0], "Windows Registry Editor Version 5.00");
  const keys: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const line of lines.slice(1)) {
    if (line === "" || line.startsWith(";")) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = keys[section[1]] = {};
      continue;
    }
    const value = /^"([^"]+)"="((?:[^"\\]|\\[\\"])*)"$/.exec(line);
    assert.ok(value && current, `not a REG_SZ value line: ${line.slice(0, 80)}`);
    current[value[1]] = value[2].replace(/\\([\\"])/g, "$1");
  }
  return keys;
}

describe("distribution artefacts: settings a format cannot carry", () => {
  const unrepresentable = (settings: object, families?: ("posix" | "windows")[]) => {
    const files = [file("managed-settings.json", `${JSON.stringify(settings)}\n`)];
    try {
      renderArtefacts({ ...input(files), settings }, families);
    } catch (error) {
      assert.ok(error instanceof UnrepresentableSettings, String(error));
      return error.problems;
    }
    return assert.fail("rendered");
  };

  it("lists every value the .mobileconfig cannot carry, by JSON path, not just the first", () => {
    const problems = unrepresentable({
      model: null,
      hooks: { PreToolUse: [{ hooks: [{ type: "command", command: "echo \u0007" }] }] },
      PayloadType: "x",
      cleanupPeriodDays: 2 ** 60,
    });
    assert.deepStrictEqual(
      problems.map((p) => p.where),
      // The reserved key first, then the document in canonical (sorted) key order.
      ["PayloadType", "cleanupPeriodDays", "hooks.PreToolUse[0].hooks[0].command", "model"],
    );
    assert.strictEqual(problems[1].message, `${2 ** 60} has no exact plist form; use a smaller number`);
    assert.match(problems[2].message, /control character that XML/);
    assert.strictEqual(problems[3].message, "null has no plist form; remove the key or give it a value");
    assert.ok(problems.every((p) => p.format === "the macOS configuration profile (.mobileconfig)"));
  });

  it("renders only the families asked for: a plist-only problem does not stop the Windows family", () => {
    const settings = { model: null };
    const files = [file("managed-settings.json", `${JSON.stringify(settings)}\n`)];
    const windows = renderArtefacts({ ...input(files), settings }, ["windows"]);
    assert.deepStrictEqual(Object.keys(windows).sort(), ["detect.ps1", "install.ps1", "standard.reg"]);
    assert.deepStrictEqual(Object.keys(renderArtefacts(input(), ["posix"])).sort(), [
      "detect.sh",
      "install.sh",
      "standard.mobileconfig",
    ]);
  });

  it("renders the same .mobileconfig and .reg whatever key order the settings object was built in", () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const built = reversed(SETTINGS) as object;
    assert.notDeepStrictEqual(Object.keys(built), Object.keys(SETTINGS));
    const canonical = renderArtefacts(input());
    const other = renderArtefacts({ ...input(), settings: built });
    for (const name of ["standard.mobileconfig", "standard.reg"])
      assert.strictEqual(other[name], canonical[name], name);
  });

  it("a document longer than the client reads from the registry is a .reg problem", () => {
    const problems = unrepresentable({ companyAnnouncements: ["x".repeat(2 * 1024 * 1024)] }, ["windows"]);
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].format, "the Windows registry value (.reg)");
    assert.match(
      problems[0].message,
      /^2097\d{3} characters as one line; the client reads at most 2093056 from the registry/,
    );
  });
});
