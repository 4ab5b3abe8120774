import { expect, test } from "vitest";
import { clockFor, clockStartingAt, systemClock } from "./clock.ts";

test("clockStartingAt() reads the given instant at first, then runs on with real time", () => {
  let real = Date.parse("2026-12-01T08:00:00Z");
  const clock = clockStartingAt(new Date("2027-06-15T10:00:00+02:00"), { now: () => new Date(real) });
  expect(clock.now().toISOString()).toBe("2027-06-15T08:00:00.000Z");
  real += 90_000;
  expect(clock.now().toISOString()).toBe("2027-06-15T08:01:30.000Z");
});

test("clockFor() is the system clock unless SHEETS_SYNC_NOW set a start", () => {
  expect(clockFor({})).toBe(systemClock);
  const shifted = clockFor({ now: "2030-01-01T00:00:00+01:00" }).now();
  expect(shifted.getUTCFullYear()).toBe(2029);
  expect(shifted.getUTCMonth()).toBe(11);
});
