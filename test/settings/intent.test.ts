import * as assert from "assert";
import { spawnSync } from "child_process";
import { KNOWN_TOOLS, loadRolloutConfig, RawRolloutConfig } from "../../components/config";
import { WRITE_COMMAND_FORMS } from "../../components/config/shell-commands";
import { ruleCovers } from "../../components/config";
import { compileRollout } from "../../components/settings";
import { POSIX_ROOT_GUARD } from "../../components/settings/root-guard";
import { shellSpellings } from "../../components/settings/spellings";
import { sampleConfig } from "../fixtures/config";

const compile = (raw: RawRolloutConfig = sampleConfig()) => compileRollout(loadRolloutConfig(raw, "dev"), "2.1.329");
const profile = (name: string, raw?: RawRolloutConfig) => compile(raw).profiles.find((p) => p.name === name)!;
/** Whether a document's deny list stops the command (the client's matcher, as rule-covers.ts models it). */
const denies = (deny: readonly string[], command: string) => deny.some((rule) => ruleCovers(rule, `Bash(${command})`));

const HOME_SECRETS = [
  "~/.aws",
  "~/.azure",
  "~/.cargo/credentials.toml",
  "~/.config/gcloud",
  "~/.config/gh",
  "~/.docker/config.json",
  "~/.gem/credentials",
  "~/.git-credentials",
  "~/.gnupg",
  "~/.kube",
  "~/.netrc",
  "~/.npmrc",
  "~/.pypirc",
  "~/.ssh",
  "~/.terraform.d/credentials.tfrc.json",
  "~/.vault-token",
];
const PROJECT_SECRETS = ["./.env", "./.env.*", "./**/.env", "./**/.env.*"];

