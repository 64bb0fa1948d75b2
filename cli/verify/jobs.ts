// Job scenarios: what each profile must still be able to do with the sandbox on. Generated from
// the intent and the document's allow rules (a job the rules do not allow is not the profile's
// job). Pure; templates over {work} like the attacks.
import { permissionRules, VerifyIntent } from "./intent";
import { CHANGED_FILE, INITIAL_COMMIT, TESTS_PASSED } from "./workspace";

export interface JobScenario {
  readonly tool: string;
  readonly input: Record<string, unknown>;
  /** Text the tool_result must contain (proof it really ran). */
  readonly output?: string;
  /** A file (template) that must contain this text afterwards (proof an edit landed). */
  readonly changed?: { readonly file: string; readonly contains: string };
}

/** Commands tried when the document allows them, with the text their output must contain. */
const COMMAND_JOBS: readonly { command: string; output: string }[] = [
  { command: "git status", output: "On branch main" },
  { command: "git diff --stat", output: CHANGED_FILE },
  { command: "git log --oneline", output: INITIAL_COMMIT },
  { command: "npm test", output: TESTS_PASSED },
];

export function jobScenarios(intent: VerifyIntent, settings: Record<string, unknown>): JobScenario[] {
  const allow = permissionRules(settings, "allow");
  const jobs: JobScenario[] = [
    { tool: "Read", input: { file_path: "{work}/README.md" }, output: "verify working directory" },
  ];
  for (const job of COMMAND_JOBS) {
    if (allow.some((rule) => allowsCommand(rule, job.command)))
      jobs.push({ tool: "Bash", input: { command: job.command, description: "verify job" }, output: job.output });
  }
  if (intent.edits === "workdir") {
    jobs.push(
      {
        tool: "Edit",
        input: {
          file_path: "{work}/README.md",
          old_string: "verify working directory",
          new_string: "edited by verify",
        },
        changed: { file: "{work}/README.md", contains: "edited by verify" },
      },
      {
        tool: "Write",
        input: { file_path: "{work}/verify-new.txt", content: "written by verify\n" },
        changed: { file: "{work}/verify-new.txt", contains: "written by verify" },
      },
    );
  }
  return jobs;
}

export function jobName(job: JobScenario): string {
  return `${job.tool}: ${typeof job.input.command === "string" ? job.input.command : String(job.input.file_path)}`;
}

/**
 * True when a Bash allow rule covers `command`: `Bash`, an exact `Bash(cmd)`, or a prefix form
 * `Bash(cmd *)` / `Bash(cmd:*)`, which also covers `cmd` alone.
 */
export function allowsCommand(rule: string, command: string): boolean {
  if (rule === "Bash" || rule === "Bash(*)") return true;
  const pattern = /^Bash\((.+)\)$/.exec(rule)?.[1];
  if (pattern === undefined) return false;
  const prefix = /^(.*?)(?: \*|:\*)$/.exec(pattern)?.[1];
  if (prefix === undefined) return pattern === command;
  return command === prefix || command.startsWith(`${prefix} `);
}
