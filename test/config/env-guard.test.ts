// The env guard: what a stack file's env may set, in every letter case, and what compiled documents may carry.
import * as assert from "assert";
import fc from "fast-check";
import { binaryWindows, installedClient } from "../../cli/export-tools";
import { loadRolloutConfig } from "../../components/config";
import { COMPILER_OWNED_ENV, documentEnvProblem, envKeyProblem, REVIEWED_ENV } from "../../components/config/env-guard";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { sampleTelemetry } from "../telemetry/fixtures";

const OWNED = "is set by the compiler from the credentials and telemetry sections — configure it there";
const PROVIDER =
  "selects the model provider, its endpoint or how the client signs in — only the credentials section configures that; remove it";
const CREDENTIAL =
  "names a credential, which managed settings would publish to every device — deliver it through a credential helper instead";
const TELEMETRY = "controls telemetry or audit events — only the telemetry section configures that; remove it";
const NETWORK = "routes network traffic through a proxy or changes which TLS certificates are trusted — remove it";
const CODE =
  "changes the code the client or the commands it runs load (interpreter options, preloaded libraries, tool configuration) — remove it";
const SHELL = "changes which shell, programs or files the client and its commands use — remove it";

/** Names an attacker would reach for, each with the reason the guard must give in any letter case. */
const REFUSED: Record<string, string> = {
  ANTHROPIC_BASE_URL: PROVIDER,
  ANTHROPIC_BEDROCK_BASE_URL: PROVIDER,
  ANTHROPIC_MODEL: PROVIDER,
  ANTHROPIC_CUSTOM_HEADERS: PROVIDER,
  CLAUDE_CODE_USE_VERTEX: PROVIDER,
  CLAUDE_CODE_USE_FOUNDRY: PROVIDER,
  CLAUDE_CODE_SKIP_BEDROCK_AUTH: PROVIDER,
  CLAUDE_CODE_SKIP_VERTEX_AUTH: PROVIDER,
  AWS_PROFILE: PROVIDER,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: PROVIDER,
  AWS_DEFAULT_REGION: PROVIDER,
  VERTEX_REGION_CLAUDE_3_5_SONNET: PROVIDER,
  CLOUD_ML_REGION: PROVIDER,
  ANTHROPIC_API_KEY: CREDENTIAL,
  ANTHROPIC_AUTH_TOKEN: CREDENTIAL,
  AWS_BEARER_TOKEN_BEDROCK: CREDENTIAL,
  AWS_SECRET_ACCESS_KEY: CREDENTIAL,
  CLAUDE_CODE_OAUTH_TOKEN: CREDENTIAL,
  GITHUB_TOKEN: CREDENTIAL,
  NPM_TOKEN: CREDENTIAL,
  OTEL_EXPORTER_OTLP_HEADERS: TELEMETRY,
  OTEL_TRACES_EXPORTER: TELEMETRY,
  CLAUDE_CODE_OTEL_SHUTDOWN_TIMEOUT_MS: TELEMETRY,
  DISABLE_TELEMETRY: TELEMETRY,
  DISABLE_ERROR_REPORTING: TELEMETRY,
  DO_NOT_TRACK: TELEMETRY,
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: TELEMETRY,
  HTTP_PROXY: NETWORK,
  HTTPS_PROXY: NETWORK,
  NO_PROXY: NETWORK,
  ALL_PROXY: NETWORK,
  NODE_EXTRA_CA_CERTS: NETWORK,
  NODE_TLS_REJECT_UNAUTHORIZED: NETWORK,
  SSL_CERT_FILE: NETWORK,
  REQUESTS_CA_BUNDLE: NETWORK,
  NODE_OPTIONS: CODE,
  LD_PRELOAD: CODE,
  LD_LIBRARY_PATH: CODE,
  DYLD_INSERT_LIBRARIES: CODE,
  PYTHONSTARTUP: CODE,
  PERL5OPT: CODE,
  GIT_SSH_COMMAND: CODE,
  GIT_CONFIG_GLOBAL: CODE,
  NPM_CONFIG_SCRIPT_SHELL: CODE,
  JAVA_TOOL_OPTIONS: CODE,
  BASH_ENV: SHELL,
  ENV: SHELL,
  PATH: SHELL,
  SHELL: SHELL,
  PROMPT_COMMAND: SHELL,
  IFS: SHELL,
  HOME: SHELL,
  TMPDIR: SHELL,
  CLAUDE_CODE_SHELL: SHELL,
  CLAUDE_CODE_SHELL_PREFIX: SHELL,
  CLAUDE_CODE_GIT_BASH_PATH: SHELL,
  CLAUDE_CONFIG_DIR: SHELL,
  EDITOR: SHELL,
};

