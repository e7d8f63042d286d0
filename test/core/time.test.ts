import { describe, expect, it } from "vitest";
import { dayjs, wallClock } from "../../src/core/time.js";

describe("wallClock", () => {
  it("gives the day and time dayjs gives, across zones, DST changes and midnight", () => {
    const zones = ["Asia/Seoul", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"];
    // Every 3h 7m for about three years: crosses DST both ways, month ends and leap day 2024.
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2026, 0, 1); t += 187 * 60_000) {
      const at = new Date(t);
      for (const tz of zones) {
        const expected = dayjs(at).tz(tz);
        expect(wallClock(at, tz)).toEqual({
          day: expected.format("YYYY-MM-DD"),
          time: expected.format("HH:mm"),
        });
      }
    }
  });

  it("reads ISO strings as the cases store them", () => {
    expect(wallClock("2026-11-30T15:30:00.000Z", "Asia/Seoul")).toEqual({ day: "2026-12-01", time: "00:30" });
  });
});
