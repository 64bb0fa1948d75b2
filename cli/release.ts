// `npm run release -- <stack> --ring <name> [--profile P]`: records the current compile as what a ring
// runs, in stacks/Pulumi.<stack>.release.json. Committing that file is the promotion; its diff is the review.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { ConfigError, programClock, RolloutConfig } from "../components/config";
import { planRings } from "../components/plan/rings";
import {
  parseReleaseFile,
  ReleaseFile,
  recordRing,
  releaseFileName,
  ReleaseSource,
  renderReleaseFile,
} from "../components/plan/release-file";
import { readReleaseSource } from "../components/plan/release-source";
import { CompiledRollout, compileRollout, PINNED_CLIENT_VERSION } from "../components/settings";
import { readStack, StackFile } from "./stack";
import { loadStackConfig, planStack } from "./synth/run";

const USAGE =
  "usage: npm run release -- <stack name | path to Pulumi.<stack>.yaml> --ring <name> [--profile <name>] [--skip-earlier-rings]";

/** Where the command writes: normal output and refusals. */
export interface ReleaseOutput {
  out(line: string): void;
  err(line: string): void;
}

interface ReleaseArgs {
  readonly stack: string;
  readonly ring: string;
  readonly profile: string | undefined;
  /** Lets a ring take a release the ring before it does not run (an urgent fix for everyone at once). */
  readonly skipEarlierRings: boolean;
}

/** Runs the command; returns the exit code (0 recorded or unchanged, 1 refused, 2 usage). */
export function release(argv: string[], io: ReleaseOutput): number {
  const args = releaseArgs(argv);
  if ("error" in args) {
    io.err(args.error ? `${args.error}\n${USAGE}` : USAGE);
    return 2;
  }
  const stack = readStack(args.stack);
  const config = loadStackConfig(stack);
  const rings = config.rollout?.rings.map((r) => r.name) ?? [];
  if (!rings.length) {
    io.err(
      `${stack.file}: the stack has no rollout.rings — every device runs the current compile, so there is nothing to release; add rollout.rings to release in stages`,
    );
    return 1;
  }
  if (!rings.includes(args.ring)) {
    io.err(`${stack.file}: no ring "${args.ring}" — the stack's rings are ${rings.join(", ")}`);
    return 1;
  }
  const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
  const names = rollout.profiles.map((p) => p.name);
  if (args.profile !== undefined && !names.includes(args.profile)) {
    io.err(`${stack.file}: no profile "${args.profile}" — the stack's profiles are ${names.join(", ")}`);
    return 1;
  }
  const folder = path.dirname(stack.file);
  const file = path.join(folder, releaseFileName(stack.stack));
  const source = readReleaseSource(folder, stack.stack);
  const existing = source && parseReleaseFile(source, stack.stack);
  if (existing && !existing.release) {
    io.err(`${file}: refusing to build on a release file that does not check out:`);
    for (const problem of existing.problems) io.err(`  - ${problem.path}: ${problem.message}`);
    return 1;
  }
  const previous = existing?.release;
  const profiles = rollout.profiles.filter((p) => args.profile === undefined || p.name === args.profile);
  const earlier = rings[rings.indexOf(args.ring) - 1];
  const unsoaked = earlier === undefined || args.skipEarlierRings ? [] : notRunBy(earlier, previous, profiles);
  if (unsoaked.length) {
    io.err(
      `${stack.stack}: refusing to release ring ${args.ring}: the ring before it, ${earlier}, does not run what it would get —`,
    );
    for (const line of unsoaked) io.err(`  - ${line}`);
    io.err(
      `  release it to ${earlier} first and promote on its evidence (npm run rollout-status -- ${stack.stack}); for an urgent fix that must reach every ring now, pass --skip-earlier-rings`,
    );
    return 1;
  }
  const before = previous?.rings.get(args.ring);
  const releasedAt = programClock(process.env.SOURCE_DATE_EPOCH, new Date()).toISOString().slice(0, 10);
  let next = recordRing(previous, args.ring, { releasedAt, profiles, replace: args.profile === undefined }, rings);
  const after = next.rings.get(args.ring)!;
  // The soak clock runs from the day a ring's release changed: recording the same release again keeps it.
  const unchanged = before !== undefined && samePins(before.profiles, after.profiles);
  if (unchanged)
    next = recordRing(previous, args.ring, { releasedAt: before.releasedAt, profiles: [], replace: false }, rings);
  const text = renderReleaseFile(next);
  // What was just rendered must read back clean: a failure here is a bug in this command, not in the stack.
  const reread = parseReleaseFile({ file, text }, stack.stack);
  if (!reread.release) throw new Error(`release: the rendered file does not check out: ${reread.problems[0]?.message}`);
  const refused = planProblems(stack, args.ring, { file, text });
  if (refused.length) {
    io.err(`${stack.stack}: refusing to record ring ${args.ring}: the stack would not plan with it —`);
    for (const problem of refused) io.err(`  - ${problem}`);
    return 1;
  }
  if (source?.text !== text) {
    const refusal = writeReleaseFile(file, text, source?.text);
    if (refusal) {
      io.err(`${file}: ${refusal}`);
      return 1;
    }
  }

  io.out(
    unchanged
      ? `${stack.stack}: ring ${args.ring} already runs this release (since ${before.releasedAt})`
      : `${stack.stack}: ring ${args.ring} released ${releasedAt} → ${path.relative(process.cwd(), file) || file}`,
  );
  for (const line of pinChanges(before?.profiles, after.profiles)) io.out(`  ${line}`);
  for (const line of stillToDo(config, rollout, { file, text })) io.out(`  still to do: ${line}`);
  return 0;
}

