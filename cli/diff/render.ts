// Renders a report as a pull-request comment (markdown) or as a stable JSON document.
import { Change, DiffReport, RISK_LEVELS } from "./model";
import { changeParts } from "./text";
import { canonicalJson } from "./values";

const NO_CHANGE = "no effective change";

/** Hash prefix length shown for re-published settings: enough to tell versions apart in a review. */
const SHORT_HASH = 12;

export function renderMarkdown(report: DiffReport): string {
  const notes = report.notes.map((note) => `> **note:** ${note}`);
  if (report.changes.length === 0) return [NO_CHANGE, ...(notes.length > 0 ? ["", ...notes] : [])].join("\n") + "\n";
  const { summary } = report;
  const counts = RISK_LEVELS.map((risk) => `${risk} ${summary[risk]}`).join(" · ");
  const lines = [
    `## Claude Code permission diff: ${report.stack}`,
    "",
    `**${summary.total} ${summary.total === 1 ? "change" : "changes"}, ${summary.widening} widening** — ${counts}`,
    "",
    "| # | risk | flag | change | profiles | groups |",
    "| --- | --- | --- | --- | --- | --- |",
    ...report.changes.map((change, index) => row(index + 1, change)),
  ];
  if (report.republished.length > 0) {
    const items = report.republished.map(({ profile, before, after }) => `\`${profile}\` ${code(before.slice(0, SHORT_HASH))} → ${code(after.slice(0, SHORT_HASH))}`);
    lines.push("", `Re-published settings (sha256): ${items.join(", ")}`);
  }
  if (notes.length > 0) lines.push("", ...notes);
  return lines.join("\n") + "\n";
}

/** The report as JSON with sorted keys at every level, 2-space indent, LF, trailing newline. */
export function renderJson(report: DiffReport): string {
  return JSON.stringify(JSON.parse(canonicalJson(report)), null, 2) + "\n";
}

function row(number: number, change: Change): string {
  const { title, subject, values } = changeParts(change);
  let text = subject ? `${cell(title)}: ${code(subject)}` : cell(title);
  if (values) text += ` — ${code(values[0])} → ${code(values[1])}`;
  const details = change.details.map((detail) => `<br>• ${cell(detail)}`).join("");
  const flag = change.effect === "widening" ? "**widening**" : change.effect === "tightening" ? "tightening" : "—";
  const list = (items: string[]) => (items.length > 0 ? cell(items.join(", ")) : "—");
  return `| ${number} | ${change.risk} | ${flag} | ${text}${details} | ${list(change.profiles)} | ${list(change.groups)} |`;
}

/** Table-cell text: markdown punctuation and pipes escaped, HTML neutralised, newlines flattened. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]~|]/g, (char) => `\\${char}`).replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");
}

/** Inline code that survives backticks and pipes inside the text. */
function code(text: string): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const fence = flat.includes("`") ? "``" : "`";
  const pad = fence === "``" ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
