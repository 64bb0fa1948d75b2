import { z } from "zod";
import { unknownName } from "./suggest";

/**
 * `rollout`: staged rollout rings. The first ring is the pilot, the last takes every other assigned
 * group; each ring runs the release the release file records for it (components/plan/rings.ts).
 */

export const RING_NAME = /^[a-z][a-z0-9-]{0,30}$/;
/** Pulumi's stack-name characters less the dot (as cli/stack.ts reads a stack file's name). */
const STACK_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/** A week: a pilot sees every working day once before the next ring takes its release. */
export const DEFAULT_SOAK_DAYS = 7;

const ringSchema = z.strictObject({
  name: z
    .string()
    .regex(RING_NAME, "ring names are lowercase letters, digits and -, starting with a letter (at most 31)"),
  groups: z
    .array(z.string().trim().min(1))
    .default([])
    .describe(
      "assigned directory groups (assignments[*].group, spelt the same) this ring covers; the last ring lists none: it takes every other assigned group",
    ),
  soakDays: z
    .number()
    .int("soakDays is whole days, 0 to 365")
    .min(0, "soakDays is whole days, 0 to 365")
    .max(365, "soakDays is whole days, 0 to 365 — a release soaking longer than a year is not being promoted")
    .default(DEFAULT_SOAK_DAYS)
    .describe(
      `days the ring's release must run before rollout-status says promote the next ring (default ${DEFAULT_SOAK_DAYS})`,
    ),
});

const promotionSchema = z.strictObject({
  minDevices: z
    .number()
    .int("minDevices counts devices: a whole number, 1 or more")
    .min(1, "minDevices counts devices: a whole number, 1 or more")
    .default(1)
    .describe("devices of the ring that must report its release before promotion (default 1)"),
  maxRefused: z
    .number()
    .int("maxRefused counts devices: a whole number, 0 or more")
    .min(0, "maxRefused counts devices: a whole number, 0 or more")
    .default(0)
    .describe("devices of the ring that refused the policy, at most, for promotion (default 0)"),
  maxDrift: z
    .number()
    .int("maxDrift counts devices: a whole number, 0 or more")
    .min(0, "maxDrift counts devices: a whole number, 0 or more")
    .default(0)
    .describe("devices of the ring on an unknown policy hash, at most, for promotion (default 0)"),
});

export const stagedRolloutSchema = z.strictObject({
  rings: z
    .array(ringSchema)
    .default([])
    .describe(
      "ordered rings: the first is the pilot, the last is everyone else; none = one ring running the current compile",
    ),
  promotion: promotionSchema.prefault({}).describe("rollout-status's promote-or-hold thresholds"),
  handOverTo: z
    .array(z.string().regex(STACK_NAME, "expected a stack name (letters, digits, - and _)"))
    .default([])
    .describe("stacks of the same tenant that take the directory groups this stack also assigns"),
});

export type StagedRollout = z.output<typeof stagedRolloutSchema>;

type Report = (path: string, message: string) => void;

/**
 * The rings against the assignments: each ring names assigned groups, each assigned group sits in at
 * most one ring, only the last ring takes the rest, and the stack hands over to other stacks only.
 */
export function checkStagedRollout(
  rollout: StagedRollout,
  assignedGroups: readonly string[],
  stack: string,
  report: Report,
): void {
  const { rings } = rollout;
  const names = new Map<string, number>();
  const ringOf = new Map<string, string>();
  const listed = new Set(rings.slice(0, -1).flatMap((ring) => ring.groups));
  rings.forEach((ring, i) => {
    const path = `rollout.rings[${i}]`;
    const first = names.get(ring.name);
    if (first !== undefined)
      report(`${path}.name`, `ring "${ring.name}" is already defined at rollout.rings[${first}] — name each ring once`);
    else names.set(ring.name, i);
    const last = i === rings.length - 1;
    if (last && ring.groups.length) {
      report(
        `${path}.groups`,
        rings.length === 1
          ? "a single ring covers every assigned group — remove its groups, or add a second ring after it for the rest"
          : "the last ring takes every assigned group no earlier ring lists — remove its groups, or add a ring after it",
      );
    }
    if (last && rings.length > 1 && assignedGroups.length && assignedGroups.every((group) => listed.has(group)))
      report(
        path,
        `every assigned group is in an earlier ring, so ring "${ring.name}" (the last, everyone else) would target nobody and never gather the evidence to promote on — leave the groups of your broad rollout out of the earlier rings, or remove this ring`,
      );
    if (!last && !ring.groups.length)
      report(`${path}.groups`, "only the last ring takes the rest — list the assigned groups this ring covers");
    ring.groups.forEach((group, j) => {
      const at = `${path}.groups[${j}]`;
      if (!assignedGroups.includes(group)) {
        report(at, `${unknownName("assigned group", group, assignedGroups)} (a ring covers groups of assignments)`);
        return;
      }
      const owner = ringOf.get(group);
      if (owner !== undefined)
        report(at, `group "${group}" is already in ring "${owner}" — a device gets one ring; list the group once`);
      else ringOf.set(group, ring.name);
    });
  });
  const handedOver = new Set<string>();
  rollout.handOverTo.forEach((other, i) => {
    const at = `rollout.handOverTo[${i}]`;
    if (other === stack)
      report(at, `"${other}" is this stack — name the other stacks of the tenant that take its groups`);
    else if (handedOver.has(other)) report(at, `"${other}" is listed twice — list each stack once`);
    handedOver.add(other);
  });
}
