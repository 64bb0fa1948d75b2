// No overlap across stacks: a directory group assigned by two stacks of one tenant would give its users
// two installers that fight over the same managed-settings folder. Checked against the other stack files.
import { RolloutConfig } from "../config";
import { compareCodePoints } from "../config/text";
import { PlanProblem } from "./problems";

/** What the check reads of one stack: who it targets, in which tenant, and to whom it hands shared groups. */
export interface StackGroups {
  /** The stack name (`prod`). */
  readonly stack: string;
  /** The stack file, as errors name it (`stacks/Pulumi.prod.yaml`). */
  readonly file: string;
  /** `claude-code-rollout:tenantId`, else `azuread:tenantId`. */
  readonly tenantId: string;
  /** `assignments[i].group`, in stack-file order. */
  readonly groups: readonly string[];
  /** `rollout.handOverTo`: the groups this stack shares with these stacks are theirs. */
  readonly handOverTo: readonly string[];
}

/** Another stack file of the folder, or why it could not be read. */
export type SiblingStack = StackGroups | { readonly stack: string; readonly file: string; readonly unreadable: string };

/** One of this stack's assigned groups that it leaves to another stack of its tenant. */
export interface HandedOverGroup {
  /** As written in `assignments[i].group`. */
  readonly group: string;
  /** `assignments[<i>].group`. */
  readonly path: string;
  /** The stacks it is handed over to that assign it too, sorted. */
  readonly to: readonly string[];
}

export interface StackOverlap {
  readonly problems: readonly PlanProblem[];
  /** Groups this stack must leave out of its targeting (memberships, app assignments, MDM includes). */
  readonly handedOver: readonly HandedOverGroup[];
  /** One note per handed-over group, for the deploy log. */
  readonly warnings: readonly string[];
}

/**
 * Every group of `own` that another stack of the same tenant assigns too. A shared group is fine only
 * when exactly one of the stacks assigning it keeps it: the others hand it over (`rollout.handOverTo`).
 */
export function stackOverlap(own: StackGroups, siblings: readonly SiblingStack[]): StackOverlap {
  const problems: PlanProblem[] = siblings.flatMap((sibling) =>
    "unreadable" in sibling
      ? [
          {
            path: sibling.file,
            message: `cannot be read to check that no directory group is assigned by two stacks of one tenant (${sibling.unreadable}) — fix that stack file or move it out of this folder`,
          },
        ]
      : [],
  );
  const readable = siblings.filter((sibling): sibling is StackGroups => !("unreadable" in sibling));
  problems.push(...handOverProblems(own, readable));
  const tenant = tenantKey(own.tenantId);
  // Stacks of another tenant have other directory groups, whatever they are called: they never overlap.
  const peers = readable.filter((sibling) => tenantKey(sibling.tenantId) === tenant && sibling.stack !== own.stack);
  const handedOver: HandedOverGroup[] = [];
  const warnings: string[] = [];
  own.groups.forEach((group, i) => {
    const path = `assignments[${i}].group`;
    const key = groupReference(group);
    const holders = peers.filter((peer) => peer.groups.some((other) => groupReference(other) === key));
    if (holders.length === 0) return;
    const all = [own, ...holders];
    const names = new Set(all.map((stack) => stack.stack));
    const handsOver = (stack: StackGroups) => stack.handOverTo.filter((to) => to !== stack.stack && names.has(to));
    const keepers = all.filter((stack) => handsOver(stack).length === 0);
    if (handsOver(own).length > 0) {
      if (keepers.length === 0) {
        problems.push({
          path,
          message: `group "${group}" is assigned by ${all.map((s) => `${s.stack} (${s.file})`).join(", ")} of one tenant, and each of them hands it over (rollout.handOverTo) — nobody would target it: remove the hand-over from the stack that should keep it`,
        });
        return;
      }
      const to = [...handsOver(own)].sort(compareCodePoints);
      handedOver.push({ group, path, to });
      warnings.push(
        `${path} "${group}" is handed over to ${to.map((name) => `${name} (${fileOf(all, name)})`).join(", ")}, which assigns it too: ${own.stack} does not target it (rollout.handOverTo)`,
      );
      return;
    }
    for (const other of keepers.filter((stack) => stack !== own)) {
      const at = other.groups.findIndex((candidate) => groupReference(candidate) === key);
      problems.push({
        path,
        message:
          `group "${group}" is also assigned by stack ${other.stack} (${other.file}, assignments[${at}].group) in the same tenant as ${own.file} — ` +
          `its users would get two installers fighting over one managed-settings folder: remove it from one of the two stack files, ` +
          `or declare rollout.handOverTo: [${other.stack}] in ${own.file} (or rollout.handOverTo: [${own.stack}] in ${other.file}) so one stack hands it over`,
      });
    }
  });
  return { problems, handedOver, warnings };
}

/**
 * A group reference as Entra compares it: object ids case-insensitively, display names case-insensitively
 * after trimming. A name in one stack and the object id in the other cannot be matched offline (that needs
 * a directory lookup), so such a pair passes this check.
 */
export function groupReference(group: string): string {
  return group.trim().toLowerCase();
}

/** A hand-over names another stack of this folder and tenant; anything else would hand over nothing. */
function handOverProblems(own: StackGroups, siblings: readonly StackGroups[]): PlanProblem[] {
  const byName = new Map(siblings.map((sibling) => [sibling.stack, sibling]));
  return own.handOverTo.flatMap((name, j): PlanProblem[] => {
    const path = `rollout.handOverTo[${j}]`;
    // Naming this stack itself is the config model's problem (rollout-rings.ts).
    if (name === own.stack) return [];
    const target = byName.get(name);
    if (target === undefined) {
      const known = [...byName.keys()].sort(compareCodePoints);
      return [
        {
          path,
          message: `no stack "${name}" next to ${own.file} — name one of ${known.length ? known.join(", ") : "(no other stack file here)"}, or remove it`,
        },
      ];
    }
    if (tenantKey(target.tenantId) !== tenantKey(own.tenantId)) {
      return [
        {
          path,
          message: `stack ${name} (${target.file}) is in tenant ${target.tenantId}, not ${own.tenantId}: stacks of different tenants share no groups, so there is nothing to hand over — remove it`,
        },
      ];
    }
    return [];
  });
}

function tenantKey(tenantId: string): string {
  return tenantId.trim().toLowerCase();
}

function fileOf(stacks: readonly StackGroups[], name: string): string {
  return stacks.find((stack) => stack.stack === name)?.file ?? name;
}

/**
 * The config this stack targets with: without the assignments it hands over, and without them in its
 * rings' group lists, so no membership, app assignment or MDM include names them.
 */
export function withoutHandedOver(config: RolloutConfig, handedOver: readonly HandedOverGroup[]): RolloutConfig {
  if (handedOver.length === 0) return config;
  const gone = new Set(handedOver.map((group) => groupReference(group.group)));
  const kept = (group: string) => !gone.has(groupReference(group));
  return {
    ...config,
    assignments: config.assignments.filter((assignment) => kept(assignment.group)),
    ...(config.rollout && {
      rollout: {
        ...config.rollout,
        rings: config.rollout.rings.map((ring) => ({ ...ring, groups: ring.groups.filter(kept) })),
      },
    }),
  };
}
