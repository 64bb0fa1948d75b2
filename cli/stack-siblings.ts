// The other stack files next to a stack file, read only as far as the cross-stack overlap check needs
// (components/plan/stack-overlap.ts): tenant, assigned groups and hand-overs. No Pulumi, no validation
// of the rest: a sibling's unrelated mistakes are its own stack's business.
import * as fs from "fs";
import * as path from "path";
import { isRecord } from "../components/config/json";
import { compareCodePoints } from "../components/config/text";
import { SiblingStack, StackGroups } from "../components/plan/stack-overlap";
import { PROJECT, readStack, StackFile } from "./stack";

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/s;
/** Every synth and `pulumi up` reads every sibling: a stack file is kilobytes; a huge one is not read. */
const MAX_SIBLING_BYTES = 16 * 1024 * 1024;

/**
 * Every other `Pulumi.<stack>.yaml` in the folder of `stackFile`, by file name; a file that cannot be
 * read is returned with the reason (the check reports it), never thrown.
 */
export function readSiblingStacks(stackFile: string): SiblingStack[] {
  const dir = path.dirname(stackFile);
  const own = path.basename(stackFile);
  if (!fs.existsSync(dir)) return [];
  const self = fs.statSync(stackFile, { throwIfNoEntry: false });
  const isSelf = (file: string) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return self !== undefined && stat !== undefined && stat.dev === self.dev && stat.ino === self.ino;
  };
  return (
    fs
      .readdirSync(dir)
      // The stack file itself, also as a case-insensitive file system spells it (Pulumi.Prod.yaml given, Pulumi.prod.yaml listed).
      .filter(
        (name) =>
          name !== own &&
          STACK_FILE.test(name) &&
          !(name.toLowerCase() === own.toLowerCase() && isSelf(path.join(dir, name))),
      )
      .sort(compareCodePoints)
      .map((name) => {
        const file = path.join(dir, name);
        // A link (or hard link) to this stack file under another name is a second stack with the same groups.
        if (isSelf(file))
          return {
            stack: STACK_FILE.exec(name)?.[1] ?? name,
            file,
            unreadable: `it is a link to ${stackFile}, so it is a second stack assigning the same groups — remove it`,
          };
        return readSibling(file);
      })
  );
}

/** What the overlap check reads of a stack file; throws a message saying which key is unusable. */
export function stackGroups(stackFile: StackFile, file: string = stackFile.file): StackGroups {
  for (const key of ["tenantId", "assignments", "rollout"]) {
    if (stackFile.secretKeys.includes(`${PROJECT}:${key}`))
      throw new Error(`${PROJECT}:${key} is encrypted (secure:) and cannot be read offline — write it in plaintext`);
  }
  const config = stackFile.projectConfig;
  const azureTenant = stackFile.secretKeys.includes("azuread:tenantId")
    ? undefined
    : stackFile.allConfig["azuread:tenantId"];
  const tenantId = config.tenantId ?? azureTenant;
  if (typeof tenantId !== "string" || tenantId.trim() === "")
    throw new Error(`names no tenant — set ${PROJECT}:tenantId (or azuread:tenantId)`);
  return {
    stack: stackFile.stack,
    file,
    tenantId,
    groups: assignedGroups(config.assignments),
    handOverTo: handOverTo(config.rollout),
  };
}

function readSibling(file: string): SiblingStack {
  const stack = STACK_FILE.exec(path.basename(file))?.[1] ?? file;
  try {
    // Only a regular file: a device or FIFO named like a stack file would never finish reading.
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error("not a regular file");
    if (stat.size > MAX_SIBLING_BYTES)
      throw new Error(`${stat.size} bytes, more than the ${MAX_SIBLING_BYTES} a stack file may hold here`);
    return stackGroups(readStack(file), file);
  } catch (error) {
    // readStack names the absolute path; the check names the file as the caller spelled it.
    const message = (error as Error).message;
    const prefix = `${path.resolve(file)}: `;
    return { stack, file, unreadable: message.startsWith(prefix) ? message.slice(prefix.length) : message };
  }
}

function assignedGroups(assignments: unknown): string[] {
  if (assignments === undefined) return [];
  if (!Array.isArray(assignments)) throw new Error(`${PROJECT}:assignments is not a list`);
  return assignments.map((entry: unknown, i) => {
    const group = isRecord(entry) ? entry.group : undefined;
    if (typeof group !== "string" || group.trim() === "")
      throw new Error(`${PROJECT}:assignments[${i}].group is not a group name or object id`);
    return group;
  });
}

function handOverTo(rollout: unknown): string[] {
  if (rollout === undefined) return [];
  if (!isRecord(rollout)) throw new Error(`${PROJECT}:rollout is not a mapping`);
  const list = rollout.handOverTo;
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((name) => typeof name === "string"))
    throw new Error(`${PROJECT}:rollout.handOverTo is not a list of stack names`);
  return list;
}
