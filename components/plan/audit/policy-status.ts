import {
  POLICY_HASH_ATTRIBUTE,
  POLICY_STATUS_KEY,
  POLICY_TRIGGER_ATTRIBUTE,
  PROFILE_ATTRIBUTE,
  RESOLVED_SHA256_ATTRIBUTE,
} from "./names";

/**
 * The collector classifies every `managed_settings_resolved` record against every release some ring
 * pins and stamps the verdict as a flat log attribute (POLICY_STATUS_KEY). Metric filters then match
 * one constant value instead of listing profiles and hashes, so their number and size do not grow with
 * them (a CloudWatch filter pattern holds at most 1 024 characters; a log group at most 100 filters).
 * A ring still on an older release never pages; a hash no ring pins for the profile does.
 */

/** One sha256 hex digest, or several. */
export type Sha256List = string | readonly string[];

/**
 * Which policies a session may run: per profile, every release some ring pins. A profile no ring
 * runs yet maps to no hash: it has an app, so its events carry it, and all of them are drift.
 */
export interface PolicyExpectation {
  /** Profile → the policy hashes stamped into its released documents (claude_code_rollout.policy_hash). */
  readonly policyHashes: Readonly<Record<string, Sha256List>>;
  /** Profile → resolved_sha256 values the client reports for the released documents (from `npm run verify`). */
  readonly resolvedSha256?: Readonly<Record<string, Sha256List>>;
}

/** The verdicts the collector stamps; records of other events carry none. */
export const POLICY_STATUS = {
  expected: "expected",
  drift: "drift",
  /** The client refused to start under the policy (fail-closed; rollout-status counts it by error type). */
  refused: "refused",
  unknownProfile: "unknown_profile",
} as const;

export const POLICY_EVENT = "claude_code.managed_settings_resolved";

/** Profile names as the config allows them: safe inside an OTTL string and a regular expression. */
const PROFILE_NAME = /^[a-z][a-z0-9-]*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The distinct digests of a list, sorted: the statements do not depend on how often or in which order rings pin them. */
export function sha256Values(list: Sha256List | undefined): string[] {
  return [...new Set([list ?? []].flat())].sort();
}

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
    if (sha256Values(expectation.policyHashes[profile]).some((hash) => !SHA256_HEX.test(hash)))
      throw new Error(
        `policyHashes.${profile}: expected sha256 hex digests — pass the policyHash of each release a ring pins`,
      );
  }
  for (const [profile, hashes] of Object.entries(expectation.resolvedSha256 ?? {})) {
    if (!profiles.includes(profile))
      throw new Error(`expectedResolvedSha256.${profile}: no such profile — re-run \`npm run verify\` for this stack`);
    const accepted = sha256Values(hashes);
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
 * drop a client-sent verdict; mark every policy event `unknown_profile`; upgrade events of a known
 * profile to `drift`; of those, mark the client's refusals `refused` (it would not start: nothing
 * runs, and a release that raises a requirement must not page; a refusal never carries a hash, so
 * one that does is judged by its hash); upgrade those whose hash is one
 * released to that same profile to `expected` (another profile's release is drift: the profile is
 * server-stamped from the token's audience).
 * Per profile, the hash compared is the client's resolved hash when `npm run verify` recorded it,
 * else the policy hash stamped into the document. A profile with no release gets no `expected`.
 */
export function policyStatusStatements(expectation: PolicyExpectation): PolicyStatusStatements {
  const profiles = Object.keys(expectation.policyHashes).sort();
  const resolved = expectation.resolvedSha256 ?? {};
  const status = `log.attributes["${POLICY_STATUS_KEY}"]`;
  const profile = `resource.attributes["${PROFILE_ATTRIBUTE}"]`;
  const expected = profiles.flatMap((name) => {
    const hashMatches =
      resolved[name] === undefined
        ? oneOf(`resource.attributes["${POLICY_HASH_ATTRIBUTE}"]`, sha256Values(expectation.policyHashes[name]))
        : oneOf(`log.attributes["${RESOLVED_SHA256_ATTRIBUTE}"]`, sha256Values(resolved[name]));
    return hashMatches === undefined
      ? []
      : [`set(${status}, "${POLICY_STATUS.expected}") where ${profile} == "${name}" and ${hashMatches}`];
  });
  return {
    all: [`delete_key(log.attributes, "${POLICY_STATUS_KEY}")`],
    policyEvent: [
      `set(${status}, "${POLICY_STATUS.unknownProfile}")`,
      `set(${status}, "${POLICY_STATUS.drift}") where IsMatch(${profile}, "^(${profiles.join("|")})$")`,
      `set(${status}, "${POLICY_STATUS.refused}") where ${status} == "${POLICY_STATUS.drift}" and log.attributes["${POLICY_TRIGGER_ATTRIBUTE}"] == "refused" and log.attributes["${RESOLVED_SHA256_ATTRIBUTE}"] == nil`,
      ...expected,
    ],
  };
}

/**
 * The condition that `path` is one of `values` (validated hex digests, so safe in a regular
 * expression; RE2's `$` is the end of the text): one anchored alternation keeps a profile with
 * several releases short. Undefined for no values: nothing matches.
 */
function oneOf(path: string, values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? `${path} == "${values[0]}"` : `IsMatch(${path}, "^(${values.join("|")})$")`;
}
