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
  // The org-shaped keys generateOrg replaced; every other key of the template stays as it is.
  for (const [key, value] of Object.entries(projectConfig)) {
    if (value !== template.projectConfig[key]) allConfig[`${PROJECT}:${key}`] = JSON.stringify(value);
  }
  return {
    stack: template.stack,
    file: `${template.file} (bench org: ${shape.groups} groups, ${shape.profiles} profiles, seed ${shape.seed})`,
    projectConfig,
    allConfig,
    secretKeys: template.secretKeys,
  };
}
