// One-line plain-text description of a change, shared by move details and the renderers.
import { SettingChange } from "./model";
import { describeValue } from "./values";

/** Longest value shown inline, in characters; longer values (hook blocks, big lists) are cut with an ellipsis. */
const MAX_VALUE_LENGTH = 120;

export interface ChangeParts {
  title: string;
  subject: string;
  /** [before, after] as text, present only for value changes. */
  values?: [string, string];
}

export function changeParts(change: SettingChange): ChangeParts {
  const parts: ChangeParts = { title: change.title, subject: change.subject };
  if ("before" in change || "after" in change)
    parts.values = [shorten(describeValue(change.before)), shorten(describeValue(change.after))];
  return parts;
}

/** `deny rule removed: Bash(curl *)`, `lock weakened: allowManagedHooksOnly (true → unset)`. */
export function changeText(change: SettingChange): string {
  const { title, subject, values } = changeParts(change);
  return `${title}: ${subject}${values ? ` (${values[0]} → ${values[1]})` : ""}`;
}

/** Cut by code point, so an emoji or other character above U+FFFF is never split in half. */
function shorten(text: string): string {
  const characters = Array.from(text);
  return characters.length > MAX_VALUE_LENGTH ? `${characters.slice(0, MAX_VALUE_LENGTH - 1).join("")}…` : text;
}
