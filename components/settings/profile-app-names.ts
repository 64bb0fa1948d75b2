// Names of a profile's Entra app, known from config alone: the compiled settings name its URI (the
// telemetry headers helper asks a token for it) and the credentials create the app under them.

/** Entra display name (and IAM role name) of a profile's app: `claude-code-<env>-<profile>`. */
export function profileAppName(environment: string, profile: string): string {
  return `claude-code-${environment}-${profile}`;
}

/**
 * The app's identifier URI. Entra's default app-management policy blocks `api://<string>` URIs
 * that carry no tenant identifier; `api://<tenantId>/<name>` is one of the documented secure
 * forms, is known before the app exists (unlike `api://<appId>`) and stays readable.
 */
export function profileAppUri(tenantId: string, environment: string, profile: string): string {
  return `api://${tenantId.toLowerCase()}/${profileAppName(environment, profile)}`;
}
