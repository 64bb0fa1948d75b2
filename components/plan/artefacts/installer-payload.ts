import type { PayloadFile } from "./payload-files";

// The installers embed each file as base64: exact bytes whatever the content (no trailing-newline
// or here-document delimiter rules), and the scripts stay pure ASCII, which Windows PowerShell 5.1
// needs to read a BOM-less script correctly.

const ORDER_NOTE = "in install order: helpers, documents, managed-settings.json last";
const HELPERS_NOTE =
  "Of those, the helper programs the settings name: they go into the helper folder, the rest into the managed folder.";
const ABSENT_NOTE = "Files the client reads that this profile does not ship: installing removes them.";
// Contains "_", which base64 never does, so no payload line can end the here-document.
const HEREDOC_END = "CLAUDE_CODE_PAYLOAD";

/** The POSIX sh block that replaces "# @@PAYLOAD@@": file lists, hashes, modes (and contents). */
export function renderShellPayload(
  files: readonly PayloadFile[],
  absent: readonly string[],
  withContent: boolean,
): string {
  const cases = (fn: string, before: string[], body: (file: PayloadFile) => string[]) => [
    `${fn}() {`,
    ...before,
    "  case $1 in",
    ...files.flatMap(body),
    "  esac",
    "}",
    "",
  ];
  const lines = [
    `# Embedded files (generated), ${ORDER_NOTE}.`,
    `payload_files='${files.map((file) => file.name).join(" ")}'`,
    `# ${HELPERS_NOTE}`,
    `helper_files='${files
      .filter((file) => file.target === "helpers")
      .map((file) => file.name)
      .join(" ")}'`,
    `# ${ABSENT_NOTE}`,
    `absent_files='${absent.join(" ")}'`,
    "",
    "# Sets $expected_sha256 and $expected_mode to those of file $1 (no subshell: forks are slow).",
    ...cases("payload_facts", ["  expected_sha256=''", "  expected_mode=''"], (file) => [
      `    ${file.name}) expected_sha256='${file.sha256}'; expected_mode=${file.mode} ;;`,
    ]),
  ];
  if (withContent) {
    lines.push(
      "# Writes the bytes of file $1 to standard output ($decode_flag: the platform's base64 option).",
      ...cases("decode_payload", [], (file) => [
        `    ${file.name})`,
        `      base64 "$decode_flag" <<'${HEREDOC_END}'`,
        ...wrap(toBase64(file.content), 76),
        HEREDOC_END,
        "      ;;",
      ]),
    );
  }
  return lines.join("\n");
}

/** The PowerShell block that replaces "# @@PAYLOAD@@": $PayloadFiles (Target "managed" or "helpers") and $AbsentFiles. */
export function renderPowerShellPayload(
  files: readonly PayloadFile[],
  absent: readonly string[],
  withContent: boolean,
): string {
  const entry = (file: PayloadFile) => {
    const content = withContent ? `; Base64 = '${toBase64(file.content)}'` : "";
    return `    [pscustomobject]@{ Name = '${file.name}'; Target = '${file.target}'; Sha256 = '${file.sha256}'${content} }`;
  };
  return [
    `# Embedded files (generated), ${ORDER_NOTE}.`,
    "$PayloadFiles = @(",
    ...files.map(entry),
    ")",
    `# ${ABSENT_NOTE}`,
    `$AbsentFiles = @(${absent.map((name) => `'${name}'`).join(", ")})`,
    "",
  ].join("\n");
}

function toBase64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (let start = 0; start < text.length; start += width) lines.push(text.slice(start, start + width));
  return lines;
}
