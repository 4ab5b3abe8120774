import { rm } from "node:fs/promises";
import { buildAttendance, type ColumnSpec, encodeAttendance, referencesOf, TABS } from "@rete-urp/shared";
import { decodeSheet, WorkbookStore } from "@rete-urp/sheets-sync";
import type ExcelJS from "exceljs";
import { afterEach, expect, test } from "vitest";
import { DROPDOWN_ROWS, ENTI_DROPDOWN_ROWS } from "../../sheets-sync/src/stores/workbook/workbook-layout.ts";
import { letterOf, openWorkbook, validationsOf } from "../support/exceljs-view.ts";
import { libreOfficeAvailable } from "../support/libreoffice.ts";
import { inspectInLibreOffice, listWords } from "../support/libreoffice-layout.ts";
import { demoWorkspace, runCli, type Workspace } from "../support/sheets-sync.ts";
import { savedValidationRanges } from "../support/xlsx-parts.ts";

/**
 * Issue 11.3 with LibreOffice itself: the dropdowns and the frozen header `init` gives the
 * workbook are what LibreOffice shows; its save keeps the dropdowns and every value (the answers'
 * date-time cells to the millisecond); the service reads the saved file as before and its own
 * writes keep the layout.
 *
 * LibreOffice here runs headless (Debian's libreoffice-calc-nogui): it reads the frozen pane,
 * but with no window it writes no view settings on save, so its save drops the frozen pane
 * (LibreOffice with a window keeps it). The service's next write puts it back, and `init` then
 * finds nothing to change; that is what this test checks after the save.
 *
 * Needs `soffice` and python3-uno: `npm test` checks for them first and says how to get them.
 */

if (!libreOfficeAvailable())
  throw new Error("LibreOffice (soffice, python3-uno) is required: sudo apt-get install -y libreoffice-calc-nogui python3-uno");

let ws: Workspace | undefined;
afterEach(async () => {
  if (ws) await rm(ws.dir, { recursive: true, force: true });
  ws = undefined;
});

/** The Ente dropdowns' source, quotes aside: the Enti tab's Ente column (A) from row 2. */
const ENTI_SOURCE = `Enti!$A$2:$A$${ENTI_DROPDOWN_ROWS}`;

/** Each contract column with fixed words, or an Ente column (the Enti tab's range): where a dropdown must be. */
const DROPDOWNS = TABS.flatMap((spec) =>
  spec.columns.flatMap((column: ColumnSpec): { tab: string; header: string; choices: string | string[] }[] =>
    column.choicesFromEnti
      ? [{ tab: spec.name, header: column.header, choices: ENTI_SOURCE }]
      : column.choices
        ? [{ tab: spec.name, header: column.header, choices: [...column.choices] }]
        : [],
  ),
);

