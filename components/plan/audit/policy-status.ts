import { POLICY_HASH_ATTRIBUTE, POLICY_STATUS_KEY, PROFILE_ATTRIBUTE, RESOLVED_SHA256_ATTRIBUTE } from "./names";

/**
 * The collector classifies every `managed_settings_resolved` record against what this stack shipped
 * and stamps the verdict as a flat log attribute (POLICY_STATUS_KEY). Metric filters then match one
 * constant value instead of listing every profile, so their number and size do not grow with the
 * profiles (a CloudWatch filter pattern holds at most 1 024 characters; a log group at most 100 filters).
 */

/** Which policies a session may run: per profile, the hashes its shipped documents resolve to. */
export interface PolicyExpectation {
  /** Profile → policy hash stamped into its documents (claude_code_rollout.policy_hash). */
  readonly policyHashes: Readonly<Record<string, string>>;
  /** Profile → resolved_sha256 values the client reports for the shipped documents (from `npm run verify`). */
  readonly resolvedSha256?: Readonly<Record<string, string | readonly string[]>>;
}

/** The verdicts the collector stamps; records of other events carry none. */
export const POLICY_STATUS = {
  expected: "expected",
  drift: "drift",
  unknownProfile: "unknown_profile",
} as const;

export const POLICY_EVENT = "claude_code.managed_settings_resolved";

/** Profile names as the config allows them: safe inside an OTTL string and a regular expression. */
const PROFILE_NAME = /^[a-z][a-z0-9-]*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Throws on input that would make the statements wrong or unparsable; messages name the input and the fix.
 * Every value comes from the compiler (names the schema allows, sha256 digests), so a failure is a programming error.
 */
export function validatePolicyExpectation(expectation: PolicyExpectation): void {
  const profiles = Object.keys(expectation.policyHashes);
  if (profiles.length === 0) {
    throw new Error("policyHashes is empty — pass each compiled profile's policy hash so drift can be detected");
  }
  for (const profile of profiles) {
    if (!PROFILE_NAME.test(profile))
      throw new Error(
        `policyHashes.${profile}: not a profile name (lowercase letters, digits and -) — pass CompiledProfile.name`,
      );
    if (!SHA256_HEX.test(expectation.policyHashes[profile]))
      throw new Error(`policyHashes.${profile}: expected a sha256 hex digest — pass CompiledProfile.policyHash`);
  }
  for (const [profile, hashes] of Object.entries(expectation.resolvedSha256 ?? {})) {
    if (!profiles.includes(profile))
      throw new Error(`expectedResolvedSha256.${profile}: no such profile — re-run \`npm run verify\` for this stack`);
    const accepted = [hashes].flat();
    if (accepted.length === 0 || accepted.some((sha) => !SHA256_HEX.test(sha))) {
      throw new Error(
        `expectedResolvedSha256.${profile}: expected one or more sha256 hex digests — re-run \`npm run verify\` for this stack`,
      );
    }
  }
}

/** OTTL statements: for every log record, and for policy events only. */
export interface PolicyStatusStatements {
  readonly all: readonly string[];
  readonly policyEvent: readonly string[];
}

/**
 * OTTL statements (transform processor, log context) that stamp POLICY_STATUS_KEY, in order:
 * drop a client-sent verdict; mark every policy event `unknown_profile`; upgrade events of a shipped
 * profile to `drift`; upgrade those whose hash is one shipped to that profile to `expected`.
 * Per profile, the hash compared is the client's resolved hash when `npm run verify` recorded it,
 * else the policy hash stamped into the document.
 */
export function policyStatusStatements(expectation: PolicyExpectation): PolicyStatusStatements {
  const profiles = Object.keys(expectation.policyHashes).sort();
  const resolved = expectation.resolvedSha256 ?? {};
  const status = `log.attributes["${POLICY_STATUS_KEY}"]`;
  const profile = `resource.attributes["${PROFILE_ATTRIBUTE}"]`;
  const expected = profiles.map((name) => {
    const hashMatches =
      resolved[name] === undefined
        ? `resource.attributes["${POLICY_HASH_ATTRIBUTE}"] == "${expectation.policyHashes[name]}"`
        : anyOf(
            [...new Set([resolved[name]].flat())]
              .sort()
              .map((sha) => `log.attributes["${RESOLVED_SHA256_ATTRIBUTE}"] == "${sha}"`),
          );
    return `set(${status}, "${POLICY_STATUS.expected}") where ${profile} == "${name}" and ${hashMatches}`;
  });
  return {
    all: [`delete_key(log.attributes, "${POLICY_STATUS_KEY}")`],
    policyEvent: [
      `set(${status}, "${POLICY_STATUS.unknownProfile}")`,
      `set(${status}, "${POLICY_STATUS.drift}") where IsMatch(${profile}, "^(${profiles.join("|")})$")`,
      ...expected,
    ],
  };
}

function anyOf(conditions: string[]): string {
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(" or ")})`;
}
