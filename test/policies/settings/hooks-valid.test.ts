import { strict as assert } from "node:assert";
import { settingsHooksValid } from "../../../policies/rules/settings/hooks-valid";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-hooks-valid", () => {
  const run = (hooks: unknown) =>
    runResource(settingsHooksValid, resourceArgs(SETTINGS_OBJECT, settingsObject({ ...compliantSettings(), hooks })));

  it("passes valid hooks of every type, and no hooks", () => {
    assert.deepEqual(run(compliantSettings().hooks), []);
    assert.deepEqual(
      run({
        PostToolUse: [{ hooks: [{ type: "http", url: "https://audit.example/hook", timeout: 5 }] }],
        Stop: [
          {
            hooks: [
              { type: "prompt", prompt: "Summarise" },
              { type: "mcp_tool", server: "audit", tool: "log" },
            ],
          },
        ],
      }),
      [],
    );
    assert.deepEqual(runResource(settingsHooksValid, resourceArgs(SETTINGS_OBJECT, settingsObject({}))), []);
  });

  it("reports an invalid guard hook as one that stops the client", () => {
    assert.deepEqual(run({ PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command" }] }] }), [
      "hooks.PreToolUse[0].hooks[0].command is required for a command hook; the client refuses to start.",
    ]);
  });

  it("reports unknown events, bad groups and bad optional fields", () => {
    assert.deepEqual(
      run({
        OnSave: [],
        PostToolUse: [{ matcher: 3, hooks: [] }],
        SessionStart: [{ hooks: [{ type: "command", command: "x", shell: "zsh", timeout: 0 }, { type: "exec" }] }],
      }),
      [
        "hooks.OnSave is not a hook event of the pinned client; it is ignored.",
        "hooks.PostToolUse[0].matcher must be a string.",
        "hooks.PostToolUse[0].hooks must be a non-empty list.",
        "hooks.SessionStart[0].hooks[0].timeout must be a positive number of seconds.",
        'hooks.SessionStart[0].hooks[0].shell must be "bash" or "powershell".',
        'hooks.SessionStart[0].hooks[1].type "exec" must be one of command, prompt, agent, http, mcp_tool.',
      ],
    );
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(settingsHooksValid, resourceArgs("aws:iam/role:Role", {})), "not-applicable");
  });
});