describe("intent expansion", () => {
  it("spells a deny with global options, flags between words, short names and every wrapper", () => {
    assert.deepEqual(shellSpellings("git push *"), [
      "git push *",
      "* git -* push*",
      "* git push*",
      '*"git -* push*',
      '*"git push*',
      "*'git -* push*",
      "*'git push*",
      "*(git -* push*",
      "*(git push*",
      "*/git -* push*",
      "*/git push*",
      "*`git -* push*",
      "*`git push*",
      "git -* push *",
    ]);
    assert.deepEqual(shellSpellings("kubectl delete namespace *"), [
      "kubectl delete namespace *",
      "* kubectl *delete *namespace*",
      "* kubectl *delete *ns*",
      '*"kubectl *delete *namespace*',
      '*"kubectl *delete *ns*',
      "*'kubectl *delete *namespace*",
      "*'kubectl *delete *ns*",
      "*(kubectl *delete *namespace*",
      "*(kubectl *delete *ns*",
      "*/kubectl *delete *namespace*",
      "*/kubectl *delete *ns*",
      "*`kubectl *delete *namespace*",
      "*`kubectl *delete *ns*",
      "kubectl *delete *namespace*",
      "kubectl *delete *ns*",
    ]);
    assert.deepEqual(shellSpellings("curl *"), [
      "curl *",
      "* curl*",
      '*"curl*',
      "*'curl*",
      "*(curl*",
      "*/curl*",
      "*`curl*",
    ]);
    assert.deepEqual(shellSpellings("npm:*"), [
      "npm:*",
      "* npm*",
      '*"npm*',
      "*'npm*",
      "*(npm*",
      "*/npm*",
      "*`npm*",
      "npm *",
    ]);
    assert.deepEqual(shellSpellings("* --output*"), ["* --output*"]);
  });

  it("denies every spelling the 2.1.329 matcher lets through on its own, and not the profile's job", () => {
    const deny = profile("platform").settings.permissions.deny;
    for (const attack of [
      "git -C . push origin main",
      "git -c core.sshCommand=x push",
      "git --no-pager push",
      "bash -c 'git push origin'",
      'sh -c "git -C infra push"',
      "terraform -chdir=. destroy -auto-approve",
      "sudo terraform destroy",
    ])
      assert.ok(
        denies(deny, attack) ||
          profile("platform").settings.permissions.ask.some((a) => ruleCovers(a, `Bash(${attack})`)),
        attack,
      );
    for (const attack of [
      "terraform -chdir=. destroy -auto-approve",
      "bash -c 'terraform destroy'",
      "env terraform destroy",
    ]) {
      assert.ok(denies(deny, attack), attack);
    }
    for (const job of [
      "npm test",
      "git status",
      "git diff",
      "git log --oneline -5",
      "git add src/app.ts",
      'git commit -m "fix: tests"',
      "ls -a",
    ]) {
      assert.ok(!denies(deny, job), `platform must still run ${job}`);
    }
  });

  it("expands a kubectl deny over every place flags and short names can go", () => {
    const raw = sampleConfig();
    raw.profiles.platform.permissions!.deny = ["Bash(kubectl delete namespace *)"];
    const deny = profile("platform", raw).settings.permissions.deny;
    for (const attack of [
      "kubectl --context p delete namespace x",
      "kubectl -n x delete namespace x",
      "kubectl delete ns prod",
      "kubectl delete namespaces prod",
      "kubectl delete namespace/prod",
      "bash -c 'kubectl delete ns prod'",
    ])
      assert.ok(denies(deny, attack), attack);
    assert.ok(!denies(deny, "kubectl delete pod web-1"));
  });

  it("denies the credential reads of a CLI the profile allows (kubectl get * dumps no secret)", () => {
    const raw = sampleConfig();
    raw.profiles.platform.permissions!.allow = ["Bash(kubectl get *)"];
    const deny = profile("platform", raw).settings.permissions.deny;
    for (const attack of [
      "kubectl get secrets -A -o yaml",
      "kubectl get secret/db -o jsonpath={.data}",
      "kubectl -n prod get secret db",
      "kubectl get sa,secrets",
      "kubectl get --raw /api/v1/namespaces/default/secrets",
      "kubectl describe secret db",
      "kubectl config view --raw",
    ]) {
      assert.ok(denies(deny, attack), attack);
    }
    assert.ok(!denies(deny, "kubectl get pods -A"));
    raw.profiles.platform.permissions!.allow = ["Bash(/usr/local/bin/kubectl)"];
    assert.ok(
      denies(profile("platform", raw).settings.permissions.deny, "kubectl get secrets"),
      "an exact or absolute-path allow gets the guards too",
    );
    assert.ok(
      !denies(profile("standard", raw).settings.permissions.deny, "kubectl get secrets"),
      "only a profile allowing kubectl gets its guards",
    );
  });

  it("expands edits: none into every write tool, every write form in every spelling, and nothing unlisted runs", () => {
    const raw = sampleConfig();
    raw.baseline!.permissions!.deny = [];
    const restricted = profile("restricted", raw);
    const { deny, allow, denyInsteadOfPrompting, blockWritesOutsideWorkingDirectories } =
      restricted.settings.permissions;
    const secretRules = [...HOME_SECRETS.flatMap((p) => [p, `${p}/**`]), ...PROJECT_SECRETS].flatMap((p) => [
      `Read(${p})`,
      `Edit(${p})`,
    ]);
    assert.deepEqual(
      deny.filter((r) => !r.startsWith("Bash(")),
      [
        "Edit",
        ...secretRules,
        "Artifact",
        "EnterWorktree",
        "ExitWorktree",
        "Monitor",
        "NotebookEdit",
        "PowerShell",
        "RemoteTrigger",
        "SendUserFile",
        "WebFetch",
        "WebSearch",
        "Write",
      ].sort(),
    );
    assert.deepEqual(
      deny.filter((r) => r.startsWith("Bash(")),
      [...new Set(WRITE_COMMAND_FORMS.flatMap(shellSpellings))].map((s) => `Bash(${s})`).sort(),
    );
    assert.deepEqual(
      deny.filter((r) => r.includes("touch")),
      [
        "Bash(* touch*)",
        'Bash(*"touch*)',
        "Bash(*'touch*)",
        "Bash(*(touch*)",
        "Bash(*/touch*)",
        "Bash(*`touch*)",
        "Bash(touch *)",
      ],
    );
    assert.deepEqual([allow, denyInsteadOfPrompting, blockWritesOutsideWorkingDirectories], [[], true, undefined]);
    for (const write of [
      "touch a",
      "sed -i s/a/b/ f",
      "cp a b",
      "git diff --output=f",
      "git log --output f",
      "echo x > f",
      "tee f",
      "python3 -c 'open(1)'",
      "bash -c 'touch a'",
      "git -c alias.x=!sh x",
      "find . -delete",
      "gitleaks detect --report-path f",
      "semgrep scan -o f",
    ]) {
      assert.ok(denies(deny, write), write);
    }
    for (const job of ["git status", "git diff", "git log --oneline -5", "ls -a"])
      assert.ok(!denies(deny, job), `contractors still run ${job}`);
  });

  it("compiles the exact sandbox block of each intent", () => {
    const persistence = [
      "~/.bash_profile",
      "~/.bashrc",
      "~/.claude",
      "~/.config/fish",
      "~/.gitconfig",
      "~/.profile",
      "~/.zprofile",
      "~/.zshenv",
      "~/.zshrc",
    ];
    const strict = {
      enabled: true,
      failIfUnavailable: true,
      allowUnsandboxedCommands: false,
      autoAllowBashIfSandboxed: false,
      enableWeakerNestedSandbox: false,
      enableWeakerNetworkIsolation: false,
      allowNestedUserNamespaces: false,
      allowAppleEvents: false,
    };
    const credentials = {
      envVars: [
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "AWS_ACCESS_KEY_ID",
        "AWS_BEARER_TOKEN_BEDROCK",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AZURE_CLIENT_SECRET",
        "CLAUDE_CODE_OAUTH_TOKEN",
        "GH_TOKEN",
        "GITHUB_TOKEN",
        "GITLAB_TOKEN",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "NODE_AUTH_TOKEN",
        "NPM_TOKEN",
        "VAULT_TOKEN",
      ].map((name) => ({ name, mode: "deny" })),
    };
    const network = (allowedDomains: string[]) => ({
      allowedDomains,
      allowManagedDomainsOnly: true,
      strictAllowlist: true,
      allowLocalBinding: false,
      allowAllUnixSockets: false,
    });
    const raw = sampleConfig();
    raw.baseline!.secretPaths = ["~/.password-store/**"];
    raw.profiles.standard.intent!.writablePaths = ["~/.cache/npm"];
    const readable = [...HOME_SECRETS, "~/.password-store"].sort();
    assert.deepEqual(profile("standard", raw).settings.sandbox, {
      ...strict,
      filesystem: {
        allowWrite: ["~/.cache/npm"],
        denyWrite: [...readable, ...PROJECT_SECRETS, ...persistence].sort(),
        denyRead: [...readable, ...PROJECT_SECRETS, "~/.npm/_logs"],
        allowManagedReadPathsOnly: true,
        disabled: false,
      },
      credentials,
      network: network(["registry.npmjs.org"]),
    });
    assert.deepEqual(profile("restricted", raw).settings.sandbox, {
      ...strict,
      filesystem: {
        denyWrite: [".", ...readable, ...PROJECT_SECRETS, ...persistence].sort(),
        denyRead: [...readable, ...PROJECT_SECRETS, "~/.npm/_logs"],
        allowManagedReadPathsOnly: true,
        disabled: false,
      },
      credentials,
      network: network([]),
    });
    assert.deepEqual(profile("standard", raw).intent, {
      edits: "workdir",
      network: { domains: ["registry.npmjs.org"] },
      writablePaths: ["~/.cache/npm"],
      secretPaths: [...readable, ...PROJECT_SECRETS],
    });
  });

  it("ships a root guard first among the PreToolUse hooks, keeping the profile's own", () => {
    const raw = sampleConfig();
    raw.baseline!.hooks = { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "/opt/audit" }] }] };
    const standard = profile("standard", raw);
    assert.deepEqual(standard.settings.hooks, {
      PreToolUse: [
        { matcher: "*", hooks: [{ type: "command", command: POSIX_ROOT_GUARD, timeout: 10, onFailure: "block" }] },
        { matcher: "Bash", hooks: [{ type: "command", command: "/opt/audit" }] },
      ],
    });
    const windowsGuard = standard.windows.settings.hooks!.PreToolUse![0].hooks[0];
    assert.deepEqual([windowsGuard.type, "shell" in windowsGuard && windowsGuard.shell], ["command", "powershell"]);
    assert.match(
      "command" in windowsGuard ? windowsGuard.command : "",
      /IsInRole\(\[Security\.Principal\.WindowsBuiltInRole\]::Administrator\)\) \{ .*exit 2 \}$/,
    );
  });

  it("the root guard blocks as uid 0 and lets every other user through (run for real)", () => {
    const asRoot = spawnSync("unshare", ["-r", "sh", "-c", POSIX_ROOT_GUARD], { encoding: "utf8" });
    assert.equal(asRoot.status, 2, asRoot.stderr);
    assert.match(asRoot.stderr, /Blocked by the managed root guard/);
    const asUser =
      process.getuid!() === 0
        ? spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c", POSIX_ROOT_GUARD], {
            encoding: "utf8",
          })
        : spawnSync("sh", ["-c", POSIX_ROOT_GUARD], { encoding: "utf8" });
    assert.deepEqual([asUser.status, asUser.stderr], [0, ""]);
    // Fails closed when id cannot answer.
    const noId = spawnSync("sh", ["-c", POSIX_ROOT_GUARD.replace("/usr/bin/id", "/nonexistent/id")], {
      encoding: "utf8",
    });
    assert.equal(noId.status, 2);
  });

  it("compiles Windows without a sandbox: repository code withheld, shell rules mirrored to PowerShell, secrets and network named", () => {
    const compiled = compile();
    const standard = compiled.profiles.find((p) => p.name === "standard")!;
    const restricted = compiled.profiles.find((p) => p.name === "restricted")!;
    const w = standard.windows.settings;
    assert.equal(w.sandbox, undefined);
    assert.deepEqual(w.permissions.allow, ["mcp__github__get_*"]);
    assert.deepEqual(standard.settings.permissions.allow, ["Bash(npm test)", "mcp__github__get_*"]);
    assert.ok(
      compiled.warnings.includes(
        'profiles.standard: Windows has no command sandbox, so its document leaves out the allows that run repository code (they ask there): "Bash(npm test)"',
      ),
    );
    for (const rule of [
      "PowerShell(git -* push *)",
      "PowerShell(*'git push*)",
      "Bash(*.ssh*)",
      "PowerShell(*.ssh*)",
      "Bash(*.config/gcloud*)",
      "Bash(*.env*)",
    ]) {
      assert.ok([...w.permissions.deny, ...w.permissions.ask].includes(rule), rule);
    }
    assert.ok(!w.permissions.deny.includes("PowerShell"));
    assert.ok(
      standard.settings.permissions.deny.includes("PowerShell"),
      "POSIX documents have no unsandboxed shell tool",
    );
    assert.ok(
      restricted.windows.settings.permissions.deny.includes("Bash(Invoke-WebRequest *)") &&
        restricted.windows.settings.permissions.deny.includes("PowerShell(curl *)"),
    );
    assert.ok(
      !w.permissions.deny.includes("Bash(Invoke-WebRequest *)"),
      "a profile with network keeps its network commands",
    );
    const readOnly = restricted.windows.settings.permissions.deny;
    for (const write of [
      "Remove-Item -Recurse src",
      "Set-Content a.txt x",
      "powershell -c 'Out-File f'",
      "New-Item f",
    ]) {
      assert.ok(
        readOnly.some((rule) => ruleCovers(rule, `PowerShell(${write})`)),
        write,
      );
    }
    assert.ok(KNOWN_TOOLS.includes("PowerShell"));
  });
});
