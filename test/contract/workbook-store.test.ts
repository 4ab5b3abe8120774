import { readFile, rm, stat } from "node:fs/promises";
import { BASSA_ROMAGNA, type CellValue, type ColumnSpec, decodePresenze, plainDateToSerial, TABS, type TabName } from "@rete-urp/shared";
import { WorkbookStore } from "@rete-urp/sheets-sync";
import type ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DROPDOWN_ROWS, ENTI_DROPDOWN_ROWS } from "../../sheets-sync/src/stores/workbook/workbook-layout.ts";
import { letterOf, openWorkbook, validationsOf } from "../support/exceljs-view.ts";
import { tempWorkspace, type Workspace } from "../support/sheets-sync.ts";
import { readTab, writeTab } from "../support/workbook-files.ts";
import { savedValidationRanges } from "../support/xlsx-parts.ts";
import { describeStoreContract, PRESENZE_HEADERS } from "./store-contract.ts";

describeStoreContract("workbook store", async () => {
  const ws = await tempWorkspace();
  return {
    store: new WorkbookStore(ws.workbook),
    seed: (tab, grid) => writeTab(ws.workbook, tab, grid),
    stored: (tab) => readTab(ws.workbook, tab),
    cleanup: () => rm(ws.dir, { recursive: true, force: true }),
  };
});

/** The Ente dropdowns' source: the Enti tab's Ente column (A), from row 2. */
const ENTI_RANGE = `'Enti'!$A$2:$A$${ENTI_DROPDOWN_ROWS}`;

/** Each contract column with choices, by tab: what must have a dropdown (an Ente column's is the Enti tab's range). */
const DROPDOWNS = TABS.flatMap((spec) =>
  spec.columns.flatMap((column: ColumnSpec): { tab: string; header: string; choices: string | readonly string[] }[] =>
    column.choicesFromEnti
      ? [{ tab: spec.name, header: column.header, choices: ENTI_RANGE }]
      : column.choices
        ? [{ tab: spec.name, header: column.header, choices: column.choices }]
        : [],
  ),
);

/** The list a validation offers: its formula "a,b,c" without the quotes; a range as it is. */
const listOf = (rule: ExcelJS.DataValidation | undefined) => {
  if (!rule) return undefined;
  const formula = String(rule.formulae[0]);
  return formula.startsWith('"') ? formula.replace(/^"|"$/g, "").split(",") : formula;
};
const ten = BASSA_ROMAGNA.map((ente) => ente.name);

