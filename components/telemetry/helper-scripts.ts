import { readFileSync } from "fs";
import * as path from "path";
import { OTEL_HEADERS_HELPER } from "../settings/telemetry";

/**
 * The otelHeadersHelper scripts as shipped: `otel-headers` (macOS, Linux; mode 0755) and
 * `otel-headers.ps1` (Windows). The distribution installs them into the managed helper folder.
 */
export function otelHeadersHelperScripts(): {
  readonly posix: { name: string; content: string };
  readonly windows: { name: string; content: string };
} {
  const read = (file: string) => readFileSync(path.join(__dirname, "helpers", file), "utf8");
  return {
    posix: { name: OTEL_HEADERS_HELPER, content: read(`${OTEL_HEADERS_HELPER}.sh`) },
    windows: { name: `${OTEL_HEADERS_HELPER}.ps1`, content: read(`${OTEL_HEADERS_HELPER}.ps1`) },
  };
}
