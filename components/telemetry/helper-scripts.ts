import { readFileSync } from "fs";
import * as path from "path";
import { CLIENT_HELPERS, helperFileName, helperTemplate, OS_FAMILIES, OsFamily } from "../settings";

/**
 * The otelHeadersHelper scripts as shipped, per OS family: `otel-headers` (macOS, Linux; mode 0755)
 * and `otel-headers.ps1` (Windows). The distribution installs them into the managed helper folder.
 */
export function otelHeadersHelperScripts(): Record<OsFamily, { readonly name: string; readonly content: string }> {
  const helper = CLIENT_HELPERS.otelHeaders;
  return Object.fromEntries(
    OS_FAMILIES.map((os) => [
      os,
      {
        name: helperFileName(helper, os),
        content: readFileSync(path.join(__dirname, "helpers", helperTemplate(helper, os)), "utf8"),
      },
    ]),
  ) as Record<OsFamily, { name: string; content: string }>;
}
