import * as fs from "fs";
import * as path from "path";
import { evaluatePolicies, PolicyReport } from "../../policies/offline";
import { RecordedResource } from "../runtime/mocks";

/** The stack's policy config, as `pulumi preview --policy-pack-config` would take it; defaults when absent. */
export function policyConfigFile(stack: string): string {
  return path.resolve(__dirname, "..", "..", "policies", `config.${stack}.json`);
}

/** The policy pack over the synthesized resources, exactly as a real preview would run it. */
export function evaluateStackPolicies(
  stack: string,
  resources: readonly RecordedResource[],
  today: Date,
): PolicyReport {
  const file = policyConfigFile(stack);
  const config: object = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  return evaluatePolicies([...resources], config, today);
}
