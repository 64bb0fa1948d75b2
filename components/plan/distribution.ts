// The distribution slice of the plan: every object the MDM bucket holds — each release some ring runs,
// rendered once — and every problem that would stop one from shipping, before any resource exists.
import { DistributionConfig, RolloutConfig } from "../config";
import { ownValue } from "../config/json";
import { CompiledRollout, helperFileName, helpersRunBy, OS_FAMILIES, OsFamily } from "../settings";
import { SAFE_NAME } from "./artefacts/artefacts";
import { ProfileObject, profileObjects, renderManifest, RingObjects } from "./artefacts/objects";
import { HelperProgram } from "./artefacts/payload-files";
import { UnrepresentableSettings } from "./artefacts/unrepresentable";
import { PlanProblem, SlicePlan } from "./problems";
import type { ReleasedProfile, RingPlan } from "./rings";

/** Per profile and OS family, the helper programs its settings name: they ship in its payload. */
export type ProfileHelpers = Readonly<Record<string, Readonly<Record<OsFamily, readonly HelperProgram[]>>>>;

export interface DistributionPlan {
  readonly environment: string;
  /**
   * Profile → the objects of the current compile (the candidate), sorted by path: synth writes them for
   * review; the bucket holds them only once a ring runs that release.
   */
  readonly candidate: Readonly<Record<string, readonly ProfileObject[]>>;
  /** Per ring in stack order, the objects of the release it runs per profile. */
  readonly rings: readonly RingObjects[];
  /** What the bucket holds: every object some ring runs, each distinct key once, sorted by key. */
  readonly published: readonly ProfileObject[];
  /** manifest.json: per ring and profile the hashes, targeting and the key of every object it runs. */
  readonly manifest: string;
  /** The MDM bucket's section; undefined when the stack has none (nothing is published, synth still writes the artefacts). */
  readonly storage: DistributionConfig | undefined;
}

export interface DistributionPlanInput {
  readonly config: RolloutConfig;
  /** The current compile: the candidate, and the profiles' priorities and Entra groups. */
  readonly rollout: CompiledRollout;
  /** The client helpers each profile ships (the settings name them by path), rendered from the current config. */
  readonly helpers: ProfileHelpers;
  /** What each ring runs (planRings), in stack order. */
  readonly rings: readonly RingPlan[];
}

/**
 * Renders the candidate and every distinct release some ring runs once, and the manifest; returns every
 * problem instead of throwing on the first.
 */
export function planDistribution(input: DistributionPlanInput): SlicePlan<DistributionPlan> {
  const { config, rollout, helpers, rings } = input;
  const problems: PlanProblem[] = [...(config.distribution ? storageProblems(config.distribution) : [])];
  // The stack name lands unquoted in the installers' word lists and case patterns.
  if (!SAFE_NAME.test(rollout.environment)) {
    problems.push({
      path: "stack name",
      message: `"${rollout.environment}" names the installers and artefacts: use letters, digits, '.', '_' or '-', starting with a letter or digit`,
    });
    return { slice: undefined, problems };
  }
  const render = releaseRenderer(rollout, helpers, problems);
  // Built with fromEntries: a profile may be named like an Object.prototype member ("constructor").
  const candidate = renderEach(rollout.profiles.map((profile) => [profile.name, () => render(profile, "")]));
  const ringsOf = ringsRunning(rings);
  const ringObjects = rings.map((ring): RingObjects => ({
    ring,
    objects: renderEach(
      Object.entries(ring.profiles).map(([name, { release }]) => [
        name,
        () => render(release, `the release ${release.policyHash} that ${ringsOf(release)}: `),
      ]),
    ),
  }));
  if (problems.length) return { slice: undefined, problems };
  return {
    slice: {
      environment: rollout.environment,
      candidate,
      rings: ringObjects,
      published: distinctByKey(ringObjects.flatMap((ring) => Object.values(ring.objects).flat())),
      manifest: renderManifest(rollout, ringObjects),
      storage: config.distribution,
    },
    problems,
  };
}

/** Name → objects of each render that succeeded, in order. */
function renderEach(
  renders: [string, () => readonly ProfileObject[] | undefined][],
): Record<string, readonly ProfileObject[]> {
  return Object.fromEntries(
    renders.flatMap(([name, render]): [string, readonly ProfileObject[]][] => {
      const objects = render();
      return objects ? [[name, objects]] : [];
    }),
  );
}

