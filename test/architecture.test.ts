import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Every import specifier of every .ts file under a folder, as `file: specifier`. */
function importsUnder(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) =>
      [
        ...fs
          .readFileSync(path.join(ROOT, folder, file), "utf8")
          .matchAll(/^(?:import|export)[^"']*["']([^"']+)["']/gm),
      ].map((match) => `${folder}/${file}: ${match[1]}`),
    );
}

describe("architecture", () => {
  // The CLI, the policy pack and the tests reuse the pure core; Pulumi in it would drag the runtime along.
  for (const folder of ["components/config", "components/settings"]) {
    it(`${folder} imports no Pulumi and no cloud component`, () => {
      const imports = importsUnder(folder);
      assert.ok(imports.length > 10, "the scan must see the folder's imports");
      assert.deepEqual(
        imports.filter((i) => /: (@pulumi\/|\.\.\/(identity|distribution|credentials|telemetry))/.test(i)),
        [],
      );
    });
  }

  // Data flows config → settings: the compiler builds on the config model and its rule grammar, never the reverse.
  it("components/config imports nothing from components/settings", () => {
    assert.deepEqual(
      importsUnder("components/config").filter((i) => /: \.\.\/settings(\/|$)/.test(i)),
      [],
    );
  });
});
