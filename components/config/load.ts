import { z } from "zod";
import { envKeyProblem } from "./env-guard";
import { checkIntent } from "./intent";
import { checkRule, RuleList } from "./rules";
import { aliasCombinations, MAX_ALIAS_COMBINATIONS } from "./spelling-budget";

const SHELL_TOOLS: ReadonlySet<string> = new Set(["Bash", "PowerShell"]);
import { ParsedRolloutConfig, ProfileBody, ProfileConfig, rolloutConfigSchema } from "./schema";
import { checkStagedRollout } from "./rollout-rings";
import { closest, unknownName } from "./suggest";
import { printable, textProblems } from "./text";

/** The validated stack config: every default filled, every cross-reference checked. */
export type RolloutConfig = ParsedRolloutConfig & {
  /** The stack name, e.g. "prod"; names groups and artefacts. */
  readonly environment: string;
};

export interface ConfigProblem {
  /** Where in the stack config, e.g. `assignments[3].profile`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Thrown once, listing every problem, before anything is created. */
export class ConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Invalid stack config for "${stackName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${printable(p.path)}: ${printable(p.message)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** Validates raw stack config (the project-namespace keys, without the prefix) for one stack. */
export function loadRolloutConfig(raw: unknown, stack: string): RolloutConfig {
  const parsed = rolloutConfigSchema.safeParse(raw);
  const text = textProblems(raw).map((p) => ({ path: formatPath(p.path), message: p.message }));
  if (!parsed.success) throw new ConfigError(stack, [...text, ...parsed.error.issues.map(fromZodIssue)]);
  const problems = [...text, ...crossCheck(parsed.data, stack)];
  if (problems.length) throw new ConfigError(stack, problems);
  return { ...parsed.data, environment: stack };
}

/** Config path in the form people read: `profiles.standard.permissions.allow[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
      "",
    ) || "(root)"
  );
}

function fromZodIssue(issue: z.core.$ZodIssue): ConfigProblem {
  const path = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    // At the top level a stray key is almost always a misspelt section name.
    const known = issue.path.length === 0 ? Object.keys(rolloutConfigSchema.shape) : [];
    return {
      path,
      message:
        issue.keys
          .map((key) =>
            closest(key, known) ? unknownName("key", key, known) : `unknown key "${key}" — remove or correct it`,
          )
          .join("; ") + " (see stacks/stack-config.schema.json)",
    };
  }
  return { path, message: issue.message };
}

function crossCheck(config: ParsedRolloutConfig, stack: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  const profileNames = Object.keys(config.profiles);

  checkBody("baseline", config.baseline, config, report);
  for (const [name, profile] of Object.entries(config.profiles)) {
    const path = `profiles.${name}`;
    checkBody(path, profile, config, report);
    if (profile.extends !== undefined && !config.profiles[profile.extends]) {
      report(
        `${path}.extends`,
        unknownName(
          "profile",
          profile.extends,
          profileNames.filter((n) => n !== name),
        ),
      );
    }
    for (const key of Object.keys(profile.env)) {
      if (key in config.baseline.env)
        report(`${path}.env.${key}`, `"${key}" is set by the baseline and cannot be overridden by a profile`);
    }
    if (profile.telemetry.logUserPrompts && !config.telemetry?.logUserPrompts) {
      report(
        `${path}.telemetry.logUserPrompts`,
        "prompt logging is off org-wide — set telemetry.logUserPrompts: true first, or remove this",
      );
    }
  }
  checkExtendsCycles(config, report);
  if (!problems.some((p) => p.path.endsWith(".extends"))) {
    for (const name of Object.keys(config.profiles)) checkIntent(config, name, ancestry(config, name), report);
  }
  checkInheritedLocks(config, report);
  checkPriorities(config, report);
  checkAssignments(config, report);
  if (config.rollout)
    checkStagedRollout(
      config.rollout,
      config.assignments.map((a) => a.group),
      stack,
      report,
    );
  return problems;
}

type Report = (path: string, message: string) => void;

function checkBody(path: string, body: ProfileBody | ProfileConfig, config: ParsedRolloutConfig, report: Report) {
  for (const list of ["allow", "ask", "deny"] as RuleList[]) {
    body.permissions[list].forEach((rule, i) => {
      const checked = checkRule(rule, list);
      if (!checked.ok) report(`${path}.permissions.${list}[${i}]`, `invalid rule "${rule}": ${checked.error}`);
      else if (list !== "allow" && checked.rule.specifier !== undefined && SHELL_TOOLS.has(checked.rule.tool)) {
        const combinations = aliasCombinations(checked.rule.specifier);
        if (combinations > MAX_ALIAS_COMBINATIONS)
          report(
            `${path}.permissions.${list}[${i}]`,
            `"${rule}" names ${combinations} combinations of aliased words (the compiler spells each; the limit is ${MAX_ALIAS_COMBINATIONS}) — write one rule per resource type`,
          );
      }
    });
  }
  body.mcp.forEach((server, i) => {
    if (!config.mcpServers[server])
      report(`${path}.mcp[${i}]`, unknownName("MCP server", server, Object.keys(config.mcpServers)));
  });
  for (const key of Object.keys(body.env)) {
    const problem = envKeyProblem(key);
    if (problem) report(`${path}.env.${key}`, problem);
  }
  for (const [event, matchers] of Object.entries(body.hooks)) {
    matchers?.forEach((matcher, i) =>
      matcher.hooks.forEach((hook, j) => {
        if (hook.type === "command" && hook.if !== undefined) {
          const checked = checkRule(hook.if, "allow");
          if (!checked.ok)
            report(`${path}.hooks.${event}[${i}].hooks[${j}].if`, `invalid rule "${hook.if}": ${checked.error}`);
        }
      }),
    );
  }
  if (body.models) {
    const { available, default: defaultModel } = body.models;
    if (defaultModel !== undefined && !available.includes(defaultModel)) {
      report(
        `${path}.models.default`,
        `"${defaultModel}" is not in models.available — add it there or pick one of ${available.join(", ")}`,
      );
    }
    const ceiling = path === "baseline" ? undefined : config.baseline.models?.available;
    available.forEach((model, i) => {
      if (ceiling && !ceiling.includes(model))
        report(
          `${path}.models.available[${i}]`,
          `"${model}" is not allowed by baseline.models.available (${ceiling.join(", ")})`,
        );
      if (config.credentials && !(model in config.credentials.models)) {
        report(
          `${path}.models.available[${i}]`,
          unknownName("model", model, Object.keys(config.credentials.models)) + " (define it in credentials.models)",
        );
      }
    });
  }
}

/** The chain from a profile up to its root ancestor; stops at a cycle or an unknown parent. */
export function ancestry(config: ParsedRolloutConfig, name: string): string[] {
  const chain = [name];
  for (
    let parent = config.profiles[name]?.extends;
    parent !== undefined && config.profiles[parent];
    parent = config.profiles[parent].extends
  ) {
    if (chain.includes(parent)) break;
    chain.push(parent);
  }
  return chain;
}

function checkExtendsCycles(config: ParsedRolloutConfig, report: Report) {
  const reported = new Set<string>();
  for (const name of Object.keys(config.profiles).sort()) {
    const chain = ancestry(config, name);
    const last = config.profiles[chain[chain.length - 1]];
    if (last.extends === undefined || !chain.includes(last.extends)) continue;
    const cycle = chain.slice(chain.indexOf(last.extends));
    const key = [...cycle].sort().join(",");
    if (reported.has(key)) continue;
    reported.add(key);
    const start = [...cycle].sort()[0];
    const ordered = [...cycle.slice(cycle.indexOf(start)), ...cycle.slice(0, cycle.indexOf(start)), start];
    report(
      `profiles.${start}.extends`,
      `extends cycle ${ordered.join(" → ")} — one of these profiles must not extend another`,
    );
  }
}

/** A lock set by the baseline or an ancestor may be tightened further down, never loosened. */
function checkInheritedLocks(config: ParsedRolloutConfig, report: Report) {
  for (const [name, profile] of Object.entries(config.profiles)) {
    const inherited = [
      config.baseline,
      ...ancestry(config, name)
        .slice(1)
        .map((n) => config.profiles[n]),
    ];
    for (const [lock, value] of Object.entries(profile.locks)) {
      if (value === false && inherited.some((b) => b.locks[lock as keyof typeof b.locks] === true)) {
        report(`profiles.${name}.locks.${lock}`, `cannot weaken the inherited lock ${lock}: true — remove this line`);
      }
    }
    // Every compiled document disables both modes (components/settings/compile.ts).
    const mode = profile.permissions.defaultMode;
    if (mode === "bypassPermissions") {
      report(
        `profiles.${name}.permissions.defaultMode`,
        "bypassPermissions is disabled for this profile — choose default, acceptEdits, plan or dontAsk",
      );
    }
    if (mode === "auto") {
      report(
        `profiles.${name}.permissions.defaultMode`,
        "auto mode is disabled for this profile — choose default, acceptEdits, plan or dontAsk",
      );
    }
  }
}

function checkPriorities(config: ParsedRolloutConfig, report: Report) {
  const byPriority = new Map<number, string[]>();
  for (const [name, profile] of Object.entries(config.profiles))
    byPriority.set(profile.priority, [...(byPriority.get(profile.priority) ?? []), name]);
  for (const [priority, names] of [...byPriority].sort(([a], [b]) => a - b)) {
    if (names.length < 2) continue;
    const sorted = names.sort();
    report(
      `profiles.${sorted[1]}.priority`,
      `priority ${priority} is also used by ${sorted
        .filter((n) => n !== sorted[1])
        .map((n) => `"${n}"`)
        .join(", ")} — priorities decide overlaps, so each must be unique`,
    );
  }
}

function checkAssignments(config: ParsedRolloutConfig, report: Report) {
  const profileNames = Object.keys(config.profiles);
  const seen = new Map<string, number>();
  config.assignments.forEach(({ group, profile }, i) => {
    if (!config.profiles[profile]) report(`assignments[${i}].profile`, unknownName("profile", profile, profileNames));
    const key = group.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      report(
        `assignments[${i}].group`,
        `group "${group}" is already assigned at assignments[${first}] — a group maps to one profile; remove one entry`,
      );
    } else seen.set(key, i);
  });
}
