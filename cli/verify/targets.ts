// Which documents `npm run verify` proves: the current compile (the candidate) and every release some ring
// runs that is not that same compile. Each is verified with its own intent and scenarios, as released.
import type { ReleasedProfile } from "../../components/plan/rings";
import { ProfileInput } from "./verify-profile";

/** Hex digits of the policyHash that name a release in output and evidence files (`developer@0123456789ab`). */
const RELEASE_LABEL_HASH = 12;

/** One document to verify; `input.name` is its label: the profile for the candidate, `<profile>@<hash>` for a release. */
export interface VerifyTarget {
  readonly profile: string;
  readonly policyHash: string;
  readonly input: ProfileInput;
}

/**
 * The candidate's profiles in stack order, each followed by its releases that differ from it (by policyHash),
 * then releases of profiles the candidate no longer has. A release equal to the candidate is verified once,
 * as the candidate. `only` keeps one profile (the candidate's and its releases).
 */
export function verifyTargets(
  candidate: readonly ReleasedProfile[],
  releases: readonly ReleasedProfile[],
  requiredDenies: readonly string[],
  only?: string,
): VerifyTarget[] {
  const compiled = new Set(candidate.map((profile) => `${profile.name}\n${profile.policyHash}`));
  const differing = releases.filter((release) => !compiled.has(`${release.name}\n${release.policyHash}`));
  const names = [...new Set([...candidate, ...differing].map((profile) => profile.name))];
  const targets = names.flatMap((name) => [
    ...candidate.filter((profile) => profile.name === name).map((profile) => target(profile, name, requiredDenies)),
    ...differing
      .filter((release) => release.name === name)
      .map((release) => target(release, releaseLabel(release), requiredDenies)),
  ]);
  return only === undefined ? targets : targets.filter((t) => t.profile === only);
}

/** `developer@0123456789ab`: the profile and the first hex digits of the release's policyHash. */
export function releaseLabel(release: Pick<ReleasedProfile, "name" | "policyHash">): string {
  return `${release.name}@${release.policyHash.slice(0, RELEASE_LABEL_HASH)}`;
}

/** The profile a label names (profile names hold no `@`). */
export function labelProfile(label: string): string {
  return label.split("@")[0];
}

function target(profile: ReleasedProfile, label: string, requiredDenies: readonly string[]): VerifyTarget {
  return {
    profile: profile.name,
    policyHash: profile.policyHash,
    input: {
      name: label,
      settingsJson: profile.settingsJson,
      mcpJson: profile.mcp?.json,
      scenarios: profile.verify,
      requiredDenies,
      intent: profile.intent,
    },
  };
}
