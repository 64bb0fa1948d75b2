import type { HelperFile } from "../credentials/helpers";
import { CompiledProfile, OsFamily, sha256Hex } from "../settings";
import type { PayloadFile } from "./artefacts";

/**
 * The files one profile installs on one OS family — the single list the installers, the detection
 * scripts and the published objects are built from. Client helper scripts the settings name
 * (aws-credential-export, otel-headers) belong here too, with target "helpers" and mode "0755".
 */
export function payloadFiles(profile: CompiledProfile, os: OsFamily, helpers: readonly HelperFile[]): PayloadFile[] {
  const settings = os === "posix" ? profile : profile.windows;
  return [
    ...helpers.map((helper): PayloadFile => ({ ...helper, target: "helpers" })),
    document("managed-settings.json", settings.settingsJson),
    ...(profile.mcp ? [document("managed-mcp.json", profile.mcp.json)] : []),
  ];
}

function document(name: string, content: string): PayloadFile {
  return { name, content, sha256: sha256Hex(content), mode: "0644", target: "managed" };
}