/** The name with each letter's case drawn at random: what Windows still resolves to the same variable. */
const caseVariant = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((lower) => [...name].map((c, i) => (lower[i] ? c.toLowerCase() : c)).join(""));
const variantOf = (names: readonly string[]) =>
  fc.constantFrom(...names).chain((name) => caseVariant(name).map((variant) => ({ name, variant })));

describe("env guard", () => {
  it("refuses every redirecting or code-loading name in any letter case, with its reason", () => {
    fc.assert(
      fc.property(variantOf(Object.keys(REFUSED)), ({ name, variant }) => {
        assert.equal(envKeyProblem(variant), `"${variant}" ${REFUSED[name]}`);
        assert.equal(documentEnvProblem(variant), `"${variant}" ${REFUSED[name]}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses the compiler's names in a stack file in any letter case, and in a document unless spelled exactly", () => {
    fc.assert(
      fc.property(variantOf(COMPILER_OWNED_ENV), ({ name, variant }) => {
        const spelled = variant === name ? "" : ` (${name} in another letter case)`;
        assert.equal(envKeyProblem(variant), `"${variant}"${spelled} ${OWNED}`);
        assert.equal(documentEnvProblem(variant), variant === name ? undefined : `"${variant}"${spelled} ${OWNED}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts reviewed switches only in the client's spelling", () => {
    for (const name of REVIEWED_ENV) assert.equal(envKeyProblem(name), undefined, name);
    assert.equal(
      envKeyProblem("max_thinking_tokens"),
      '"max_thinking_tokens" must be spelled "MAX_THINKING_TOKENS", as the client reads it',
    );
    fc.assert(
      fc.property(
        variantOf(REVIEWED_ENV).filter(({ name, variant }) => name !== variant),
        ({ name, variant }) => {
          assert.equal(envKeyProblem(variant), `"${variant}" must be spelled "${name}", as the client reads it`);
        },
      ),
    );
  });

  it("refuses anything else: unreviewed client switches and organisation variables alike", () => {
    const rest =
      ` is not a variable reviewed as harmless — env may set only ${REVIEWED_ENV.join(", ")} ` +
      "(to allow another, review what it changes and add it to REVIEWED_ENV in components/config/env-guard.ts)";
    for (const name of [
      "TEAM",
      "CLAUDE_CODE_DISABLE_CLAUDE_MDS",
      "CLAUDE_CODE_SUBAGENT_MODEL",
      "DISABLE_INSTALLATION_CHECKS",
      "LANG",
    ]) {
      assert.equal(envKeyProblem(name), `"${name}"${rest}`);
    }
  });

  it("knows every name the compiler writes", () => {
    const config = loadRolloutConfig(
      {
        tenantId: "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b",
        profiles: {
          developer: {
            priority: 10,
            description: "Engineers",
            intent: { edits: "workdir", network: "none" },
            telemetry: { logUserPrompts: true, logToolDetails: true },
          },
        },
        assignments: [{ group: "Eng", profile: "developer" }],
        telemetry: { ...sampleTelemetry(), logUserPrompts: true },
        credentials: {
          provider: "bedrock",
          accountId: "210987654321",
          region: "eu-central-1",
          models: {
            opus: { foundationModelId: "anthropic.claude-opus-4-1-20250805-v1:0" },
            sonnet: { foundationModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0" },
            haiku: { foundationModelId: "anthropic.claude-haiku-4-5-20251001-v1:0" },
          },
        },
      },
      "prod",
    );
    const [profile] = compileRollout(config, PINNED_CLIENT_VERSION).profiles;
    for (const document of [profile.settings, profile.windows.settings]) {
      assert.deepEqual(Object.keys(document.env as Record<string, string>).sort(), [...COMPILER_OWNED_ENV].sort());
    }
  });

  it("reviews only names the pinned client reads", function () {
    this.timeout(600_000); // scans the ~380 MB binary
    const client = installedClient();
    // As a whole word: MCP_TIMEOUT inside MCP_TOOL_TIMEOUT_MS or XMCP_TIMEOUT would not count.
    const word = new RegExp(`(?<![A-Z0-9_])(${REVIEWED_ENV.join("|")})(?![A-Z0-9_])`, "g");
    const unseen = new Set(REVIEWED_ENV);
    for (const text of binaryWindows(client.binary)) for (const [name] of text.matchAll(word)) unseen.delete(name);
    assert.deepEqual([...unseen], []);
  });
});
