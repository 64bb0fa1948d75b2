import { strict as assert } from "node:assert";
import { settingsNoUnboundedAllow, unboundedReason } from "../../../policies/rules/settings/no-unbounded-allow";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-no-unbounded-allow", () => {
  const withAllow = (allow: string[]) => ({ ...compliantSettings(), permissions: { allow } });
  const run = (document: unknown, config: object = {}) =>
    runResource(settingsNoUnboundedAllow, resourceArgs(SETTINGS_OBJECT, settingsObject(document), { config }));

  it("passes bounded rules", () => {
    assert.deepEqual(
      run(withAllow(["Bash(npm test)", "Bash(npm view react *)", "Edit(./src/**)", "mcp__github__get_*"])),
      [],
    );
  });

  it("reports repository code allowed with free arguments, in every rule form", () => {
    assert.deepEqual(
      run(
        withAllow([
          "Bash(npm test *)",
          "Bash(npm:*)",
          "PowerShell(make *)",
          "Bash(gitleaks detect *)",
          "Bash(npm test)",
        ]),
      ),
      [
        'permissions.allow rule "Bash(npm test *)" runs repository-controlled code with any arguments; allow the exact command.',
        'permissions.allow rule "Bash(npm:*)" runs repository-controlled code with any arguments; allow the exact command.',
        'permissions.allow rule "PowerShell(make *)" runs repository-controlled code with any arguments; allow the exact command.',
        'permissions.allow rule "Bash(gitleaks detect *)" runs repository-controlled code with any arguments; allow the exact command.',
      ],
    );
  });

  it("reports each unbounded form", () => {
    assert.deepEqual(
      run(withAllow(["Bash", "Bash(*)", "Edit", "Edit(*)", "Read(//**)", "WebFetch", "mcp__*", "mcp__*__get"])),
      [
        'permissions.allow rule "Bash" allows every use of Bash.',
        'permissions.allow rule "Bash(*)" allows every use of Bash.',
        'permissions.allow rule "Edit" allows every use of Edit.',
        'permissions.allow rule "Edit(*)" allows every use of Edit.',
        'permissions.allow rule "Read(//**)" allows Read on every path under /.',
        'permissions.allow rule "WebFetch" allows every use of WebFetch.',
        'permissions.allow rule "mcp__*" allows tools of every MCP server.',
        'permissions.allow rule "mcp__*__get" allows tools of every MCP server.',
      ],
    );
  });

  it("rejects extra rules named in config verbatim", () => {
    assert.deepEqual(run(withAllow(["Edit(./src/**)"]), { extraForbiddenRules: ["Edit(./src/**)"] }), [
      'permissions.allow rule "Edit(./src/**)" is forbidden by policy config.',
    ]);
  });

  it("classifies home and domain wildcards as unbounded and project paths as bounded", () => {
    assert.equal(unboundedReason("Read(~/**)"), "allows Read on every path under ~/");
    assert.equal(unboundedReason("WebFetch(domain:*)"), "allows fetching from every domain");
    assert.equal(unboundedReason("Bash(:*)"), "allows every use of Bash");
    assert.equal(unboundedReason("Read(./**)"), undefined);
    assert.equal(unboundedReason("WebFetch(domain:*.example.com)"), undefined);
    assert.equal(unboundedReason("mcp__github"), undefined);
  });

  it("reads rules with the core's rule form, including ones the compiler would reject", () => {
    // ruleForm (components/config/rules.ts) splits the rule; checkRule refuses these, the pack still judges them.
    assert.equal(unboundedReason("mcp__*__search"), "allows tools of every MCP server");
    assert.equal(unboundedReason("mcp____search"), "allows tools of every MCP server");
    assert.equal(
      unboundedReason("Bash(npm test\n*)"),
      "runs repository-controlled code with any arguments; allow the exact command",
    );
    assert.equal(unboundedReason("  Edit(*)  "), "allows every use of Edit");
    assert.equal(unboundedReason("not a rule"), undefined);
  });

  it("is not applicable to non-settings objects", () => {
    assert.equal(
      runResource(
        settingsNoUnboundedAllow,
        resourceArgs(SETTINGS_OBJECT, settingsObject(withAllow(["Bash"]), "a/managed-mcp.json")),
      ),
      "not-applicable",
    );
  });
});
