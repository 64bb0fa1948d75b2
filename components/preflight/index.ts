// What must exist or be granted before the first `pulumi up` of a stack, from the validated config
// alone (no cloud, no Pulumi): `npm run preflight -- <stack>` prints it, synth repeats it as warnings.
import { RolloutConfig } from "../config";
import { awsPermissions, graphPermissions, licences } from "./grants";
import { Prerequisite } from "./prerequisite";
import { existingResources, operatorSecrets, principals } from "./resources";

export { Prerequisite, PrerequisiteKind } from "./prerequisite";

/** Every prerequisite of the stack, in the order they are best settled: principals, resources, grants. */
export function preflight(config: RolloutConfig): Prerequisite[] {
  return [
    ...principals(config),
    ...existingResources(config),
    ...graphPermissions(config),
    ...licences(config),
    ...awsPermissions(config),
    ...operatorSecrets(config),
  ];
}
