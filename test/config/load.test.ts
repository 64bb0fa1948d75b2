import * as assert from "assert";
import { loadRolloutConfig, RawRolloutConfig } from "../../components/config";
import { configProblems, sampleConfig } from "../fixtures/config";

describe("loadRolloutConfig", () => {
  it("accepts the sample and fills defaults", () => {
    const config = loadRolloutConfig(sampleConfig(), "dev");
    assert.equal(config.environment, "dev");
    assert.deepEqual(config.profiles.restricted.permissions.allow, []);
    assert.deepEqual(config.profiles.restricted.mcp, []);
    assert.equal(config.profiles.restricted.automation, false);
    assert.deepEqual(config.profiles.restricted.telemetry, { logUserPrompts: false, logToolDetails: true });
    assert.deepEqual(config.mcpServers.github, {
      type: "http",
      url: "https://api.githubcopilot.com/mcp/",
      purpose: "PRs and issues",
    });
  });

  it("names a misspelt profile in an assignment with a suggestion", () => {
    const raw = sampleConfig();
    raw.assignments![1].profile = "standrd";
    assert.deepEqual(configProblems(raw), [
      'assignments[1].profile: unknown profile "standrd" — did you mean "standard"?',
    ]);
  });

  it("reports an extends cycle once, starting from the first name", () => {
    const raw = sampleConfig();
    raw.profiles.standard.extends = "platform";
    assert.deepEqual(configProblems(raw), [
      "profiles.platform.extends: extends cycle platform → standard → platform — one of these profiles must not extend another",
    ]);
  });

  it("rejects an unbalanced rule with the fix", () => {
    const raw = sampleConfig();
    raw.profiles.standard.permissions!.allow = ["Bash(npm test"];
    assert.deepEqual(configProblems(raw), [
      'profiles.standard.permissions.allow[0]: invalid rule "Bash(npm test": unbalanced parentheses: the rule must end with ")" — write "Bash(npm test)"',
    ]);
  });

  it("lists every problem in one error, each with its path", () => {
    const raw = sampleConfig();
    raw.profiles.standard.mcp = ["githb"];
    raw.profiles.platform.priority = 20;
    raw.profiles.platform.extends = "nope";
    raw.assignments!.push({ group: "contractors", profile: "restricted" });
    raw.profiles.restricted.locks = { allowManagedPermissionRulesOnly: false };
    assert.deepEqual(configProblems(raw), [
      'profiles.standard.mcp[0]: unknown MCP server "githb" — did you mean "github"?',
      'profiles.platform.extends: unknown profile "nope" — expected one of "restricted", "standard"',
      "profiles.restricted.locks.allowManagedPermissionRulesOnly: cannot weaken the inherited lock allowManagedPermissionRulesOnly: true — remove this line",
      'profiles.standard.priority: priority 20 is also used by "platform" — priorities decide overlaps, so each must be unique',
      'assignments[3].group: group "contractors" is already assigned at assignments[0] — a group maps to one profile; remove one entry',
    ]);
  });

  it("states the whole problem list in the error message", () => {
    const raw = sampleConfig();
    raw.assignments![0].profile = "restrictd";
    assert.throws(() => loadRolloutConfig(raw, "prod"), {
      name: "ConfigError",
      message:
        'Invalid stack config for "prod" (1 problem):\n  - assignments[0].profile: unknown profile "restrictd" — did you mean "restricted"?',
    });
  });

  it("suggests the section for a misspelt top-level key", () => {
    const raw = { ...sampleConfig(), profles: {} };
    assert.deepEqual(configProblems(raw), [
      '(root): unknown key "profles" — did you mean "profiles"? (see stacks/stack-config.schema.json)',
    ]);
  });

  it("rejects schema errors with the zod path", () => {
    const raw = sampleConfig();
    (raw.profiles.standard as Record<string, unknown>).priority = "high";
    raw.tenantId = "contoso";
    assert.deepEqual(configProblems(raw), [
      "tenantId: expected the Entra tenant id (a GUID)",
      "profiles.standard.priority: Invalid input: expected number, received string",
    ]);
  });

  it("refuses bypass mode where the baseline disables it", () => {
    const raw = sampleConfig();
    raw.profiles.standard.permissions!.defaultMode = "bypassPermissions";
    assert.deepEqual(configProblems(raw), [
      "profiles.standard.permissions.defaultMode: bypassPermissions is disabled for this profile — choose default, acceptEdits, plan or dontAsk",
    ]);
  });

  it("keeps the compiler's env variables out of hand-written env, in any letter case", () => {
    const raw = sampleConfig();
    raw.profiles.standard.env = { OTEL_LOGS_EXPORTER: "none", otel_logs_exporter: "none", MCP_TIMEOUT: "60000" };
    raw.baseline!.env = { MCP_TIMEOUT: "30000" };
    assert.deepEqual(configProblems(raw), [
      'profiles.standard.env.OTEL_LOGS_EXPORTER: "OTEL_LOGS_EXPORTER" is set by the compiler from the credentials and telemetry sections — configure it there',
      'profiles.standard.env.otel_logs_exporter: "otel_logs_exporter" (OTEL_LOGS_EXPORTER in another letter case) is set by the compiler from the credentials and telemetry sections — configure it there',
      'profiles.standard.env.MCP_TIMEOUT: "MCP_TIMEOUT" is set by the baseline and cannot be overridden by a profile',
    ]);
  });

  it("refuses env that redirects or alters the client, naming the path", () => {
    const raw = sampleConfig();
    raw.baseline!.env = { NODE_OPTIONS: "--require /tmp/x.js", BASH_DEFAULT_TIMEOUT_MS: "120000" };
    raw.profiles.platform.env = {
      anthropic_base_url: "https://gateway.example",
      Https_Proxy: "http://127.0.0.1:8080",
      TEAM: "platform",
    };
    const problems = configProblems(raw);
    assert.deepEqual(problems.slice(0, 3), [
      'baseline.env.NODE_OPTIONS: "NODE_OPTIONS" changes the code the client or the commands it runs load (interpreter options, preloaded libraries, tool configuration) — remove it',
      'profiles.platform.env.anthropic_base_url: "anthropic_base_url" selects the model provider, its endpoint or how the client signs in — only the credentials section configures that; remove it',
      'profiles.platform.env.Https_Proxy: "Https_Proxy" routes network traffic through a proxy or changes which TLS certificates are trusted — remove it',
    ]);
    assert.match(
      problems[3],
      /^profiles\.platform\.env\.TEAM: "TEAM" is not a variable reviewed as harmless — env may set only BASH_DEFAULT_TIMEOUT_MS, /,
    );
    assert.equal(problems.length, 4);
  });

  it("checks models against the baseline ceiling and the default against the list", () => {
    const raw = sampleConfig();
    raw.baseline!.models = { available: ["sonnet", "haiku"] };
    raw.profiles.platform.models = { available: ["opus", "sonnet"], default: "haiku" };
    assert.deepEqual(configProblems(raw), [
      'profiles.platform.models.default: "haiku" is not in models.available — add it there or pick one of opus, sonnet',
      'profiles.platform.models.available[0]: "opus" is not allowed by baseline.models.available (sonnet, haiku)',
    ]);
  });

  it("rejects prompt logging unless the organisation allows it", () => {
    const raw = sampleConfig();
    raw.profiles.standard.telemetry = { logUserPrompts: true };
    assert.deepEqual(configProblems(raw), [
      "profiles.standard.telemetry.logUserPrompts: prompt logging is off org-wide — set telemetry.logUserPrompts: true first, or remove this",
    ]);
  });

  it("checks a hook's `if` condition with the rule grammar", () => {
    const raw = sampleConfig();
    raw.baseline!.hooks = {
      PreToolUse: [
        { matcher: "Bash", hooks: [{ type: "command", command: "/usr/local/bin/audit", if: "bash(git *)" }] },
      ],
    };
    assert.deepEqual(configProblems(raw), [
      'baseline.hooks.PreToolUse[0].hooks[0].if: invalid rule "bash(git *)": tool names start uppercase — use "Bash"',
    ]);
  });
});

