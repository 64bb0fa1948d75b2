// The report as markdown (a terminal, a PR comment or a job summary) and as JSON for automation.
// Every value that came from a device or the stack file is escaped: group names, hashes and error
// types are text, never markup.
import { markdownCellCode, markdownCode, markdownText } from "../../components/settings/markdown";
import { AutomationDevices, FleetReport, ProfileStatus, RingStatus } from "./report";

export function renderJson(report: FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderMarkdown(report: FleetReport): string {
  const { minDevices, maxRefused, maxDrift } = report.thresholds;
  const lines = [
    `# Fleet conformance: ${markdownText(report.stack)}`,
    "",
    `${report.devices} ${report.devices === 1 ? "device" : "devices"} reporting, as of ${report.now}. ` +
      `Thresholds: minDevices ${minDevices}, maxRefused ${maxRefused}, maxDrift ${maxDrift}.`,
    "",
    "| ring | profile | release | devices | current | older | unknown | refused | silent groups |",
    "|---|---|---|---:|---:|---:|---:|---:|---|",
    ...report.rings.flatMap((ring) => ring.profiles.map((profile) => row(ring, profile))),
  ];
  for (const [index, ring] of report.rings.entries()) {
    const last = index === report.rings.length - 1 ? " (last ring)" : "";
    lines.push("", `## ${markdownText(ring.name)}${last}: ${ring.verdict}`, "");
    lines.push(`- soak: ${soak(ring)}`);
    if (ring.unchangedProfiles.length)
      lines.push(`- unchanged in the next ring: ${ring.unchangedProfiles.map(markdownText).join(", ")}`);
    for (const reason of ring.reasons) lines.push(`- hold: ${markdownText(reason)}`);
    for (const profile of ring.profiles) lines.push(...details(profile));
  }
  if (report.automation.length) {
    lines.push("", "## Automation devices (machine clients, in no ring)", "");
    for (const entry of report.automation) lines.push(automationLine(entry));
  }
  if (report.unplaced.length) {
    lines.push("", "## Devices in no ring", "");
    for (const entry of report.unplaced)
      lines.push(`- ${entry.devices} (${markdownText(entry.profile ?? "no profile")}): ${markdownText(entry.reason)}`);
  }
  const skipped = Object.entries(report.skipped);
  if (skipped.length) {
    lines.push("", "## Records skipped", "");
    for (const [reason, count] of skipped) lines.push(`- ${count}: ${markdownText(reason)}`);
  }
  return `${lines.join("\n")}\n`;
}

function row(ring: RingStatus, p: ProfileStatus): string {
  const release = p.release ? markdownCellCode(p.release.policyHash.slice(0, 12)) : "none";
  const silent = p.silentGroups.map(markdownText).join(", ");
  return `| ${markdownText(ring.name)} | ${markdownText(p.profile)} | ${release} | ${p.devices} | ${p.current} | ${total(p.older)} | ${total(p.unknown)} | ${total(p.refused)} | ${silent} |`;
}

function details(p: ProfileStatus): string[] {
  const lines: string[] = [];
  const list = (record: Readonly<Record<string, number>>, show: (key: string) => string) =>
    Object.entries(record)
      .map(([key, count]) => `${show(key)} ${count}`)
      .join(", ");
  const name = markdownText(p.profile);
  if (Object.keys(p.older).length)
    lines.push(`- ${name} older releases: ${list(p.older, (h) => markdownCode(h.slice(0, 12)))}`);
  if (Object.keys(p.unknown).length) lines.push(`- ${name} unknown hashes: ${list(p.unknown, markdownCode)}`);
  if (Object.keys(p.refused).length) lines.push(`- ${name} refused: ${list(p.refused, markdownCode)}`);
  return lines;
}

function automationLine(entry: AutomationDevices): string {
  const parts = [
    ...Object.entries(entry.releases).map(([hash, n]) => `${markdownCode(hash.slice(0, 12))} ${n}`),
    ...Object.entries(entry.unknown).map(([hash, n]) => `unknown ${markdownCode(hash)} ${n}`),
    ...Object.entries(entry.refused).map(([type, n]) => `refused ${markdownCode(type)} ${n}`),
  ];
  return `- ${markdownText(entry.profile)}: ${entry.devices} ${entry.devices === 1 ? "device" : "devices"} (${parts.join(", ")})`;
}

function soak(ring: RingStatus): string {
  if (ring.releasedAt === null) return `${ring.soakDays} days required, no release date`;
  return `${ring.soakedDays} of ${ring.soakDays} days since ${ring.releasedAt}`;
}

function total(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((sum, n) => sum + n, 0);
}
