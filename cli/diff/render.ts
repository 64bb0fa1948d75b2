// Renders a report as a pull-request comment (markdown) or as a stable JSON document.
import { markdownCellCode, markdownCode, markdownText } from "../../components/settings/markdown";
import { Change, DiffReport, RISK_LEVELS } from "./model";
import { changeParts } from "./text";
import { canonicalJson, shortHash } from "./values";

const NO_CHANGE = "no effective change";

export function renderMarkdown(report: DiffReport): string {
  const notes = report.notes.map((note) => `> **note:** ${markdownText(note)}`);
  if (report.changes.length === 0) return [NO_CHANGE, ...(notes.length > 0 ? ["", ...notes] : [])].join("\n") + "\n";
  const { summary } = report;
  const counts = RISK_LEVELS.map((risk) => `${risk} ${summary[risk]}`).join(" · ");
  const lines = [
    `## Claude Code permission diff: ${markdownText(report.stack)}`,
    "",
    `**${summary.total} ${summary.total === 1 ? "change" : "changes"}, ${summary.widening} widening** — ${counts}`,
    "",
    "| # | risk | flag | change | profiles | groups |",
    "| --- | --- | --- | --- | --- | --- |",
    ...report.changes.map((change, index) => row(index + 1, change)),
  ];
  if (report.republished.length > 0) {
    const items = report.republished.map(
      ({ profile, before, after }) =>
        `${markdownCode(profile)} ${markdownCode(shortHash(before))} → ${markdownCode(shortHash(after))}`,
    );
    lines.push("", `Re-published settings (sha256): ${items.join(", ")}`);
  }
  if (notes.length > 0) lines.push("", ...notes);
  return lines.join("\n") + "\n";
}

/** The report as JSON with sorted keys at every level, 2-space indent, LF, trailing newline. */
export function renderJson(report: DiffReport): string {
  return JSON.stringify(JSON.parse(canonicalJson(report)), null, 2) + "\n";
}

/** One table row; every value escaped for its cell, so nothing a stack holds can end the row or the table. */
function row(number: number, change: Change): string {
  const { title, subject, values } = changeParts(change);
  let text = subject ? `${markdownText(title)}: ${markdownCellCode(subject)}` : markdownText(title);
  if (values) text += ` — ${markdownCellCode(values[0])} → ${markdownCellCode(values[1])}`;
  const details = change.details.map((detail) => `<br>• ${markdownText(detail)}`).join("");
  const flag = change.effect === "widening" ? "**widening**" : change.effect === "tightening" ? "tightening" : "—";
  const list = (items: string[]) => (items.length > 0 ? markdownText(items.join(", ")) : "—");
  return `| ${number} | ${markdownText(change.risk)} | ${flag} | ${text}${details} | ${list(change.profiles)} | ${list(change.groups)} |`;
}
