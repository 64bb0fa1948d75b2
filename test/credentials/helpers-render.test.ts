import * as assert from "assert";
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { HelperValues, renderHelpers } from "../../components/credentials";
import { powerShellParser } from "../distribution/powershell-parser";
import { hasCommand } from "./live-env";

// The renderer bakes per-profile values into the helper templates; the scripts run for real in
// helpers-live.test.ts (POSIX) and are parsed here (PowerShell: pwsh is not installable here).

const VALUES: HelperValues = {
  environment: "prod",
  profile: "platform",
  tenantId: "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b",
  appUri: "api://3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b/claude-code-prod-platform",
  roleArn: "arn:aws:iam::123456789012:role/claude-code-prod-platform",
  region: "eu-west-1",
  sessionSeconds: 3600,
  machine: { secretId: "claude-code-prod/platform/machine-credential", vaultRegion: "eu-west-1" },
};

describe("credentials: helper rendering", () => {
  it("names the files as the settings call them, per OS family", () => {
    const rendered = renderHelpers(VALUES);
    assert.deepEqual(
      rendered.posix.map((f) => [f.name, f.mode]),
      [
        ["aws-credential-export", "0755"],
        ["aws-credential-export-headless", "0755"],
      ],
    );
    assert.deepEqual(
      rendered.windows.map((f) => f.name),
      ["aws-credential-export.ps1", "aws-credential-export-headless.ps1"],
    );
    assert.deepEqual(
      renderHelpers({ ...VALUES, machine: undefined }).posix.map((f) => f.name),
      ["aws-credential-export"],
    );
  });

  it("bakes every value in, leaves no placeholder and stays ASCII", () => {
    for (const file of [...renderHelpers(VALUES).posix, ...renderHelpers(VALUES).windows]) {
      assert.doesNotMatch(file.content, /@@/, file.name);
      assert.doesNotMatch(
        file.content,
        /[^\t\n\x20-\x7e]/,
        `${file.name} is not plain ASCII (Windows PowerShell 5.1 misreads BOM-less UTF-8)`,
      );
      assert.ok(file.content.includes(VALUES.roleArn) && file.content.includes(VALUES.appUri), file.name);
    }
    const [posix, headless] = renderHelpers(VALUES).posix;
    assert.match(posix.content, /^session_seconds='3600'$/m);
    assert.match(headless.content, /^secret_id='claude-code-prod\/platform\/machine-credential'$/m);
  });

  it("is deterministic and hashes the exact content", () => {
    const [a, b] = [renderHelpers(VALUES), renderHelpers(VALUES)];
    assert.deepEqual(a, b);
    for (const file of a.posix)
      assert.equal(file.sha256, createHash("sha256").update(file.content, "utf8").digest("hex"));
  });

  it("refuses values that could break out of the quotes they are baked into", () => {
    assert.throws(
      () => renderHelpers({ ...VALUES, roleArn: "arn:aws:iam::123456789012:role/x'; rm -rf / #" }),
      /renderHelpers\(profile "platform"\): role_arn ".*" is not a valid value to bake into a helper/,
    );
    assert.throws(
      () => renderHelpers({ ...VALUES, machine: { secretId: "a$(id)", vaultRegion: "eu-west-1" } }),
      /secret_id "a\$\(id\)" is not a valid value/,
    );
  });

  it("POSIX helpers are shellcheck-clean as sh, and a broken copy is not", function () {
    if (!hasCommand("shellcheck")) {
      if (process.env.CI) throw new Error("shellcheck is missing: .ci/run installs it with apt-get");
      this.skip();
    }
    const check = (content: string) =>
      spawnSync("shellcheck", ["--shell=sh", "--severity=style", "-"], { input: content, encoding: "utf8" });
    for (const file of renderHelpers(VALUES).posix) {
      const result = check(file.content);
      assert.equal(result.status, 0, `${file.name}:\n${result.stdout}${result.stderr}`);
    }
    // An unquoted expansion (word splitting of the session name) is what shellcheck must catch.
    const broken = renderHelpers(VALUES).posix[0].content.replace(
      '--role-session-name="$session"',
      "--role-session-name=$session",
    );
    assert.notEqual(check(broken).status, 0);
  });

  it("PowerShell twins parse without errors, and a broken copy does not", async () => {
    const parser = await powerShellParser();
    for (const file of renderHelpers(VALUES).windows)
      assert.equal(parser.parse(file.content).rootNode.hasError, false, `${file.name} has a syntax error`);
    const broken = renderHelpers(VALUES).windows[0].content.replace("} catch {", "catch {");
    assert.equal(parser.parse(broken).rootNode.hasError, true);
  });
});
