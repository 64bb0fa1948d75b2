// Models and providers: which models a profile may pick, where its traffic goes, how it authenticates.
import { Risk, SettingChange, valueChanges } from "./model";
import { asRecord, listDifference, stringList } from "./values";

const change = valueChanges("models");

/** Settings that run a command to obtain cloud credentials. */
const CREDENTIAL_HELPERS = ["apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "gcpAuthRefresh"];

export function isProviderEnv(name: string): boolean {
  return (
    name.startsWith("CLAUDE_CODE_USE_") ||
    name.startsWith("AWS_") ||
    name.startsWith("ANTHROPIC_") ||
    name.startsWith("VERTEX_") ||
    name === "CLOUD_ML_REGION" ||
    name === "CLAUDE_CODE_SKIP_BEDROCK_AUTH" ||
    name === "CLAUDE_CODE_SKIP_VERTEX_AUTH" ||
    name === "CLAUDE_CODE_MAX_OUTPUT_TOKENS"
  );
}

export function diffModels(beforeSettings: unknown, afterSettings: unknown): SettingChange[] {
  const before = asRecord(beforeSettings);
  const after = asRecord(afterSettings);
  const changes = [
    ...diffAllowlist("availableModels", "model", before.availableModels, after.availableModels, "medium"),
    ...diffAllowlist("allowedProviders", "provider", before.allowedProviders, after.allowedProviders, "high"),
  ];
  if (before.model !== after.model) {
    changes.push(
      change("low", "neutral", "default-model-changed", "default model changed", "model", before.model, after.model),
    );
  }
  for (const helper of CREDENTIAL_HELPERS) {
    if (before[helper] !== after[helper]) {
      changes.push(
        change(
          "medium",
          "neutral",
          "credential-helper-changed",
          "credential helper changed",
          helper,
          before[helper],
          after[helper],
        ),
      );
    }
  }
  const beforeEnv = asRecord(before.env);
  const afterEnv = asRecord(after.env);
  const names = [...new Set([...Object.keys(beforeEnv), ...Object.keys(afterEnv)])].filter(isProviderEnv).sort();
  for (const name of names) {
    if (beforeEnv[name] !== afterEnv[name]) {
      changes.push(
        change(
          "medium",
          "neutral",
          "provider-env-changed",
          "provider setting changed",
          `env.${name}`,
          beforeEnv[name],
          afterEnv[name],
        ),
      );
    }
  }
  return changes;
}

/** An allowlist where unset admits everything: dropping it is the widest change. */
function diffAllowlist(key: string, noun: string, before: unknown, after: unknown, addedRisk: Risk): SettingChange[] {
  if (Array.isArray(before) !== Array.isArray(after)) {
    return Array.isArray(before)
      ? [
          change(
            "high",
            "widening",
            `${noun}-allowlist-removed`,
            `${noun} allowlist removed (all ${noun}s allowed)`,
            key,
            before,
            after,
          ),
        ]
      : [change("low", "tightening", `${noun}-allowlist-added`, `${noun} allowlist added`, key, before, after)];
  }
  const { added, removed } = listDifference(stringList(before), stringList(after));
  return [
    ...added.map((item): SettingChange => ({
      risk: addedRisk,
      effect: "widening",
      category: "models",
      kind: `${noun}-allowed`,
      title: `${noun} allowed`,
      subject: item,
      details: [],
    })),
    ...removed.map((item): SettingChange => ({
      risk: "low",
      effect: "tightening",
      category: "models",
      kind: `${noun}-disallowed`,
      title: `${noun} no longer allowed`,
      subject: item,
      details: [],
    })),
  ];
}
