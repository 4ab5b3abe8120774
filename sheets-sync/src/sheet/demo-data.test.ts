import { isoInstantToSerial } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { demoWorkbookRows } from "./demo-data.ts";

const stamps = (now: string) => demoWorkbookRows(new Date(now)).Presenze.map((row) => row.updatedAt);

test("the demo's answers were given today at 09:00 in Rome, or an hour ago before then: never in the future", () => {
  // 10:00 in Rome (CET): 09:00 the same morning.
  const late = stamps("2026-11-23T09:00:00Z");
  expect(late).toHaveLength(4);
  for (const stamp of late) expect(stamp).toBeCloseTo(isoInstantToSerial("2026-11-23T08:00:00Z"), 9);
  // 01:30 in Rome: 00:30, so a meeting moved later tonight asks for them again.
  for (const stamp of stamps("2026-11-23T00:30:00Z")) expect(stamp).toBeCloseTo(isoInstantToSerial("2026-11-22T23:30:00Z"), 9);
});
