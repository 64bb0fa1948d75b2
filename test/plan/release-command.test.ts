import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { release, writeReleaseFile } from "../../cli/release";
import { ConfigError } from "../../components/config";
import { parseReleaseFile } from "../../components/plan/release-file";

// `npm run release -- <stack> --ring <name>` on a copy of the prod stack file in a temp folder: what it
// writes (and how), what it prints, and what it refuses.

const ROOT = path.resolve(__dirname, "..", "..");
const PROD = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
const DAY_1 = String(Date.UTC(2026, 2, 1) / 1000);
const DAY_2 = String(Date.UTC(2026, 2, 5) / 1000);
const PLATFORM_ANCHOR = "      priority: 40\n";

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

describe("cli: npm run release", function () {
  this.timeout(120_000);
  let dir: string;
  let stackFile: string;
  let releaseFile: string;
  const epoch = process.env.SOURCE_DATE_EPOCH;

  const run = (args: string[], day = DAY_1): Run => {
    process.env.SOURCE_DATE_EPOCH = day;
    const out: string[] = [];
    const err: string[] = [];
    const code = release([stackFile, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };
  const pins = (): Record<string, Record<string, string>> => {
    const parsed = parseReleaseFile({ file: releaseFile, text: fs.readFileSync(releaseFile, "utf8") }, "prod");
    assert.deepStrictEqual(parsed.problems, []);
    return Object.fromEntries(
      [...parsed.release!.rings].map(([ring, entry]) => [
        ring,
        { ...Object.fromEntries(entry.profiles), at: entry.releasedAt },
      ]),
    );
  };
  const short = (hash: string) => hash.slice(0, 12);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "release-"));
    stackFile = path.join(dir, "Pulumi.prod.yaml");
    releaseFile = path.join(dir, "Pulumi.prod.release.json");
    fs.writeFileSync(stackFile, PROD);
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = epoch;
  });

  it("records the current compile for the ring: 0644 whatever the umask, written in one step, the next step printed", () => {
    const umask = process.umask(0o077);
    let first: Run;
    try {
      first = run(["--ring", "pilot"]);
    } finally {
      process.umask(umask);
    }
    assert.strictEqual(first.code, 0, first.err.join("\n"));
    assert.strictEqual(fs.statSync(releaseFile).mode & 0o777, 0o644);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["Pulumi.prod.release.json", "Pulumi.prod.yaml"]);
    const pinned = pins();
    assert.deepStrictEqual(Object.keys(pinned), ["pilot"]);
    assert.strictEqual(pinned.pilot.at, "2026-03-01");
    assert.deepStrictEqual(first.out.slice(1), [
      ...["contractor", "developer", "platform", "security-reviewer"].map(
        (p) => `  ${p.padEnd(20)} (none) → ${short(pinned.pilot[p])}`,
      ),
      '  still to do: Pulumi.prod.release.json: rings.broad: ring "broad" has no release — record what it runs: `npm run release -- prod --ring broad`',
    ]);
    assert.match(first.out[0], /^prod: ring pilot released 2026-03-01 → .*Pulumi\.prod\.release\.json$/);
  });

  it("the test's edits change the stack file", () => {
    assert.ok(PROD.includes(`    platform:\n${PLATFORM_ANCHOR}`) && PROD.includes("    cleanupPeriodDays: 30\n"));
  });

  it("Done when: a changed profile moves only the released ring; releasing the same again keeps the day and the bytes", () => {
    assert.strictEqual(run(["--ring", "pilot"]).code, 0);
    assert.strictEqual(run(["--ring", "broad"]).code, 0);
    const before = pins();
    fs.writeFileSync(stackFile, PROD.replace(PLATFORM_ANCHOR, `      announcements: [Ring test]\n${PLATFORM_ANCHOR}`));

    const piloted = run(["--ring", "pilot"], DAY_2);
    assert.strictEqual(piloted.code, 0, piloted.err.join("\n"));
    const after = pins();
    assert.notStrictEqual(after.pilot.platform, before.pilot.platform);
    assert.deepStrictEqual(after.broad, before.broad, "broad still runs the old release");
    assert.deepStrictEqual({ ...after.pilot, platform: before.pilot.platform, at: "2026-03-01" }, before.pilot);
    assert.strictEqual(after.pilot.at, "2026-03-05");
    assert.ok(
      piloted.out.includes(
        `  ${"platform".padEnd(20)} ${short(before.pilot.platform)} → ${short(after.pilot.platform)}`,
      ),
    );
    assert.ok(piloted.out.includes(`  ${"developer".padEnd(20)} ${short(before.pilot.developer)} (unchanged)`));
    const text = fs.readFileSync(releaseFile, "utf8");
    assert.ok(text.includes(before.pilot.platform) && text.includes(after.pilot.platform), "both releases are kept");

    const again = run(["--ring", "pilot"], String(Number(DAY_2) + 86_400 * 3));
    assert.strictEqual(again.code, 0);
    assert.strictEqual(again.out[0], "prod: ring pilot already runs this release (since 2026-03-05)");
    assert.strictEqual(fs.readFileSync(releaseFile, "utf8"), text, "the soak clock keeps running");

    // Promotion: broad takes it; the old platform release is no ring's any more and is dropped.
    assert.strictEqual(run(["--ring", "broad"], DAY_2).code, 0);
    const promoted = fs.readFileSync(releaseFile, "utf8");
    assert.ok(!promoted.includes(before.pilot.platform) && promoted.includes(after.pilot.platform));
  });

  it("pilot first: a ring takes only what the ring before it runs, unless --skip-earlier-rings; nothing is written on refusal", () => {
    const first = run(["--ring", "broad"]);
    assert.strictEqual(first.code, 1);
    assert.ok(!fs.existsSync(releaseFile), "a refused release writes nothing");
    assert.strictEqual(run(["--ring", "pilot"]).code, 0);
    assert.strictEqual(run(["--ring", "broad"]).code, 0);
    const before = pins();
    const text = fs.readFileSync(releaseFile, "utf8");
    fs.writeFileSync(stackFile, PROD.replace(PLATFORM_ANCHOR, `      announcements: [Ring test]\n${PLATFORM_ANCHOR}`));

    const skipped = run(["--ring", "broad"], DAY_2);
    assert.strictEqual(skipped.code, 1);
    assert.strictEqual(fs.readFileSync(releaseFile, "utf8"), text);
    assert.strictEqual(
      skipped.err[0],
      "prod: refusing to release ring broad: the ring before it, pilot, does not run what it would get —",
    );
    const changed = skipped.err.filter((line) => line.startsWith("  - "));
    assert.strictEqual(changed.length, 1, skipped.err.join("\n"));
    assert.match(changed[0], new RegExp(`^  - platform [0-9a-f]{12}: pilot runs ${short(before.pilot.platform)}$`));
    assert.match(skipped.err.at(-1)!, /release it to pilot first .* pass --skip-earlier-rings$/);

    const urgent = run(["--ring", "broad", "--skip-earlier-rings"], DAY_2);
    assert.strictEqual(urgent.code, 0, urgent.err.join("\n"));
    const after = pins();
    assert.notStrictEqual(after.broad.platform, before.broad.platform);
    assert.deepStrictEqual(after.pilot, before.pilot, "the pilot is not touched by a release to broad");
  });

  it("--profile releases one profile and leaves the ring's others as they were", () => {
    assert.strictEqual(run(["--ring", "pilot"]).code, 0);
    // A baseline change: every profile's compile changes.
    const baseline = PROD.replace("    cleanupPeriodDays: 30\n", "    cleanupPeriodDays: 20\n");
    assert.notStrictEqual(baseline, PROD);
    const before = pins();
    fs.writeFileSync(stackFile, baseline);
    const one = run(["--ring", "pilot", "--profile", "platform"], DAY_2);
    assert.strictEqual(one.code, 0, one.err.join("\n"));
    const after = pins();
    assert.notStrictEqual(after.pilot.platform, before.pilot.platform);
    for (const p of ["contractor", "developer", "security-reviewer"])
      assert.strictEqual(after.pilot[p], before.pilot[p]);
  });

  it("refuses an unknown ring (listing the rings), a stack without rings, an unknown profile, and a tampered file", () => {
    const unknown = run(["--ring", "canary"]);
    assert.deepStrictEqual(
      [unknown.code, unknown.err],
      [1, [`${stackFile}: no ring "canary" — the stack's rings are pilot, broad`]],
    );
    assert.ok(!fs.existsSync(releaseFile));

    const profile = run(["--ring", "pilot", "--profile", "nobody"]);
    assert.strictEqual(profile.code, 1);
    assert.match(profile.err[0], /no profile "nobody" — the stack's profiles are contractor, developer, /);

    assert.strictEqual(run(["--ring", "pilot"]).code, 0);
    const tampered = fs
      .readFileSync(releaseFile, "utf8")
      .replace('"disableSkillShellExecution": true', '"disableSkillShellExecution": false');
    fs.writeFileSync(releaseFile, tampered);
    const refused = run(["--ring", "broad"]);
    assert.strictEqual(refused.code, 1);
    assert.match(refused.err[0], /refusing to build on a release file that does not check out/);
    assert.match(
      refused.err[1],
      /^ {2}- Pulumi\.prod\.release\.json: releases\.[a-z-]+\.[0-9a-f]{64}\.posix\.disableSkillShellExecution: /,
    );
    assert.strictEqual(fs.readFileSync(releaseFile, "utf8"), tampered, "a refused release writes nothing");

    const dev = path.join(dir, "Pulumi.dev.yaml");
    fs.copyFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), dev);
    stackFile = dev;
    const ringless = run(["--ring", "pilot"]);
    assert.strictEqual(ringless.code, 1);
    assert.match(ringless.err[0], /the stack has no rollout\.rings — every device runs the current compile/);
  });

  it("refuses a release the whole plan would refuse, writing nothing; other rings' missing releases do not count", () => {
    fs.writeFileSync(stackFile, PROD.replace(/^ {2}aws:allowedAccountIds: .*\n/m, ""));
    const refused = run(["--ring", "pilot"]);
    assert.deepStrictEqual(refused.err, [
      "prod: refusing to record ring pilot: the stack would not plan with it —",
      '  - aws:allowedAccountIds: must be ["210987654321"] (credentials.accountId), so the provider deploys only into the account the helpers name — set it in the stack file',
    ]);
    assert.strictEqual(refused.code, 1);
    assert.ok(!fs.existsSync(releaseFile));
  });

  it("compare-and-swap: a file changed by another release since this one read it is not overwritten (no ring lost)", () => {
    const text = '{"format":1}\n';
    fs.writeFileSync(releaseFile, "theirs");
    const created = writeReleaseFile(releaseFile, text, undefined);
    assert.strictEqual(
      created,
      "changed while this release ran (another npm run release?) — nothing written; run the command again on the file as it is now",
    );
    assert.strictEqual(writeReleaseFile(releaseFile, text, "mine")?.startsWith("changed while this release ran"), true);
    assert.strictEqual(fs.readFileSync(releaseFile, "utf8"), "theirs");
    fs.rmSync(releaseFile);
    assert.strictEqual(
      writeReleaseFile(releaseFile, text, "mine")?.startsWith("changed while"),
      true,
      "deleted meanwhile",
    );
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["Pulumi.prod.yaml"], "no temp file left");
    assert.strictEqual(writeReleaseFile(releaseFile, text, undefined), undefined);
    assert.strictEqual(fs.readFileSync(releaseFile, "utf8"), text);
  });

  it("a symbolic link as the release file: never read, never written through", () => {
    const target = path.join(dir, "elsewhere.json");
    fs.writeFileSync(target, "keep");
    fs.symlinkSync(target, releaseFile);
    assert.throws(
      () => run(["--ring", "pilot"]),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems[0].path === releaseFile &&
        /^is a symbolic link — the release file must be a regular file/.test(error.problems[0].message),
    );
    // Had the link appeared after the run read the file, the swap refuses it (the link is not what was read).
    assert.strictEqual(writeReleaseFile(releaseFile, "{}", undefined)?.startsWith("changed while"), true);
    assert.strictEqual(fs.readFileSync(target, "utf8"), "keep");
    assert.ok(fs.lstatSync(releaseFile).isSymbolicLink());
  });

  it("a folder it cannot write in: exit 1 naming the path, nothing written, no temp file left, someone else's left alone", () => {
    // Root writes anywhere, so the temp name is taken instead: the same refusal path as EACCES or EROFS.
    const taken = path.join(dir, `.Pulumi.prod.release.json.${process.pid}.tmp`);
    fs.mkdirSync(taken);
    const refused = run(["--ring", "pilot"]);
    assert.deepStrictEqual(
      [refused.code, refused.err],
      [
        1,
        [
          `${releaseFile}: cannot be written (EEXIST on ${taken}) — nothing written; the stack file's folder must be writable by this user and hold no .Pulumi.prod.release.json.${process.pid}.tmp`,
        ],
      ],
    );
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [path.basename(taken), "Pulumi.prod.yaml"]);
  });

  it("usage: a stack and --ring are required", () => {
    const missing = release([stackFile], { out: () => {}, err: () => {} });
    assert.strictEqual(missing, 2);
    const extra: string[] = [];
    assert.strictEqual(
      release([stackFile, "--ring", "pilot", "--force"], { out: () => {}, err: (l) => extra.push(l) }),
      2,
    );
    assert.match(extra[0], /Unknown option '--force'/);
  });
});
