import * as path from "path";
import { PROJECT, StackFile } from "../stack";
import { generateOrg, OrgShape } from "./org";

/**
 * A synthetic stack built in memory from a template stack file (the prod sample): what readStack
 * would return for a Pulumi.<stack>.yaml holding the generated organisation. The stack keeps the
 * template's name, so the program takes the same paths it takes for that stack.
 */
export function syntheticStack(template: StackFile, shape: OrgShape): StackFile {
  const projectConfig = generateOrg(shape, template.projectConfig);
  const allConfig = { ...template.allConfig };
  // The org-shaped keys generateOrg replaced or dropped (the rings); every other key of the template stays as it is.
  for (const key of Object.keys(template.projectConfig)) {
    if (!(key in projectConfig)) delete allConfig[`${PROJECT}:${key}`];
  }
  for (const [key, value] of Object.entries(projectConfig)) {
    if (value !== template.projectConfig[key]) allConfig[`${PROJECT}:${key}`] = JSON.stringify(value);
  }
  // A folder that is not on disk: the template's release file and sibling stacks belong to the
  // template's groups, not to the generated ones, so synth must find neither.
  const folder = `bench org ${shape.groups} groups x ${shape.profiles} profiles seed ${shape.seed}`;
  return {
    stack: template.stack,
    file: path.join(path.dirname(template.file), folder, path.basename(template.file)),
    projectConfig,
    allConfig,
    secretKeys: template.secretKeys,
  };
}