/** A list's words, or a range's address without its quotes. */
const wordsOf = (rule: ExcelJS.DataValidation | undefined) => {
  if (!rule) return undefined;
  const formula = String(rule.formulae[0]);
  return formula.startsWith('"') ? formula.replace(/^"|"$/g, "").split(",") : formula.replace(/'/g, "");
};

/** Every dropdown in rows 2 and `lastRow` as exceljs reads the file: tab!header → [words in row 2, words in lastRow]. */
async function dropdownsInFile(path: string, lastRow: number) {
  const workbook = await openWorkbook(path);
  return Object.fromEntries(
    DROPDOWNS.map(({ tab, header }) => {
      const sheet = workbook.getWorksheet(tab)!;
      const letter = letterOf(sheet, header);
      return [`${tab}!${header}`, [wordsOf(validationsOf(sheet)[`${letter}2`]), wordsOf(validationsOf(sheet)[`${letter}${lastRow}`])]];
    }),
  );
}

const expectedDropdowns = Object.fromEntries(DROPDOWNS.map(({ tab, header, choices }) => [`${tab}!${header}`, [choices, choices]]));

test("init's dropdowns and frozen header are LibreOffice's; its save keeps the dropdowns and the data; the service's next write brings back the frozen header it drops", async () => {
  ws = await demoWorkspace();
  const store = new WorkbookStore(ws.workbook);
  // An answer given at a moment with milliseconds, in summer: its date-time cell must come back to the millisecond.
  const me = { email: "sara.folli@lugo.esempio.it", firstName: "Sara", lastName: "Folli", ente: "Lugo", role: "Referente" } as const;
  const answer = buildAttendance("a-ms", "m-1", { answer: "yes" }, me, new Date("2026-07-15T08:05:07.123Z"));
  await store.upsert("Presenze", [encodeAttendance(answer, referencesOf([{ id: "m-1", date: { year: 2026, month: 7, day: 21 } }], []))]);
  const before = decodeSheet(await store.readAll());
  expect(before.problems).toEqual([]);
  expect(before.attendance).toContainEqual(answer);

  // 1. What LibreOffice sees of the file init made; then the coordinator's Ctrl+S.
  const seen = await inspectInLibreOffice(ws.workbook, { lastRow: DROPDOWN_ROWS, save: true });
  for (const spec of TABS) expect([spec.name, seen[spec.name]!.frozen, seen[spec.name]!.splitRow]).toEqual([spec.name, true, 1]);
  for (const { tab, header, choices } of DROPDOWNS) {
    const column = seen[tab]!.columns[header]!;
    for (const cell of [column.row2, column.lastRow]) {
      expect(cell, `${tab}!${header}`).toMatchObject({ type: "LIST", errorStyle: "WARNING", showError: true });
      // LibreOffice names a range its own way ($Enti.$A$2:$A$101): compared on the tab and the cells.
      if (typeof choices === "string") expect(cell!.formula.replace(/[$'.!]/g, "")).toBe(choices.replace(/[$'.!]/g, ""));
      else expect(listWords(cell!.formula)).toEqual(choices);
    }
  }
  const withDropdown = new Set(DROPDOWNS.map(({ tab, header }) => `${tab}!${header}`));
  for (const spec of TABS) {
    for (const column of spec.columns) {
      if (!withDropdown.has(`${spec.name}!${column.header}`)) expect(seen[spec.name]!.columns[column.header]!.row2).toBeNull();
    }
  }

  // 2. The file LibreOffice saved: the dropdowns are there for exceljs too, and the service reads the same data.
  expect(await dropdownsInFile(ws.workbook, DROPDOWN_ROWS)).toEqual(expectedDropdowns);
  const afterSave = decodeSheet(await store.readAll());
  expect(afterSave).toEqual(before);

  // 3. The service's own writes on the saved file bring the frozen header back, and keep the dropdowns, on their new rows too.
  await store.append("Buone prassi", [{ id: "p-nuova", date: 46406, title: "Dopo LibreOffice", ente: "Lugo" }]);
  await store.upsert("Presenze", [{ id: "a-nuova", meetingId: "m-1", email: "nuova@esempio.it", answer: "Partecipo" }]);
  let workbook = await openWorkbook(ws.workbook);
  for (const spec of TABS)
    expect([spec.name, workbook.getWorksheet(spec.name)!.views[0]]).toMatchObject([spec.name, { state: "frozen", ySplit: 1 }]);
  expect(await dropdownsInFile(ws.workbook, DROPDOWN_ROWS)).toEqual(expectedDropdowns);
  // 4. init on it then finds nothing to add or change.
  const init = await runCli(["init", "--workbook", ws.workbook, "--state-dir", ws.stateDir]);
  expect(init.code).toBe(0);
  expect(init.stdout).not.toMatch(/creata|aggiunta/);
  const ranges = await savedValidationRanges(ws.workbook, 1);
  workbook = await openWorkbook(ws.workbook);
  for (const spec of TABS)
    expect([spec.name, workbook.getWorksheet(spec.name)!.views[0]]).toMatchObject([spec.name, { state: "frozen", ySplit: 1 }]);
  expect(ranges).toEqual(["D2:D300", "E2:E300", "H2:H300"]);

  const prassi = workbook.getWorksheet("Buone prassi")!;
  let newRow = 0;
  prassi.eachRow((row, number) => {
    if (row.getCell(1).value === "p-nuova") newRow = number;
  });
  expect(wordsOf(validationsOf(prassi)[`${letterOf(prassi, "Ente")}${newRow}`])).toEqual(
    DROPDOWNS.find((d) => d.tab === "Buone prassi")!.choices,
  );
  const final = decodeSheet(await store.readAll());
  expect(final.problems).toEqual([]);
  expect(final.practices.map((practice) => practice.id)).toContain("p-nuova");
  expect(final.attendance).toContainEqual(answer);

  // 5. And LibreOffice sees the frozen header again, and the dropdown on the row the service added.
  const again = await inspectInLibreOffice(ws.workbook, { lastRow: newRow });
  for (const spec of TABS) expect([spec.name, again[spec.name]!.frozen]).toEqual([spec.name, true]);
  expect(again["Buone prassi"]!.columns.Ente!.lastRow).toMatchObject({ type: "LIST", errorStyle: "WARNING" });
  await store.close();
}, 300_000);
