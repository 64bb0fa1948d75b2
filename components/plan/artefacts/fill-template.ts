import { readFileSync } from "fs";
import * as path from "path";

const PLACEHOLDER = /@@([A-Z_]+)@@/g;

/**
 * A template file with its @@NAME@@ placeholders filled; the one include mechanism of the shipped
 * scripts (installers, detectors, credential helpers). A placeholder on a comment line of its own
 * ("# @@PAYLOAD@@") replaces the whole line, so templates stay valid scripts and a shared fragment
 * is rendered once into each script that ships it; inline ones are replaced in place. Same files and
 * values, same text. Throws on a placeholder without a value (a programming error).
 */
export function fillTemplate(dir: string, template: string, values: Readonly<Record<string, string>>): string {
  const text = readFileSync(path.join(dir, template), "utf8");
  const lookup = (name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template ${template}: unknown placeholder @@${name}@@`);
    return value;
  };
  return text
    .replace(/^# @@([A-Z_]+)@@\n/gm, (_line, name: string) => lookup(name))
    .replace(PLACEHOLDER, (_match, name: string) => lookup(name));
}
