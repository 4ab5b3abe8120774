import { BUONE_PRASSI, type CellValue, PRESENZE, REFERENTI, RIUNIONI } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import {
  appendRowIndex,
  columnIndex,
  findTab,
  headerColumns,
  idRows,
  lastDataRow,
  placeRow,
  presentIds,
  rowCells,
  rowsMissingId,
} from "./grid.ts";

/**
 * Riunioni as a coordinator leaves it: columns moved, headers retyped in other case and with
 * spaces, an extra column of their own, blank rows between meetings, and formatted but empty
 * rows at the bottom (exceljs and Google both hand those over as rows of empty cells).
 */
const HEADERS_BY_HAND: CellValue[] = ["TIPO", " data ", "Commenti del coordinatore", "id", "Inizio"];
const RIUNIONI_BY_HAND: CellValue[][] = [
  HEADERS_BY_HAND,
  ["Ordinaria", 46406, "portare i dati", "m-1", 0.4375],
  [null, null, null, null, null],
  [],
  ["Urgente", "02/02/2027", "", "  m-2  ", "15:30"],
  [null, null, "solo una nota", null, null],
  ["Ordinaria", 46500, null, 7, null],
  [null, null, null, null, null],
  ["", "   ", null],
  [],
];

describe("grid", () => {
  test("findTab() matches titles like the codecs match headers: case, accents, spaces", () => {
    const tabs = [{ title: "Foglio1" }, { title: "buone PRASSI " }, { title: "Riunioni" }];
    expect(findTab(tabs, "Buone prassi", (tab) => tab.title)?.title).toBe("buone PRASSI ");
    expect(findTab(tabs, "Referenti", (tab) => tab.title)).toBeUndefined();
    const sheets = [{ name: "Esiti Pubblicazioni" }];
    expect(findTab(sheets, "Esiti pubblicazioni", (sheet) => sheet.name)).toBe(sheets[0]);
  });

  test("headerColumns() and columnIndex() follow moved and recased headers and ignore extra columns", () => {
    expect(Object.fromEntries(headerColumns(RIUNIONI, HEADERS_BY_HAND))).toEqual({ kind: 0, date: 1, id: 3, startTime: 4 });
    expect(columnIndex(RIUNIONI, RIUNIONI_BY_HAND, "id")).toBe(3);
    expect(columnIndex(RIUNIONI, RIUNIONI_BY_HAND, "location")).toBeUndefined();
    // A duplicated header: the first one is the column.
    expect(columnIndex(BUONE_PRASSI, [["Titolo", "ID", "id"]], "id")).toBe(1);
    expect(columnIndex(BUONE_PRASSI, [], "id")).toBeUndefined();
  });

  test("idRows() and presentIds() see every ID wherever its row is, trimmed; numbers are not IDs", () => {
    expect(idRows(RIUNIONI, RIUNIONI_BY_HAND)).toEqual(
      new Map([
        ["m-1", 1],
        ["m-2", 4],
      ]),
    );
    expect(presentIds(RIUNIONI, RIUNIONI_BY_HAND)).toEqual(new Set(["m-1", "m-2"]));
    // The first row holding an ID is the one an upsert updates.
    expect(
      idRows(PRESENZE, [
        ["ID", "Risposta"],
        ["p-1", "Partecipo"],
        ["p-1", "Delego"],
      ])?.get("p-1"),
    ).toBe(1);
    // No ID column, or no tab: nothing can be decided about the rows.
    expect(idRows(BUONE_PRASSI, [["Titolo"], ["senza colonna ID"]])).toBeUndefined();
    expect(presentIds(BUONE_PRASSI, [["Titolo"], ["senza colonna ID"]])).toBeUndefined();
    expect(presentIds(BUONE_PRASSI, undefined)).toBeUndefined();
    expect(presentIds(BUONE_PRASSI, [["ID", "Titolo"]])).toEqual(new Set());
  });

  test("lastDataRow() and appendRowIndex() see past blank rows, count extra columns, skip trailing empty rows", () => {
    expect(lastDataRow(RIUNIONI_BY_HAND)).toBe(6);
    expect(appendRowIndex(RIUNIONI_BY_HAND)).toBe(7);
    expect(lastDataRow([["ID"], ["a"], [], [null, ""], [null, null, "nota"], []])).toBe(4);
    // Headers only, or not even those: new rows start under row 1.
    expect(lastDataRow([["ID", "Titolo"], [null, null], []])).toBe(0);
    expect(appendRowIndex([["ID", "Titolo"], [null, null], []])).toBe(1);
    expect(lastDataRow([])).toBe(-1);
    expect(appendRowIndex([])).toBe(1);
  });

  test("placeRow() puts each value under its header wherever it was moved, keeps null, drops undefined and unknown columns", () => {
    const columns = headerColumns(RIUNIONI, HEADERS_BY_HAND);
    const placed = placeRow(RIUNIONI, columns, {
      id: "m-5",
      date: 46406,
      kind: "Ordinaria",
      location: "Lugo",
      startTime: null,
      notes: undefined,
    });
    expect(placed.map(({ index, column, value }) => [index, column.key, column.type ?? "text", value])).toEqual([
      [3, "id", "text", "m-5"],
      [1, "date", "date", 46406],
      [4, "startTime", "time", null],
      [0, "kind", "text", "Ordinaria"],
    ]);
  });

  test("rowCells() lays a new row out under the headers, with every other cell empty", () => {
    const columns = headerColumns(RIUNIONI, HEADERS_BY_HAND);
    expect(rowCells(RIUNIONI, columns, { id: "m-5", date: 46406, kind: "Ordinaria", location: "Lugo", startTime: 0.4375 })).toEqual([
      "Ordinaria",
      46406,
      null,
      "m-5",
      0.4375,
    ]);
    // A null value is an empty cell like a missing one: the row ends at its last value.
    expect(rowCells(RIUNIONI, columns, { id: "m-6", startTime: null })).toEqual([null, null, null, "m-6"]);
  });

  test("rowsMissingId() skips blank rows and rows with only an extra column filled", () => {
    const grid = [
      ["Nome", "Cognome", "ID", "Mia colonna"],
      ["Sara", "Neri", null],
      [null, null, null, "solo una nota"],
      [],
      ["Luca", "Verdi", "r-3"],
      ["  ", "Bianchi", "  "],
      [null, null, null, null],
    ];
    expect(rowsMissingId(REFERENTI, grid)).toEqual([1, 5]);
    // A number in the ID cell is not an empty one: the coordinator's, left alone.
    expect(rowsMissingId(RIUNIONI, RIUNIONI_BY_HAND)).toEqual([]);
    expect(rowsMissingId(BUONE_PRASSI, [["Titolo"], ["senza colonna ID"]])).toEqual([]);
  });
});