describe("workbook store: what only the workbook has", () => {
  let ws: Workspace;
  let store: WorkbookStore;
  beforeEach(async () => {
    ws = await tempWorkspace();
    store = new WorkbookStore(ws.workbook);
  });
  afterEach(async () => {
    await store.close();
    await rm(ws.dir, { recursive: true, force: true });
  });

  test("init() freezes every header row and puts a dropdown on every column with fixed words, rows 2 to DROPDOWN_ROWS", async () => {
    await store.init();
    const workbook = await openWorkbook(ws.workbook);
    for (const spec of TABS) {
      const sheet = workbook.getWorksheet(spec.name)!;
      expect(sheet.views[0], spec.name).toMatchObject({ state: "frozen", ySplit: 1 });
    }
    expect(DROPDOWNS.map(({ tab, header }) => `${tab}!${header}`)).toEqual([
      "Referenti!Ente",
      "Referenti!Ruolo",
      "Referenti!Attivo",
      "Riunioni!Tipo",
      "Riunioni!Stato",
      "Buone prassi!Ente",
      "Presenze!Ente",
      "Presenze!Risposta",
      "Proposte!Ente",
      "Proposte!Stato",
      "Esiti pubblicazioni!Ente",
      "Esiti pubblicazioni!Stato",
      "Azioni!Stato",
      "Enti!Tipo",
      "Enti!Attivo",
      "Progetti!Capofila",
      "Progetti!Stato",
      "Aggiornamenti!Ente",
    ]);
    for (const { tab, header, choices } of DROPDOWNS) {
      const sheet = workbook.getWorksheet(tab)!;
      const letter = letterOf(sheet, header);
      const rule = validationsOf(sheet)[`${letter}2`];
      expect(rule, `${tab}!${header}`).toMatchObject({ type: "list", allowBlank: true, showErrorMessage: true, errorStyle: "warning" });
      expect(listOf(rule)).toEqual(typeof choices === "string" ? choices : [...choices]);
      expect(validationsOf(sheet)[`${letter}${DROPDOWN_ROWS}`]).toEqual(rule);
      expect(validationsOf(sheet)[`${letter}1`]).toBeUndefined();
      expect(validationsOf(sheet)[`${letter}${DROPDOWN_ROWS + 1}`]).toBeUndefined();
    }
    expect(listOf(validationsOf(workbook.getWorksheet("Referenti")!).D2)).toBe(ENTI_RANGE);
    // Saved as one range per column, none overlapping (Excel calls overlapping ones damage).
    expect(await savedValidationRanges(ws.workbook, 1)).toEqual(["D2:D300", "E2:E300", "H2:H300"]);
  });

  test("the Ente dropdowns follow the Enti tab: a range over its Ente column wherever it is, replacing the ten names init once wrote, not the person's own list", async () => {
    // A workbook from before the Enti tab: Referenti's Ente with init's old list of ten, Buone prassi's with the coordinator's own.
    await writeTab(ws.workbook, "Referenti", [["ID", "Nome", "Cognome", "Ente", "Ruolo", "Email"]]);
    await writeTab(ws.workbook, "Buone prassi", [["ID", "Data", "Titolo", "Descrizione", "Link", "Estratto", "Tag", "Ente"]]);
    const old = await openWorkbook(ws.workbook);
    const fixed: ExcelJS.DataValidation = { type: "list", allowBlank: true, formulae: [`"${ten.join(",")}"`] };
    const own: ExcelJS.DataValidation = { type: "list", allowBlank: true, formulae: ['"Lugo,Unione"'] };
    for (let row = 2; row <= 40; row++) {
      old.getWorksheet("Referenti")!.getCell(`D${row}`).dataValidation = fixed;
      old.getWorksheet("Buone prassi")!.getCell(`H${row}`).dataValidation = own;
    }
    await old.xlsx.writeFile(ws.workbook);
    // An Enti tab whose Ente column the coordinator put second.
    await writeTab(ws.workbook, "Enti", [
      ["Tipo", "Ente", "Sito"],
      ["Comune", "Faenza", "https://www.comune.faenza.ra.it"],
    ]);

    await store.init();
    const workbook = await openWorkbook(ws.workbook);
    const referenti = validationsOf(workbook.getWorksheet("Referenti")!);
    expect(listOf(referenti.D2)).toBe(`'Enti'!$B$2:$B$${ENTI_DROPDOWN_ROWS}`);
    expect(listOf(referenti.D40)).toBe(`'Enti'!$B$2:$B$${ENTI_DROPDOWN_ROWS}`);
    expect(listOf(validationsOf(workbook.getWorksheet("Buone prassi")!).H2)).toEqual(["Lugo", "Unione"]);
    // What the range covers is the tab's list.
    expect(workbook.getWorksheet("Enti")!.getCell("B2").value).toBe("Faenza");
  });

  test("a second init() leaves the file as it is", async () => {
    await store.init();
    const before = await readFile(ws.workbook);
    const mtime = (await stat(ws.workbook)).mtimeMs;
    expect(await store.init()).toEqual({ createdTabs: [], addedHeaders: [] });
    expect((await stat(ws.workbook)).mtimeMs).toBe(mtime);
    expect(await readFile(ws.workbook)).toEqual(before);
  });

  test("init() on an existing workbook adds the frozen header and the missing dropdowns, keeping data and the person's own dropdown", async () => {
    const grid: CellValue[][] = [
      ["ID", "Data", "Tipo", "Stato", "Mia colonna"],
      ["m-1", plainDateToSerial({ year: 2027, month: 1, day: 19 }), "Ordinaria", "Confermata", "nota"],
      ["m-2", "16/03/2027", "Urgente", "", ""],
    ];
    await writeTab(ws.workbook, "Riunioni", grid);
    // The coordinator's own list on Stato (column D), and a zoom they chose.
    const mine = await openWorkbook(ws.workbook);
    const own: ExcelJS.DataValidation = { type: "list", allowBlank: true, formulae: ['"Confermata,Annullata"'] };
    for (let row = 2; row <= 50; row++) mine.getWorksheet("Riunioni")!.getCell(`D${row}`).dataValidation = own;
    mine.getWorksheet("Riunioni")!.views = [{ state: "normal", zoomScale: 130 }];
    await mine.xlsx.writeFile(ws.workbook);

    await store.init();
    const workbook = await openWorkbook(ws.workbook);
    const sheet = workbook.getWorksheet("Riunioni")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1, zoomScale: 130 });
    expect(listOf(validationsOf(sheet).C2)).toEqual(["Ordinaria", "Urgente"]);
    expect(listOf(validationsOf(sheet).D2)).toEqual(["Confermata", "Annullata"]);
    expect(validationsOf(sheet).D51).toBeUndefined();
    const stored = await readTab(ws.workbook, "Riunioni");
    expect(stored.slice(0, 3).map((row) => row.slice(0, 5).map((cell) => cell.value))).toEqual(grid);
  });

  test("the store's own writes keep the dropdowns and the frozen header; rows appended past the dropdowns' range take the row above's", async () => {
    await store.init();
    // A tab full to the last row init covered: the next rows go past it.
    const rows: CellValue[][] = [PRESENZE_HEADERS];
    for (let i = 1; i < DROPDOWN_ROWS; i++) rows.push([`a-${i}`, "m-1", null, `p${i}@esempio.it`, null, "Lugo", "Partecipo", null, null]);
    const book = await openWorkbook(ws.workbook);
    const presenze = book.getWorksheet("Presenze")!;
    rows.forEach((cells, r) => {
      cells.forEach((value, c) => {
        if (value !== null && r > 0) presenze.getCell(r + 1, c + 1).value = value;
      });
    });
    await book.xlsx.writeFile(ws.workbook);

    await store.append("Presenze", [{ id: "a-new", meetingId: "m-1", email: "new@esempio.it", answer: "Delego" }]);
    await store.upsert("Presenze", [
      { id: "a-1", answer: "Non partecipo" },
      { id: "a-fresh", meetingId: "m-1", email: "fresh@esempio.it", answer: "Partecipo" },
    ]);
    await store.updateCells("Presenze", [{ id: "a-2", meetingDate: plainDateToSerial({ year: 2027, month: 1, day: 19 }) }]);
    await store.append("Riunioni", [{ id: "m-1", date: plainDateToSerial({ year: 2027, month: 1, day: 19 }), kind: "Ordinaria" }]);

    const workbook = await openWorkbook(ws.workbook);
    for (const name of ["Presenze", "Riunioni", "Referenti"] satisfies TabName[]) {
      expect(workbook.getWorksheet(name)!.views[0], name).toMatchObject({ state: "frozen", ySplit: 1 });
    }
    const sheet = workbook.getWorksheet("Presenze")!;
    const model = validationsOf(sheet);
    for (const row of [2, DROPDOWN_ROWS, DROPDOWN_ROWS + 1, DROPDOWN_ROWS + 2]) {
      expect(listOf(model[`G${row}`]), `G${row}`).toEqual(["Partecipo", "Non partecipo", "Delego"]);
      expect(listOf(model[`F${row}`]), `F${row}`).toBe(ENTI_RANGE);
      expect(model[`A${row}`]).toBeUndefined();
    }
    expect(sheet.getCell(`A${DROPDOWN_ROWS + 1}`).value).toBe("a-new");
    expect(sheet.getCell(`A${DROPDOWN_ROWS + 2}`).value).toBe("a-fresh");
    expect(decodePresenze(await store.readTab("Presenze")).records).toHaveLength(DROPDOWN_ROWS + 1);
    expect(await savedValidationRanges(ws.workbook, 5)).toEqual([`F2:F${DROPDOWN_ROWS + 2}`, `G2:G${DROPDOWN_ROWS + 2}`]);
  });

  test("an answer's time is a date-time cell showing Rome's wall clock", async () => {
    await store.init();
    // 08:05 UTC on 15 July is 10:05 in Rome (summer time).
    const serial = plainDateToSerial({ year: 2026, month: 7, day: 15 }) + (10 * 60 + 5) / 1440;
    await store.upsert("Presenze", [{ id: "a-1", meetingId: "m-1", email: "a@esempio.it", answer: "Partecipo", updatedAt: serial }]);
    const cell = (await openWorkbook(ws.workbook)).getWorksheet("Presenze")!.getCell("I2");
    expect(cell.numFmt).toBe("dd/mm/yyyy hh:mm");
    // exceljs gives a date cell as a Date whose UTC fields are the wall-clock time.
    expect((cell.value as Date).toISOString()).toBe("2026-07-15T10:05:00.000Z");
    expect(decodePresenze(await store.readTab("Presenze")).records[0]!.updatedAt).toBe("2026-07-15T08:05:00.000Z");
  });
});
