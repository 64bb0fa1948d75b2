import * as path from "path";
import { CredentialsConfig } from "../config";
import { fillTemplate } from "../plan/artefacts/fill-template";
import { CLIENT_HELPERS, ClientHelper, helperFileName, helperTemplate, OsFamily, sha256Hex } from "../settings";
import { machineSecretName, profileAppName, profileAppUri, roleArn } from "./names";

/** A helper script as distribution ships it: installed root-owned, mode 0755, next to the settings. */
export interface HelperFile {
  /** Installed name: the command the settings name (no extension on POSIX, `.ps1` on Windows). */
  readonly name: string;
  readonly content: string;
  readonly sha256: string;
  readonly mode: "0755";
}

/** Everything baked into one profile's helpers. */
export interface HelperValues {
  readonly environment: string;
  readonly profile: string;
  readonly tenantId: string;
  /** Identifier URI of the profile's Entra app (the token's resource). */
  readonly appUri: string;
  readonly roleArn: string;
  readonly region: string;
  readonly sessionSeconds: number;
  /** Present for profiles with machine credentials: where the headless helper reads them. */
  readonly machine?: { readonly secretId: string; readonly vaultRegion: string };
}

/**
 * One profile's credential helpers from config alone, so the installers that embed them are
 * known before anything exists (a first preview, offline synth) and publishing needs no `apply`.
 */
export function profileCredentialHelpers(args: {
  readonly environment: string;
  readonly tenantId: string;
  readonly credentials: CredentialsConfig;
  readonly profile: string;
  readonly automation: boolean;
}): Record<OsFamily, HelperFile[]> {
  const { environment, tenantId, credentials, profile } = args;
  return renderHelpers({
    environment,
    profile,
    tenantId: tenantId.toLowerCase(),
    appUri: profileAppUri(tenantId, environment, profile),
    roleArn: roleArn(credentials.accountId, credentials.region, profileAppName(environment, profile)),
    region: credentials.region,
    sessionSeconds: credentials.sessionSeconds,
    machine: args.automation
      ? { secretId: machineSecretName(environment, profile), vaultRegion: credentials.region }
      : undefined,
  });
}

/** One profile's helper scripts per OS family, values baked in. Pure: same values, same bytes. */
export function renderHelpers(values: HelperValues): Record<OsFamily, HelperFile[]> {
  const placeholders = checkedPlaceholders(values);
  const fragments = (os: OsFamily) =>
    Object.fromEntries(
      Object.entries(FRAGMENTS[os]).map(([name, fragment]) => [
        name,
        fillTemplate(TEMPLATE_DIR, fragment, placeholders),
      ]),
    );
  const render = (helper: ClientHelper, os: OsFamily): HelperFile => {
    const content = fillTemplate(TEMPLATE_DIR, helperTemplate(helper, os), { ...placeholders, ...fragments(os) });
    return { name: helperFileName(helper, os), content, sha256: sha256Hex(content), mode: "0755" };
  };
  const helpers = [
    CLIENT_HELPERS.credentialExport,
    ...(values.machine ? [CLIENT_HELPERS.credentialExportHeadless] : []),
  ];
  return {
    posix: helpers.map((helper) => render(helper, "posix")),
    windows: helpers.map((helper) => render(helper, "windows")),
  };
}

// Every value lands inside single quotes in sh and PowerShell; these shapes can never close them.
const SHAPES: Record<string, RegExp> = {
  ENVIRONMENT: /^[a-z0-9][a-z0-9-]{0,40}$/,
  PROFILE: /^[a-z][a-z0-9-]{0,30}$/,
  TENANT_ID: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  APP_URI: /^api:\/\/[0-9a-f-]{36}\/[a-z0-9-]+$/,
  ROLE_ARN: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
  REGION: /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
  SESSION_SECONDS: /^\d{3,5}$/,
  SECRET_ID: /^[A-Za-z0-9/_+=.@-]+$/,
  VAULT_REGION: /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
};

function checkedPlaceholders(values: HelperValues): Record<string, string> {
  const placeholders: Record<string, string> = {
    ENVIRONMENT: values.environment,
    PROFILE: values.profile,
    TENANT_ID: values.tenantId,
    APP_URI: values.appUri,
    ROLE_ARN: values.roleArn,
    REGION: values.region,
    SESSION_SECONDS: String(values.sessionSeconds),
    ...(values.machine && { SECRET_ID: values.machine.secretId, VAULT_REGION: values.machine.vaultRegion }),
  };
  for (const [key, value] of Object.entries(placeholders)) {
    if (!SHAPES[key].test(value))
      throw new Error(
        `renderHelpers(profile "${values.profile}"): ${key.toLowerCase()} "${value}" is not a valid value to bake into a helper`,
      );
  }
  return placeholders;
}

const TEMPLATE_DIR = path.join(__dirname, "helpers");

// What the helpers of one OS family share, rendered once into each at its "# @@NAME@@" line: the
// baked values, the token functions and the STS exchange (whose messages read $token_kind and
// $relogin_hint, set by each helper).
const FRAGMENTS: Record<OsFamily, Record<string, string>> = {
  posix: { HELPER_VALUES: "helper-values.sh", STS_EXCHANGE: "sts-exchange.sh" },
  windows: {
    HELPER_VALUES: "helper-values.ps1",
    TOKEN_FUNCTIONS: "token-functions.ps1",
    STS_EXCHANGE: "sts-exchange.ps1",
  },
};
