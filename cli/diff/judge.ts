// What devices gain or lose when they switch documents: a group moved to another profile, or a ring
// taking another release. Judged by the semantic settings diff of the one they ran against the one they will run.
import { Change, maxRisk, riskRank } from "./model";
import { diffProfileSettings, ProfileView } from "./settings";
import { changeText } from "./text";
import { compareText } from "./values";

/** Most lines a switch lists of what its devices gain or lose; the rest are counted. */
const MAX_SWITCH_DETAILS = 8;

/** Risk and effect of the riskiest difference (a pure tightening is low, no difference info), with detail lines. */
export function judgeSwitch(before: ProfileView, after: ProfileView): Pick<Change, "risk" | "effect" | "details"> {
  const differences = diffProfileSettings(before, after).sort(
    (a, b) => riskRank(a.risk) - riskRank(b.risk) || compareText(changeText(a), changeText(b)),
  );
  const widening = differences.filter((change) => change.effect === "widening");
  const tightening = differences.filter((change) => change.effect === "tightening");
  const lines = [
    ...widening.map((change) => `wider: ${changeText(change)}`),
    ...tightening.map((change) => `narrower: ${changeText(change)}`),
  ];
  const details =
    lines.length > MAX_SWITCH_DETAILS
      ? [...lines.slice(0, MAX_SWITCH_DETAILS), `… and ${lines.length - MAX_SWITCH_DETAILS} more`]
      : lines;
  const risk =
    widening.length > 0
      ? widening.map((change) => change.risk).reduce(maxRisk)
      : tightening.length > 0
        ? "low"
        : "info";
  return {
    risk,
    effect: widening.length > 0 ? "widening" : tightening.length > 0 ? "tightening" : "neutral",
    details,
  };
}
