/**
 * What the compiler knows about shell commands, as data: which write files, which run code the
 * repository controls, which print credentials, and how each takes its global options. The rules
 * are derived from these tables in general (components/settings/spellings.ts, intent.ts), never
 * written per rule.
 */

import { ownValue } from "./json";
import { checkRule } from "./rules";
import { FILE_EDIT_TOOLS } from "./tools.generated";

/**
 * Tools that change files: the file-edit tools (bare names are valid deny rules; only Edit(…)
 * specifiers are consulted), worktrees (a checkout on disk), and Monitor (runs a command).
 */
export const WRITE_TOOLS: readonly string[] = [...FILE_EDIT_TOOLS, "EnterWorktree", "ExitWorktree", "Monitor"];

/** Tools that send data off the device on the model's say-so, denied in every `network: none` profile. */
export const NETWORK_TOOLS: readonly string[] = ["Artifact", "RemoteTrigger", "SendUserFile", "WebFetch", "WebSearch"];

/**
 * Shell forms that write files, denied in every `edits: none` profile (each in every spelling).
 * Not a complete list — no list can be: `edits: none` is held by denyInsteadOfPrompting and
 * managed-only rules (nothing unlisted runs); these stop the commands acceptEdits would approve.
 */
export const WRITE_COMMAND_FORMS: readonly string[] = [
  // Filesystem commands (acceptEdits approves some of these on its own).
  "touch *",
  "rm *",
  "rmdir *",
  "mv *",
  "cp *",
  "mkdir *",
  "ln *",
  "chmod *",
  "chown *",
  "chgrp *",
  "truncate *",
  "dd *",
  "tee *",
  "install *",
  "shred *",
  "unlink *",
  "rsync *",
  "mkfifo *",
  "mknod *",
  "patch *",
  "split *",
  "csplit *",
  "sponge *",
  "tar *",
  "zip *",
  "unzip *",
  "gzip *",
  "gunzip *",
  "bzip2 *",
  "xz *",
  // In-place editors and interpreters that can write anything.
  "sed *-i*",
  "sed *--in-place*",
  "perl *",
  "python *",
  "python3 *",
  "node *",
  "ruby *",
  "php *",
  "awk *",
  "gawk *",
  "vi *",
  "vim *",
  "nano *",
  "ed *",
  // Shells and wrappers that would hide a write from the rules above.
  "bash *",
  "sh *",
  "zsh *",
  "dash *",
  "ksh *",
  "fish *",
  "env *",
  "xargs *",
  "eval *",
  "exec *",
  "source *",
  "find *-delete*",
  "find *-exec*",
  "find *-ok*",
  "find *-fprint*",
  "find *-fls*",
  // Output options and redirections.
  "* --output*",
  "* --report*",
  "*>*",
  "sort *-o*",
  "gitleaks *-r *",
  "semgrep *-o *",
  "trivy *-o *",
  // git: every subcommand that writes the work tree, the index or refs, and config that runs commands.
  ...[
    "add",
    "am",
    "apply",
    "archive",
    "bisect",
    "branch",
    "bundle",
    "checkout",
    "cherry-pick",
    "clean",
    "clone",
    "commit",
    "config",
    "fetch",
    "format-patch",
    "gc",
    "init",
    "maintenance",
    "merge",
    "mv",
    "notes",
    "prune",
    "pull",
    "push",
    "rebase",
    "repack",
    "replace",
    "reset",
    "restore",
    "revert",
    "rm",
    "sparse-checkout",
    "stash",
    "submodule",
    "switch",
    "tag",
    "update-index",
    "update-ref",
    "worktree",
  ].map((sub) => `git ${sub} *`),
  "git -c*",
  "git --config-env*",
  "git --exec-path*",
  // PowerShell (the shell tool on Windows): cmdlets that write and their usual aliases.
  "Set-Content *",
  "Add-Content *",
  "Clear-Content *",
  "Out-File *",
  "New-Item *",
  "Remove-Item *",
  "Copy-Item *",
  // Two-letter aliases (ni, md, rd) are left to denyInsteadOfPrompting: their spellings would catch words like "nightly".
  "Move-Item *",
  "Rename-Item *",
  "Expand-Archive *",
  "Compress-Archive *",
  "Invoke-Expression *",
  "iex *",
  "del *",
  "erase *",
  "copy *",
  "move *",
];