/** What identifies a release's objects: its documents (the profile's helpers are the current ones). */
function documentsOf(release: ReleasedProfile): string {
  return JSON.stringify([release.name, release.settingsJson, release.windows.settingsJson, release.mcp?.json ?? ""]);
}

/** Who runs a release, for problems: "ring pilot runs" or "rings pilot, broad run". */
function ringsRunning(rings: readonly RingPlan[]): (release: ReleasedProfile) => string {
  const names = new Map<string, string[]>();
  for (const ring of rings) {
    for (const { release } of Object.values(ring.profiles)) {
      const key = documentsOf(release);
      names.set(key, [...(names.get(key) ?? []), ring.name]);
    }
  }
  return (release) => {
    const running = names.get(documentsOf(release)) ?? [];
    return running.length === 1 ? `ring ${running[0]} runs` : `rings ${running.join(", ")} run`;
  };
}

/**
 * Renders a release's objects once per distinct set of documents: two rings pinning one release, or a
 * release equal to the candidate, share the objects and report their problems once (`which` tells a
 * release from the candidate). Adds problems to `problems`; undefined for a release that cannot ship.
 */
function releaseRenderer(rollout: CompiledRollout, helpers: ProfileHelpers, problems: PlanProblem[]) {
  const rendered = new Map<string, ProfileObject[] | undefined>();
  return (release: ReleasedProfile, which: string): readonly ProfileObject[] | undefined => {
    const key = documentsOf(release);
    if (rendered.has(key)) return rendered.get(key);
    const path = `profiles.${release.name}`;
    // planRings runs only the stack's profiles; ownValue, as a profile may be named like "constructor".
    const shipped = ownValue(helpers, release.name);
    if (!shipped) throw new Error(`planDistribution: no helpers for profile "${release.name}"; pass every profile's`);
    const found = missingHelpers(release, shipped, path, which);
    let objects: ProfileObject[] | undefined;
    if (found.length === 0) {
      try {
        objects = profileObjects(release, rollout.environment, rollout.clientVersion, shipped);
      } catch (error) {
        if (!(error instanceof UnrepresentableSettings)) throw error;
        found.push(
          ...error.problems.map((p) => ({
            path,
            message: `${which}${p.format} cannot carry ${p.where} of its managed settings: ${p.message}`,
          })),
        );
      }
    }
    problems.push(...found);
    rendered.set(key, objects);
    return objects;
  };
}

/**
 * A release recorded under an earlier stack file may run a helper the current stack no longer ships
 * (its credentials or telemetry section was removed): a missing helper stops the client, so it is refused.
 */
function missingHelpers(
  release: ReleasedProfile,
  shipped: Readonly<Record<OsFamily, readonly HelperProgram[]>>,
  path: string,
  which: string,
): PlanProblem[] {
  return OS_FAMILIES.flatMap((os) => {
    const document = os === "posix" ? release : release.windows;
    return helpersRunBy(document.settings)
      .filter((helper) => !shipped[os].some((program) => program.name === helperFileName(helper, os)))
      .map((helper) => ({
        path,
        message: `${which}its ${os} settings run helper "${helperFileName(helper, os)}" (${helper.settingsKey}), which the stack no longer ships; release the current compile to that ring, or restore the section that ships it`,
      }));
  });
}

/** Each key once (a key is content-addressed: the same key is the same bytes), sorted by key. */
function distinctByKey(objects: readonly ProfileObject[]): ProfileObject[] {
  const byKey = new Map(objects.map((object) => [object.key, object]));
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The bucket's section: the schema enforces both, and the plan holds any config to them too. */
function storageProblems(storage: DistributionConfig): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (storage.mdmReaderArns.length === 0) {
    problems.push({
      path: "distribution.mdmReaderArns",
      message: "empty — list the IAM role ARNs your MDM reads the artefacts with",
    });
  }
  if (!Number.isInteger(storage.noncurrentVersionDays) || storage.noncurrentVersionDays < 1) {
    problems.push({
      path: "distribution.noncurrentVersionDays",
      message: `${storage.noncurrentVersionDays} — use a whole number of days, at least 1`,
    });
  }
  return problems;
}
