// Reading a stack file: hostile or broken YAML is an error naming the file and the fix, found before
// anything is expanded or synthesized.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStack } from "../../cli/stack";

function stackFile(yaml: string, name = "Pulumi.bomb.yaml"): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-")), name);
  fs.writeFileSync(file, yaml);
  return file;
}

describe("stack file", () => {
  it("refuses a YAML alias bomb (billion laughs), naming the file, without expanding it", () => {
    const levels = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    const lines = levels.map(
      (name, i) =>
        `  claude-code-rollout:${name}: &${name} [${i === 0 ? Array(9).fill('"lol"') : Array(9).fill(`*${levels[i - 1]}`)}]`,
    );
    const file = stackFile(`config:\n${lines.join("\n")}\n`);
    assert.throws(() => readStack(file), {
      message:
        `${file}: too many YAML alias expansions (over 100; aliases of aliases are the shape of a "billion laughs" attack) — ` +
        "write the values out instead of nesting *aliases; a stack file needs none",
    });
  });

  it("still reads a few plain aliases", () => {
    const file = stackFile(
      'config:\n  claude-code-rollout:a: &deny ["Bash(curl *)"]\n  claude-code-rollout:b: *deny\n',
    );
    assert.deepEqual(readStack(file).projectConfig, { a: ["Bash(curl *)"], b: ["Bash(curl *)"] });
  });

  it("names the file for YAML it cannot parse", () => {
    const duplicate = stackFile("config:\n  claude-code-rollout:tenantId: a\n  claude-code-rollout:tenantId: b\n");
    assert.throws(() => readStack(duplicate), {
      message: `${duplicate}: not valid YAML — Map keys must be unique at line 3, column 3:\n\n  claude-code-rollout:tenantId: a\n  claude-code-rollout:tenantId: b\n  ^`,
    });
    const unresolved = stackFile("config:\n  claude-code-rollout:a: *nowhere\n");
    assert.throws(() => readStack(unresolved), {
      message: `${unresolved}: not valid YAML — Unresolved alias (the anchor must be set before the alias): nowhere`,
    });
  });

  it("refuses a stack file or a config section that is not a mapping, naming the file", () => {
    for (const yaml of ["- a\n- b\n", "just text\n", "42\n"]) {
      const file = stackFile(yaml, "Pulumi.shape.yaml");
      assert.throws(() => readStack(file), {
        message: `${file}: a stack file is a YAML mapping (\`config:\` and its keys)`,
      });
    }
    for (const yaml of ["config: [1, 2]\n", "config: text\n"]) {
      const file = stackFile(yaml, "Pulumi.shape.yaml");
      assert.throws(() => readStack(file), {
        message: `${file}: \`config\` must be a mapping of \`<namespace>:<key>: value\` entries`,
      });
    }
    // An empty file or an empty config section is a stack with no settings, as Pulumi reads it.
    assert.deepEqual(readStack(stackFile("", "Pulumi.empty.yaml")).projectConfig, {});
    assert.deepEqual(readStack(stackFile("config:\n", "Pulumi.empty.yaml")).projectConfig, {});
  });

  it("refuses a stack name that could carry markup or line breaks into outputs and PR comments", () => {
    for (const name of ["prod @team", "prod\n## Looks fine", "prod<img>", "a.b"]) {
      const file = stackFile("config: {}\n", `Pulumi.${name}.yaml`);
      assert.throws(() => readStack(file), {
        message: `${JSON.stringify(file)}: the stack name ${JSON.stringify(name)} may hold only letters, digits, - and _ (at most 100) — rename the file`,
      });
    }
    assert.equal(readStack(stackFile("config: {}\n", "Pulumi.eu_prod-2.yaml")).stack, "eu_prod-2");
  });
});