/**
 * How a command takes global options, so a deny of `C sub …` also holds for `C -x v sub …`:
 * "before" — options come between the command and its subcommand (git -C x push);
 * "anywhere" — flags may sit between any two words (kubectl delete -n x namespace y).
 */
export const OPTION_SYNTAX: Readonly<Record<string, "before" | "anywhere">> = {
  git: "before",
  terraform: "before",
  tofu: "before",
  docker: "before",
  podman: "before",
  npm: "before",
  yarn: "before",
  pnpm: "before",
  cargo: "before",
  go: "before",
  pulumi: "before",
  kubectl: "anywhere",
  oc: "anywhere",
  helm: "anywhere",
  aws: "anywhere",
  az: "anywhere",
  gcloud: "anywhere",
  gh: "anywhere",
  vault: "anywhere",
};

/** Other names commands accept for a word (kubectl resource short names and plurals are prefixes already). */
export const WORD_ALIASES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  kubectl: {
    namespace: ["ns"],
    deployment: ["deploy"],
    service: ["svc"],
    configmap: ["cm"],
    pod: ["po"],
    persistentvolumeclaim: ["pvc"],
    persistentvolume: ["pv"],
    serviceaccount: ["sa"],
    daemonset: ["ds"],
    statefulset: ["sts"],
    replicaset: ["rs"],
    ingress: ["ing"],
    cronjob: ["cj"],
    node: ["no"],
    customresourcedefinition: ["crd"],
    horizontalpodautoscaler: ["hpa"],
  },
  oc: { namespace: ["ns", "project"], deployment: ["deploy"], service: ["svc"], configmap: ["cm"], pod: ["po"] },
};

interface RepoCodeCommand {
  /** Subcommands that run repository code; undefined: every use does. */
  readonly runs?: readonly string[];
  /** Subcommands that do not (every other one does). */
  readonly safe?: readonly string[];
}

/**
 * Commands whose allowed use runs code the repository controls (scripts, build files, plugins,
 * test code, scanner configs): in a profile, only exact forms, and only where the sandbox holds them.
 */
const REPO_CODE_COMMANDS: Readonly<Record<string, RepoCodeCommand>> = {
  npm: {
    safe: [
      "view",
      "info",
      "show",
      "v",
      "ls",
      "list",
      "ll",
      "la",
      "outdated",
      "audit",
      "help",
      "search",
      "whoami",
      "ping",
      "explain",
      "why",
      "fund",
    ],
  },
  npx: {},
  yarn: {},
  pnpm: {},
  bun: {},
  node: {},
  deno: {},
  tsx: {},
  "ts-node": {},
  python: {},
  python3: {},
  pytest: {},
  "py.test": {},
  tox: {},
  nox: {},
  uv: {},
  poetry: {},
  pipenv: {},
  jest: {},
  vitest: {},
  mocha: {},
  karma: {},
  playwright: {},
  cypress: {},
  phpunit: {},
  rspec: {},
  ctest: {},
  bash: {},
  sh: {},
  zsh: {},
  dash: {},
  source: {},
  make: {},
  gmake: {},
  cmake: {},
  ninja: {},
  bazel: {},
  just: {},
  cargo: { safe: ["fmt", "tree", "metadata", "search", "version"] },
  go: { runs: ["test", "run", "generate", "build", "install", "vet", "tool"] },
  gradle: {},
  gradlew: {},
  mvn: {},
  mvnw: {},
  ant: {},
  sbt: {},
  rake: {},
  bundle: {},
  ruby: {},
  perl: {},
  php: {},
  composer: {},
  dotnet: { runs: ["test", "run", "build", "msbuild", "pack", "publish"] },
  terraform: { runs: ["plan", "apply", "validate", "init", "console", "import", "refresh", "test", "destroy"] },
  tofu: { runs: ["plan", "apply", "validate", "init", "console", "import", "refresh", "test", "destroy"] },
  pulumi: { runs: ["preview", "up", "refresh", "destroy", "watch"] },
  // Scanners read whatever path they are given, fetch remote configs and write reports.
  semgrep: {},
  gitleaks: {},
  trivy: {},
  checkov: {},
  bandit: {},
  tfsec: {},
  grype: {},
  syft: {},
};

