import { afterEach, beforeEach, expect, test } from "vitest";
import { RIUNIONI_HEADERS } from "../contract/store-contract.ts";
import { type GoogleWorkspace, googleDemoWorkspace } from "../support/google-workspace.ts";
import { runCli } from "../support/sheets-sync.ts";
import { icsLocalStart, scheduleFromLastDemoMeeting } from "./schedule-expectations.ts";

/** The same CLI on the Google store (through the Sheets double): init, check, schedule, token, ics. */

let gw: GoogleWorkspace;
beforeEach(async () => {
  gw = await googleDemoWorkspace();
});
afterEach(async () => {
  await gw.close();
});

test("init --demo, check, schedule, token and ics work on a Google Sheet", async () => {
  expect(gw.double.values("Referenti").length - 1).toBe(17);
  expect(gw.double.values("Riunioni")[0]).toEqual(RIUNIONI_HEADERS);

  const clean = await runCli(["check", ...gw.store], gw.env);
  expect(clean.code).toBe(0);
  expect(clean.stderr).toContain("nessun problema (17 referenti, 6 riunioni, 5 buone prassi)");

  const grid = gw.double.values("Riunioni");
  gw.double.setGrid("Riunioni", [...grid, ["bad-1", "31/02/2027"]]);
  const dirty = await runCli(["check", ...gw.store], gw.env);
  expect(dirty.code).toBe(1);
  expect(dirty.stdout.trim()).toBe(`Riunioni!B${grid.length + 1}: data non valida "31/02/2027"`);

  const expected = scheduleFromLastDemoMeeting(grid.slice(1).map((row) => row[1] ?? null));
  const scheduled = await runCli(["schedule", "--from", expected.from, "--count", "4", ...gw.store], gw.env);
  expect(scheduled.code).toBe(0);
  expect(scheduled.stdout.trim().split("\n")).toEqual(expected.lines);
  const appended = gw.double.values("Riunioni").filter((row) => row[4] === "Ordinaria" && row[5] === "Pianificata");
  expect(appended.length).toBeGreaterThanOrEqual(4);

  const token = await runCli(["token", "create", "--email", "sara.folli@lugo.esempio.it", ...gw.store], gw.env);
  expect(token.code).toBe(0);
  expect((await runCli(["token", "list", ...gw.store], gw.env)).stdout).toContain("sara.folli@lugo.esempio.it");

  const ics = await runCli(["ics", ...gw.store], gw.env);
  expect(ics.code).toBe(0);
  expect(ics.stdout).toContain(`DTSTART;TZID=Europe/Rome:${icsLocalStart(expected.added[0]!)}`);
});
