// permission-matrix.md with hostile stack values: each shows as itself and none becomes markup.
import * as assert from "assert";
import { CompiledRollout, renderPermissionMatrix } from "../../components/settings";

/** The fields the matrix reads, for one profile (the compiler's other outputs do not matter here). */
function rollout(description: string, groups: string[], allow: string[]): CompiledRollout {
  const profile = {
    name: "standard",
    priority: 20,
    description,
    policyHash: "0123456789abcdef".repeat(4),
    includeGroup: "claude-code-dev-standard",
    excludeGroups: ["claude-code-dev-platform"],
    assignedGroups: groups,
    settings: {
      permissions: { allow, ask: [], deny: ["Read(./.env)"], disableBypassPermissionsMode: "disable" },
      allowManagedHooksOnly: true,
      allowedMcpServers: [{ serverName: "github" }],
      availableModels: ["sonnet"],
      enforceAvailableModels: true,
    },
  };
  return {
    environment: "dev",
    clientVersion: "2.1.329",
    profiles: [profile],
    assignments: groups.map((group) => ({ group, profile: "standard" })),
    warnings: [],
  } as unknown as CompiledRollout;
}

describe("permission matrix", () => {
  it("escapes descriptions, groups and rules, and orders groups by code point", () => {
    const description =
      "# Approved\n<img src=x onerror=alert(1)> [docs](http://evil.example) @security-team | `x` *all*";
    const groups = ["eng", "Zeta", "Ärzte", "A|B @org/team", "Eng"];
    const matrix = renderPermissionMatrix(rollout(description, groups, ["Bash(ps aux | grep ``x``)"]));
    assert.equal(
      matrix,
      [
        "# Permission matrix — dev",
        "",
        "Pinned client 2.1.329. A user in several groups gets the highest-priority profile.",
        "",
        "| group | profile | priority | policy hash |",
        "| --- | --- | --- | --- |",
        "| A\\|B @&#8203;org/team | standard | 20 | `0123456789ab` |",
        "| Eng | standard | 20 | `0123456789ab` |",
        "| Zeta | standard | 20 | `0123456789ab` |",
        "| eng | standard | 20 | `0123456789ab` |",
        "| Ärzte | standard | 20 | `0123456789ab` |",
        "",
        "## standard (priority 20)",
        "",
        "- description: \\# Approved\\n&lt;img src=x onerror=alert(1)&gt; \\[docs\\](http\\://evil.example) @&#8203;security-team \\| \\`x\\` \\*all\\*",
        "- groups: eng, Zeta, Ärzte, A\\|B @&#8203;org/team, Eng",
        "- MDM: include `claude-code-dev-standard`, exclude `claude-code-dev-platform`",
        "- default mode: default",
        "- allow: ```Bash(ps aux | grep ``x``)```",
        "- ask: none",
        "- deny: `Read(./.env)`",
        "- locks: allowManagedHooksOnly, disableBypassPermissionsMode, enforceAvailableModels",
        "- MCP servers: `github`",
        "- models: sonnet",
        "",
      ].join("\n"),
    );
  });
});