/** The command a rule's first word names: `/usr/bin/make` and `make` are the same command. */
export function commandName(word: string): string {
  return word.replace(/:\*?$/, "").split("/").pop()!;
}

/** The words of a Bash or PowerShell rule's command (`:*` read as ` *`); undefined for any other rule or a bare tool. */
export function shellWords(rule: string): string[] | undefined {
  const checked = checkRule(rule, "deny");
  if (
    !checked.ok ||
    (checked.rule.tool !== "Bash" && checked.rule.tool !== "PowerShell") ||
    checked.rule.specifier === undefined
  )
    return undefined;
  return checked.rule.specifier.replace(/:\*$/, " *").trim().split(/\s+/);
}

/** Whether a shell rule's command runs repository-controlled code. */
export function ruleRunsRepositoryCode(rule: string): boolean {
  const words = shellWords(rule);
  return words !== undefined && runsRepositoryCode(words);
}

/** Whether a command line (words of an allow rule) runs repository-controlled code. */
function runsRepositoryCode(words: readonly string[]): boolean {
  // A relative path (./scripts/test.sh, node_modules/.bin/jest) is a program from the working tree.
  if (/^[^/~$]/.test(words[0]) && words[0].includes("/")) return true;
  const entry = ownValue(REPO_CODE_COMMANDS, commandName(words[0]));
  if (!entry) return false;
  const sub = words.slice(1).find((w) => !w.startsWith("-"));
  if (sub === undefined || sub.includes("*")) return true;
  if (entry.runs) return entry.runs.includes(sub);
  return !(entry.safe ?? []).includes(sub);
}

/**
 * Commands that print credentials when allowed broadly: a profile allowing the command gets these
 * denies (in every spelling), e.g. `kubectl get *` must not dump secrets.
 */
export const CREDENTIAL_READS: Readonly<Record<string, readonly string[]>> = {
  kubectl: ["kubectl *secret*", "kubectl *--raw*", "kubectl *config *view*", "kubectl *create *token*"],
  oc: ["oc *secret*", "oc *--raw*", "oc *whoami *-t*", "oc *config *view*"],
  helm: ["helm *get *values*", "helm *get *all*"],
  terraform: [
    "terraform *output*",
    "terraform *show*",
    "terraform *state *pull*",
    "terraform *state *show*",
    "terraform *console*",
  ],
  tofu: ["tofu *output*", "tofu *show*", "tofu *state *pull*", "tofu *state *show*", "tofu *console*"],
  git: ["git *credential*"],
  gh: ["gh *auth *token*", "gh *auth *status *-t*", "gh *auth *status *--show-token*"],
  aws: [
    "aws *secretsmanager *get-secret-value*",
    "aws *ssm *get-parameter*",
    "aws *configure *",
    "aws *sts *get-session-token*",
    "aws *ecr *get-login-password*",
  ],
  gcloud: ["gcloud *secrets *access*", "gcloud *auth *print-*", "gcloud *config *config-helper*"],
  az: ["az *keyvault *secret *show*", "az *keyvault *secret *download*", "az *account *get-access-token*"],
  vault: ["vault *read*", "vault *kv *get*", "vault *token *lookup*", "vault *print *token*"],
  docker: ["docker *inspect*", "docker *login*"],
};

/** Commands that reach the network; on Windows (no sandbox) a `network: none` profile denies them. */
export const NETWORK_COMMANDS: readonly string[] = [
  "curl *",
  "wget *",
  "ssh *",
  "scp *",
  "sftp *",
  "ftp *",
  "nc *",
  "ncat *",
  "netcat *",
  "telnet *",
  "rsync *",
  "Invoke-WebRequest *",
  "Invoke-RestMethod *",
  "iwr *",
  "irm *",
  "Start-BitsTransfer *",
  "bitsadmin *",
  "certutil *",
];
