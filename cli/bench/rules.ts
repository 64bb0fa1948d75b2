import { PROJECT, StackFile } from "../stack";

/**
 * Rule-heavy stacks for the compile figures: the template stack with `count` more permission rules
 * in one profile, half allows and half denies, each distinct (numbered), of the kinds real stacks
 * hold — exact commands, source folders, command denies (which ship in every spelling), secret
 * folders. One allow in fifty is covered by a deny, so the dead-allow check has findings to report.
 */

/** The profile that takes the rules: the first (by priority) root profile that may edit, inherited as a real base profile would be. */
export function rulesProfile(projectConfig: Readonly<Record<string, unknown>>): string {
  const profiles = asRecord(projectConfig.profiles);
  const roots = Object.entries(profiles)
    .map(([name, body]) => ({ name, body: asRecord(body) }))
    .filter(({ body }) => body.extends === undefined && asRecord(body.intent).edits === "workdir")
    .sort((a, b) => Number(a.body.priority) - Number(b.body.priority));
  if (!roots.length) throw new Error("bench rules: the template stack has no root profile with intent.edits workdir");
  return roots[0].name;
}

export function rulesStack(template: StackFile, count: number): StackFile {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`bench rules: count must be a whole number ≥ 0, not ${count}`);
  const name = rulesProfile(template.projectConfig);
  const profiles = asRecord(template.projectConfig.profiles);
  const body = asRecord(profiles[name]);
  const permissions = asRecord(body.permissions);
  const extra = generatedRules(count);
  const profile = {
    ...body,
    permissions: {
      ...permissions,
      allow: [...asStrings(permissions.allow), ...extra.allow],
      deny: [...asStrings(permissions.deny), ...extra.deny],
    },
  };
  const projectConfig = { ...template.projectConfig, profiles: { ...profiles, [name]: profile } };
  return {
    ...template,
    file: `${template.file} (bench: ${count} more rules in profiles.${name})`,
    projectConfig,
    allConfig: { ...template.allConfig, [`${PROJECT}:profiles`]: JSON.stringify(projectConfig.profiles) },
  };
}

/** `count` distinct rules: allows at even positions, denies at odd ones. */
export function generatedRules(count: number): { allow: string[]; deny: string[] } {
  const allow: string[] = [];
  const deny: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = i >> 1;
    if (i % 2 === 1) deny.push(n % 2 ? `Read(./secrets/module-${n}/**)` : `Bash(deploy-tool-${n} *)`);
    else if (n % 50 === 0) allow.push(`Bash(deploy-tool-${n} --dry-run)`);
    else allow.push(n % 2 ? `Read(./src/module-${n}/**)` : `Bash(ls ./build/out-${n})`);
  }
  return { allow, deny };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
