/**
 * Which `env` names a stack file may set. Managed `env` overrides the user's shell and reaches every
 * command the client runs, so a name that redirects the client (provider, proxy, telemetry), loads
 * code (NODE_OPTIONS, LD_PRELOAD) or changes the shell would undo the profile. Names are compared in
 * upper case because Windows resolves `otel_logs_exporter` to OTEL_LOGS_EXPORTER. The patterns only
 * explain a refusal; what decides is the allowlist: anything not reviewed as harmless is refused.
 */

/** Every name the settings compiler writes (components/settings provider.ts, telemetry.ts, compile.ts). */
export const COMPILER_OWNED_ENV: readonly string[] = [
  "ANTHROPIC_DEFAULT_HAIKU_MODEL",
  "ANTHROPIC_DEFAULT_OPUS_MODEL",
  "ANTHROPIC_DEFAULT_SONNET_MODEL",
  "AWS_REGION",
  "CLAUDE_CODE_ENABLE_TELEMETRY",
  "CLAUDE_CODE_OTEL_HEADERS_HELPER_DEBOUNCE_MS",
  "CLAUDE_CODE_USE_BEDROCK",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_LOG_MANAGED_SETTINGS",
  "OTEL_LOG_TOOL_DETAILS",
  "OTEL_LOG_USER_PROMPTS",
  "OTEL_LOGS_EXPORTER",
  "OTEL_METRICS_EXPORTER",
  "OTEL_RESOURCE_ATTRIBUTES",
];

/**
 * Client switches reviewed as harmless: timeouts, output limits, and switches that only turn a
 * feature off. Each is read by the pinned client (test/config/env-guard.test.ts checks the binary).
 */
export const REVIEWED_ENV: readonly string[] = [
  "BASH_DEFAULT_TIMEOUT_MS",
  "BASH_MAX_OUTPUT_LENGTH",
  "BASH_MAX_TIMEOUT_MS",
  "CLAUDE_BASH_MAINTAIN_PROJECT_WORKING_DIR",
  "CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY",
  "CLAUDE_CODE_DISABLE_TERMINAL_TITLE",
  "CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL",
  "CLAUDE_CODE_MAX_OUTPUT_TOKENS",
  "DISABLE_AUTOUPDATER",
  "DISABLE_BUG_COMMAND",
  "DISABLE_COST_WARNINGS",
  "DISABLE_FEEDBACK_COMMAND",
  "DISABLE_INSTALL_GITHUB_APP_COMMAND",
  "DISABLE_LOGIN_COMMAND",
  "DISABLE_LOGOUT_COMMAND",
  "DISABLE_PROMPT_CACHING",
  "DISABLE_UPGRADE_COMMAND",
  "MAX_MCP_OUTPUT_TOKENS",
  "MAX_THINKING_TOKENS",
  "MCP_TIMEOUT",
  "MCP_TOOL_TIMEOUT",
];

const PROVIDER =
  "selects the model provider, its endpoint or how the client signs in — only the credentials section configures that; remove it";

/** Why a refused name is dangerous, tested on the upper-cased name in this order (the first match explains). */
const DANGERS: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^CLAUDE_CODE_(SKIP|USE|PROVIDER)_/, why: PROVIDER },
  {
    pattern:
      /TOKEN|SECRET|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|API_?KEY|ACCESS_KEY|PRIVATE_KEY|_KEY$|^KEY$|COOKIE|BEARER|(^|_)AUTH(_|$)/,
    why: "names a credential, which managed settings would publish to every device — deliver it through a credential helper instead",
  },
  {
    pattern:
      /^(ANTHROPIC|AWS|VERTEX|CLOUD_ML|GOOGLE|GCLOUD|GCP|AZURE|BEDROCK|FOUNDRY)_|BASE_URL|ENDPOINT|_API_URL$|_HOST$/,
    why: PROVIDER,
  },
  {
    pattern:
      /(^|_)OTEL_|TELEMETRY|TRACING|^DO_NOT_TRACK$|^DISABLE_ERROR_REPORTING$|NONESSENTIAL_TRAFFIC|FEATURE_FLAGS|GROWTHBOOK/,
    why: "controls telemetry or audit events — only the telemetry section configures that; remove it",
  },
  {
    pattern: /PROXY|TLS|SSL|CERT|(^|_)CA(_|$)|CA_?BUNDLE|INSECURE|REJECT_UNAUTHORIZED/,
    why: "routes network traffic through a proxy or changes which TLS certificates are trusted — remove it",
  },
  {
    pattern:
      /^(NODE|LD|DYLD|BUN|DENO|PYTHON\w*|PERL\w*|RUBY\w*|JAVA|_JAVA|JDK|GIT|NPM_CONFIG|YARN|PNPM|ELECTRON|DOTNET|COMPLUS|CORECLR|GCONV|MALLOC|GLIBC|DOCKER|KUBE\w*|SSH|GPG|SUDO)(_|$)|^(NODE_OPTIONS|PYTHONSTARTUP|PERL5OPT|RUBYOPT|KUBECONFIG)$/,
    why: "changes the code the client or the commands it runs load (interpreter options, preloaded libraries, tool configuration) — remove it",
  },
  {
    pattern:
      /^(BASH_ENV|ENV|PATH|SHELL|PROMPT_COMMAND|PS[0-9]|IFS|CDPATH|GLOBIGNORE|SHELLOPTS|BASHOPTS|ZDOTDIR|HOME|USER|LOGNAME|TMPDIR|TMP|TEMP|EDITOR|VISUAL|PAGER|BROWSER|LESSOPEN|LESSCLOSE)$|^(BASH_FUNC_|XDG_|CLAUDE_CODE_SHELL|CLAUDE_CODE_GIT_BASH)|^CLAUDE_CONFIG|PAGER$|_(DIR|PATH|HOME|FILE|CMD|COMMAND|EXEC|BIN|ROOT)$/,
    why: "changes which shell, programs or files the client and its commands use — remove it",
  },
];

/** What is wrong with setting `name` in a stack file's env, and the fix; undefined when it may be set. */
export function envKeyProblem(name: string): string | undefined {
  const upper = name.toUpperCase();
  const owned = COMPILER_OWNED_ENV.find((key) => key === upper);
  if (owned) {
    const spelled = owned === name ? "" : ` (${owned} in another letter case)`;
    return `"${name}"${spelled} is set by the compiler from the credentials and telemetry sections — configure it there`;
  }
  if (REVIEWED_ENV.includes(name)) return undefined;
  const reviewed = REVIEWED_ENV.find((key) => key === upper);
  if (reviewed) return `"${name}" must be spelled "${reviewed}", as the client reads it`;
  const danger = DANGERS.find(({ pattern }) => pattern.test(upper));
  if (danger) return `"${name}" ${danger.why}`;
  return (
    `"${name}" is not a variable reviewed as harmless — env may set only ${REVIEWED_ENV.join(", ")} ` +
    "(to allow another, review what it changes and add it to REVIEWED_ENV in components/config/env-guard.ts)"
  );
}

/**
 * The same check for a compiled managed-settings document, where the compiler's own names are
 * expected in exactly their spelling. Used by the policy pack and the permission diff.
 */
export function documentEnvProblem(name: string): string | undefined {
  return COMPILER_OWNED_ENV.includes(name) ? undefined : envKeyProblem(name);
}