describe("loadRolloutConfig: existing resources, vault administrators, Bedrock invocation logs", () => {
  const ACCOUNT = "210987654321";
  const TENANT = "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b";
  const ADMINS = [`arn:aws:iam::${ACCOUNT}:role/pulumi-deployer`, `arn:aws:iam::${ACCOUNT}:role/break-glass`];
  const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/login.microsoftonline.com/${TENANT}/v2.0`;

  /** The sample with Bedrock credentials, the platform profile keeping a machine credential in the vault. */
  function withVault(admins: string[] | null = ADMINS): RawRolloutConfig {
    const raw = sampleConfig();
    raw.profiles.platform.automation = true;
    raw.credentials = {
      provider: "bedrock",
      accountId: ACCOUNT,
      region: "eu-west-1",
      automationReaderArns: [`arn:aws:iam::${ACCOUNT}:role/ci-runner`],
      ...(admins && { vaultAdministratorArns: admins }),
      models: { sonnet: { foundationModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0" } },
    };
    return raw;
  }

  it("takes the vault's administrators and an existing OIDC provider from the credentials section", () => {
    const raw = withVault();
    raw.credentials!.oidcProviderArn = PROVIDER;
    const config = loadRolloutConfig(raw, "prod");
    assert.deepEqual(config.credentials?.vaultAdministratorArns, ADMINS);
    assert.equal(config.credentials?.oidcProviderArn, PROVIDER);
  });

  it("requires vault administrators when the vault keeps something, naming what and how", () => {
    assert.deepEqual(configProblems(withVault(null)), [
      `credentials.vaultAdministratorArns: the vault keeps the machine credential of profile "platform" and needs administrators — list every role that runs pulumi up (the CI deployer role) and the break-glass role, e.g. [arn:aws:iam::${ACCOUNT}:role/pulumi-deployer, arn:aws:iam::${ACCOUNT}:role/break-glass]`,
    ]);
    assert.match(configProblems(withVault([]))[0], /^credentials\.vaultAdministratorArns: the vault keeps/);
    // No automation profile and no SIEM: no vault, nothing to administer.
    const noVault = withVault(null);
    noVault.profiles.platform.automation = false;
    assert.equal(loadRolloutConfig(noVault, "dev").credentials?.vaultAdministratorArns, undefined);
  });

  it("refuses a vault administrator that is not an IAM role or user ARN", () => {
    assert.deepEqual(configProblems(withVault([`arn:aws:sts::${ACCOUNT}:assumed-role/deployer/session`])), [
      "credentials.vaultAdministratorArns[0]: expected an IAM role or user ARN such as arn:aws:iam::123456789012:role/ci-runner",
    ]);
  });

  it("refuses an OIDC provider of another tenant or account, and one that is not Entra's v2 issuer", () => {
    const raw = withVault();
    raw.credentials!.oidcProviderArn = `arn:aws:iam::123456789012:oidc-provider/login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0`;
    assert.deepEqual(configProblems(raw), [
      `credentials.oidcProviderArn: names tenant 00000000-0000-0000-0000-000000000001, but tenantId is ${TENANT} — use the provider for login.microsoftonline.com/${TENANT}/v2.0, or remove the key to create one`,
      `credentials.oidcProviderArn: is in account 123456789012, but the roles are created in credentials.accountId ${ACCOUNT} — name that account's provider, or remove the key to create one`,
    ]);
    raw.credentials!.oidcProviderArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    assert.deepEqual(configProblems(raw), [
      "credentials.oidcProviderArn: expected the ARN of the account's IAM OIDC provider for the tenant, e.g. arn:aws:iam::123456789012:oidc-provider/login.microsoftonline.com/<tenantId>/v2.0",
    ]);
  });

  it("adopts an existing group per profile, never one group for two profiles or an assigned group", () => {
    const raw = sampleConfig();
    raw.profiles.standard.groupObjectId = "6d0c2b7e-91a4-4f3b-8e25-0c7d9a1f3b42";
    assert.equal(loadRolloutConfig(raw, "dev").profiles.standard.groupObjectId, "6d0c2b7e-91a4-4f3b-8e25-0c7d9a1f3b42");
    raw.profiles.platform.groupObjectId = "6D0C2B7E-91A4-4F3B-8E25-0C7D9A1F3B42";
    raw.profiles.restricted.groupObjectId = "11111111-2222-4333-8444-555555555555";
    raw.assignments!.push({ group: "11111111-2222-4333-8444-555555555555", profile: "standard" });
    assert.deepEqual(configProblems(raw), [
      "profiles.restricted.groupObjectId: group 11111111-2222-4333-8444-555555555555 is also in assignments — a profile's own group holds the assigned groups, so adopt a different group or remove the assignment",
      'profiles.platform.groupObjectId: profile "standard" already adopts group 6D0C2B7E-91A4-4F3B-8E25-0C7D9A1F3B42 — each profile needs its own group',
    ]);
    raw.profiles.platform.groupObjectId = "Platform Engineering";
    assert.ok(
      configProblems(raw).includes(
        "profiles.platform.groupObjectId: expected the object id (a GUID) of an existing Entra security group",
      ),
    );
  });

  it("turns Bedrock invocation logs on only with the credentials section and prompt logging allowed", () => {
    const telemetry = (raw: RawRolloutConfig, logUserPrompts: boolean) => {
      raw.telemetry = {
        hostname: "otel.example.com",
        logUserPrompts,
        network: {
          vpcId: "vpc-0a4c2e81f93b7d615",
          collectorSubnetIds: ["subnet-0c1d2e3f4a5b6c701", "subnet-0c1d2e3f4a5b6c702"],
          albSubnetIds: ["subnet-0a9b8c7d6e5f40311", "subnet-0a9b8c7d6e5f40312"],
          allowedCidrs: ["10.0.0.0/8"],
        },
        certificateArn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/8f3c2a1e-5b7d-4c9e-a1f2-3d4e5b6c7a81`,
        collector: { image: "otel/opentelemetry-collector-contrib:0.149.0" },
        alarmTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`,
        bedrockInvocationLogs: { retentionDays: 731 },
      };
      return raw;
    };
    const on = loadRolloutConfig(telemetry(withVault(), true), "prod").telemetry?.bedrockInvocationLogs;
    assert.deepEqual(on, { retentionDays: 731, images: false, embeddings: false });
    assert.deepEqual(configProblems(telemetry(sampleConfig(), false)), [
      "telemetry.bedrockInvocationLogs: Bedrock is configured by the credentials section — add it, or remove telemetry.bedrockInvocationLogs",
      "telemetry.bedrockInvocationLogs: the invocation logs hold every prompt and response in full — set telemetry.logUserPrompts: true to allow prompt text in the audit pipeline, or remove telemetry.bedrockInvocationLogs",
    ]);
    const raw = telemetry(withVault(), true);
    raw.telemetry!.bedrockInvocationLogs = { retentionDays: 10 };
    assert.match(
      configProblems(raw)[0],
      /^telemetry\.bedrockInvocationLogs\.retentionDays: CloudWatch Logs accepts only 1, 3, 5/,
    );
  });
});
