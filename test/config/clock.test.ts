import * as assert from "assert";
import { programClock, sourceDateEpochOfDay } from "../../components/config";

describe("config: the program clock", () => {
  const now = new Date("2030-01-01T00:00:00Z");

  it("reads SOURCE_DATE_EPOCH when set, otherwise now", () => {
    assert.equal(programClock(undefined, now), now);
    assert.equal(programClock("", now), now);
    assert.equal(programClock("1767225600", now).toISOString(), "2026-01-01T00:00:00.000Z");
  });

  it("refuses a SOURCE_DATE_EPOCH that is not whole seconds", () => {
    for (const bad of ["yesterday", "-1", "1.5", " 1"]) {
      assert.throws(() => programClock(bad, now), {
        message: `SOURCE_DATE_EPOCH="${bad}" is not a number of seconds since 1970 — unset it or fix it`,
      });
    }
  });

  it("turns synth's --date into midnight UTC of that day", () => {
    assert.deepEqual(sourceDateEpochOfDay("2027-01-15"), { epoch: "1799971200" });
    assert.equal(programClock("1799971200", now).toISOString(), "2027-01-15T00:00:00.000Z");
  });

  it("rejects a --date that is not a calendar day", () => {
    for (const bad of ["2027-02-30", "2027-1-15", "15.01.2027", "2027-01-15T00:00:00Z", ""]) {
      assert.deepEqual(sourceDateEpochOfDay(bad), {
        error: `--date "${bad}" is not a calendar day — write it as YYYY-MM-DD, e.g. 2027-01-15`,
      });
    }
  });
});