function releaseArgs(argv: string[]): ReleaseArgs | { error: string } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ring: { type: "string" }, profile: { type: "string" }, "skip-earlier-rings": { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) return { error: "" };
    if (values.ring === undefined) return { error: "--ring is required" };
    return {
      stack: positionals[0],
      ring: values.ring,
      profile: values.profile,
      skipEarlierRings: values["skip-earlier-rings"] === true,
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Pilot first: per profile to release, `profile: <hash>` when the ring before does not run that compile.
 * A ring takes only what the ring before it has run (and soaked), unless the operator says otherwise.
 */
function notRunBy(
  earlier: string,
  file: ReleaseFile | undefined,
  profiles: readonly { readonly name: string; readonly policyHash: string }[],
): string[] {
  const pins = file?.rings.get(earlier)?.profiles;
  return profiles
    .filter((p) => pins?.get(p.name) !== p.policyHash)
    .map(
      (p) =>
        `${p.name} ${p.policyHash.slice(0, 12)}: ${earlier} runs ${pins?.get(p.name)?.slice(0, 12) ?? "no release of it"}`,
    );
}

function samePins(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([profile, hash]) => b.get(profile) === hash);
}

/** Per profile, `old → new` policy hash (12 digits, as synth prints them), in profile order. */
function pinChanges(before: ReadonlyMap<string, string> | undefined, after: ReadonlyMap<string, string>): string[] {
  const short = (hash: string | undefined) => (hash === undefined ? "(none)" : hash.slice(0, 12));
  const profiles = [...new Set([...(before?.keys() ?? []), ...after.keys()])].sort();
  return profiles.map((profile) => {
    const [from, to] = [before?.get(profile), after.get(profile)];
    const change =
      from === to ? `${short(to)} (unchanged)` : `${short(from)} → ${to === undefined ? "(dropped)" : short(to)}`;
    return `${profile.padEnd(20)} ${change}`;
  });
}

/**
 * What the whole plan refuses with the new release file, other than other rings' releases still to
 * record (those come one ring at a time): a release synth could not publish is not written.
 */
function planProblems(stack: StackFile, ring: string, release: ReleaseSource): string[] {
  try {
    planStack(stack, undefined, release);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const label = releaseFileName(stack.stack);
    const thisRing = (path: string) =>
      path === `${label}: rings.${ring}` || path.startsWith(`${label}: rings.${ring}.`);
    const otherRing = (path: string) => path.startsWith(`${label}: rings.`) && !thisRing(path);
    return error.problems.filter((p) => !otherRing(p.path)).map((p) => `${p.path}: ${p.message}`);
  }
}

/** What the plan still refuses or warns about after this release: rings that have none yet, profiles not released. */
function stillToDo(config: RolloutConfig, rollout: CompiledRollout, source: ReleaseSource): string[] {
  const planned = planRings({ config, rollout, release: source });
  return [...planned.problems.map((p) => `${p.path}: ${p.message}`), ...(planned.slice?.warnings ?? [])];
}

/**
 * The file replaced in one step: a temp file in the same folder, renamed over it, so a reader sees the
 * old file or the new one, never half (a symbolic link in its place is replaced, never written through).
 * 0644 whatever the umask: the file is committed and read by CI. Compare-and-swap: when the file no
 * longer holds what this run read (`expected`, undefined for no file), another release ran meanwhile
 * and its ring would be lost, so nothing is written. Returns why nothing was written, or undefined.
 */
export function writeReleaseFile(file: string, text: string, expected: string | undefined): string | undefined {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let created = false;
  try {
    fs.writeFileSync(temp, text, { mode: 0o644, flag: "wx" });
    created = true;
    fs.chmodSync(temp, 0o644);
    if (currentText(file) !== expected) {
      fs.rmSync(temp);
      return "changed while this release ran (another npm run release?) — nothing written; run the command again on the file as it is now";
    }
    fs.renameSync(temp, file);
    return undefined;
  } catch (error) {
    const { code, path: where = file } = error as NodeJS.ErrnoException;
    // Never a temp name that was already taken (someone else's); a half-written one of this run, always.
    if (created || (code !== undefined && code !== "EEXIST")) fs.rmSync(temp, { force: true });
    if (code === undefined) throw error;
    return `cannot be written (${code} on ${where}) — nothing written; the stack file's folder must be writable by this user and hold no ${path.basename(temp)}`;
  }
}

/** The file's text as of now, undefined when there is none, false when it is no regular file (a link, a folder). */
function currentText(file: string): string | undefined | false {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return undefined;
  return stat.isFile() && fs.readFileSync(file, "utf8");
}

if (require.main === module) {
  try {
    process.exitCode = release(process.argv.slice(2), {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
  } catch (error) {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
