import { afterEach, beforeEach, expect, test } from "vitest";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import { runCli } from "../support/sheets-sync.ts";
import { scheduleFromLastDemoMeeting } from "./schedule-expectations.ts";

/**
 * Two `schedule`s at once on a Google Sheet add each month once, as running them one after the
 * other would. The Sheets API has no transaction spanning the read that finds a month missing and
 * the append that adds it (https://developers.google.com/sheets/api/guides/concurrency: edits are
 * applied in order, nothing locks a range between calls), so the processes that share the state
 * dir take turns through a lease in the state database.
 */

let gw: GoogleWorkspace;
beforeEach(async () => {
  gw = await googleDemoWorkspace();
});
afterEach(async () => {
  await gw.close();
});

test("three schedule at once on Google add each month once", async () => {
  const grid = gw.double.values("Riunioni");
  const expected = scheduleFromLastDemoMeeting(grid.slice(1).map((row) => row[1] ?? null));
  const schedule = () => runCli(["schedule", "--from", expected.from, "--count", "4", ...gw.store], gw.env);
  const results = await Promise.all([schedule(), schedule(), schedule()]);
  expect(results.map((result) => result.code)).toEqual([0, 0, 0]);
  // One of them added the missing months, the others found them there.
  const added = String(expected.added.length);
  expect(results.map((result) => result.stderr.match(/(\d+) riuni/)?.[1]).sort()).toEqual(["0", "0", added]);
  expect(gw.double.values("Riunioni").length).toBe(grid.length + expected.added.length);
});
