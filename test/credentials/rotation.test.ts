import * as assert from "assert";
import { rotationWindow } from "../../components/plan/rotation";

describe("credentials: rotation window", () => {
  it("replaces the secret every half lifetime and lets each one live the full lifetime", () => {
    // 30 days → a new secret every 15 days (periods counted from 1970-01-01).
    assert.deepEqual(rotationWindow(new Date("2026-03-07T23:59:59Z"), 30), {
      period: 1367,
      periodStart: "2026-02-21",
      endDate: "2026-03-23T00:00:00Z",
      lastValidDay: "2026-03-22",
    });
    assert.deepEqual(rotationWindow(new Date("2026-03-08T00:00:00Z"), 30), {
      period: 1368,
      periodStart: "2026-03-08",
      endDate: "2026-04-07T00:00:00Z",
      lastValidDay: "2026-04-06",
    });
  });

  it("never lets a secret outlive the rotation days, for any day", () => {
    for (const days of [2, 7, 30, 31, 90]) {
      for (let offset = 0; offset < 120; offset++) {
        const today = new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000);
        const window = rotationWindow(today, days);
        const remaining = (Date.parse(window.endDate) - today.getTime()) / 86_400_000;
        assert.ok(
          remaining > days / 2 - 1 && remaining <= days,
          `${days} days, ${today.toISOString()}: ${remaining} days left`,
        );
      }
    }
  });

  it("rejects a lifetime too short to rotate", () => {
    assert.throws(
      () => rotationWindow(new Date("2026-03-08T00:00:00Z"), 1),
      /^Error: credentials\.machineSecretRotationDays: 1 is too short — use at least 2 days$/,
    );
  });
});
