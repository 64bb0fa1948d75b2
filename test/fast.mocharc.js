// The edit loop's lane (npm run test:fast): pure and component tests, in parallel like the whole
// suite. Not here: the real client (verify, doctor, the tool-vocabulary scan of the client binary),
// installers executed under faults, the credential helpers against moto, whole-stack syntheses (test/synth,
// test/diff/synth.test.ts).
const os = require("node:os");
const path = require("node:path");
const base = require("../.mocharc.json");

const FAST = [
  "test/architecture.test.ts",
  "test/config/**/*.test.ts",
  "test/settings/**/*.test.ts",
  "test/plan/**/*.test.ts",
  "test/identity/**/*.test.ts",
  "test/credentials/{component,policies,provider,rotation,helpers-render}.test.ts",
  "test/distribution/{component,artefacts,payload}.test.ts",
  "test/telemetry/**/*.test.ts",
  "test/policies/**/*.test.ts",
  "test/diff/**/*.test.ts",
  "test/synth/{matrix,stack-file}.test.ts",
  "test/verify/{harness,adversarial-suite,sink,slots}.test.ts",
];

module.exports = {
  ...base,
  parallel: true,
  jobs: Math.max(2, os.availableParallelism()),
  spec: FAST.map((glob) => path.join(__dirname, "..", glob)),
  ignore: [path.join(__dirname, "diff", "synth.test.ts")],
  // The one describe in those files that runs the installed client.
  grep: "against the installed client",
  invert: true,
};
