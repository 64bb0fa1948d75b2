// The whole suite (npm test): every test file, one mocha worker per core (at least two), the longest
// files first so that the last ones to start are short and both cores stay busy to the end.
// Timeouts stay what each file derives from its own runs' deadlines (an upper bound for a hang).
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const base = require("../.mocharc.json");

/** Measured longest first (npm test on 2 cores); every other file follows in name order. */
const LONGEST_FIRST = [
  "test/verify/adversarial.test.ts",
  "test/verify/real-client.test.ts",
  "test/verify/weakened-stack.test.ts",
  "test/distribution/interruption.test.ts",
  "test/distribution/fault-injection.test.ts",
  "test/verify/doctor.test.ts",
  "test/credentials/helpers-live.test.ts",
  "test/distribution/truncation.test.ts",
  "test/distribution/installers.test.ts",
  "test/synth/synth.test.ts",
  "test/synth/out-guard.test.ts",
  "test/config/tools.test.ts",
  "test/settings/properties.test.ts",
  "test/distribution/sandbox-tools.test.ts",
];

const ROOT = path.resolve(__dirname, "..");

function testFiles(dir) {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(file);
    return entry.name.endsWith(".test.ts") ? [file] : [];
  });
}

const all = testFiles("test").sort();
const spec = [...LONGEST_FIRST.filter((file) => all.includes(file)), ...all.filter((f) => !LONGEST_FIRST.includes(f))];

module.exports = {
  ...base,
  parallel: true,
  jobs: Math.max(2, os.availableParallelism()),
  spec: spec.map((file) => path.join(ROOT, file)),
};
