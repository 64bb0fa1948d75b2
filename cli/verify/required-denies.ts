// The deny rules the organisation requires of every profile, as the security team states them in
// the policy pack's config (settings-baseline-denies). verify probes them whatever the compiled
// document says, so a deny dropped from the stack shows up as a failed probe, not a shorter list.
import * as fs from "fs";
import { policyConfigFile } from "../synth/policy";
import { settingsBaselineDenies } from "../../policies/rules/settings/baseline-denies";

export function requiredDenies(stack: string): string[] {
  const file = policyConfigFile(stack);
  const config: Record<string, unknown> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const entry = config[settingsBaselineDenies.name];
  const configured =
    typeof entry === "object" && entry !== null ? (entry as { requiredDenies?: string[] }).requiredDenies : undefined;
  const defaults = (settingsBaselineDenies.configSchema?.properties?.requiredDenies as { default: string[] }).default;
  return configured ?? defaults;
}
